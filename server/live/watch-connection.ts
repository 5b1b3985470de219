import type { WebSocket } from 'ws';
import { decodeIngestMessage, encode, errorReply } from '../../src/protocol/index.js';
import type { Principal } from '../auth/tokens.js';
import type { Feed } from './feed.js';

/** Reads `since` and `epoch` from a `/watch` URL; a malformed `since` is treated as absent (fresh snapshot). */
export function resumePoint(url: URL): { since?: number; epoch?: string } {
  const since = Number(url.searchParams.get('since') ?? Number.NaN);
  const epoch = url.searchParams.get('epoch') ?? undefined;
  return {
    ...(Number.isInteger(since) && since >= 0 ? { since } : {}),
    ...(epoch ? { epoch } : {}),
  };
}

/** Serves one console or wall on `/watch`: the feed out; actions in (answered with ack or error). */
export function handleWatchConnection(ws: WebSocket, _principal: Principal, url: URL, feed: Feed): void {
  feed.attach(ws, resumePoint(url));
  ws.on('message', (data, isBinary) => {
    // Actions arrive with the escalation engine; until then every frame gets a clear refusal.
    const decoded = decodeIngestMessage(data as Buffer, isBinary);
    const id = decoded.ok ? decoded.value.id : decoded.id;
    ws.send(encode(errorReply(id, 'UNKNOWN_TYPE', 'this collector accepts no actions on /watch yet')));
  });
}
