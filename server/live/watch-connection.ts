import type { WebSocket } from 'ws';
import { ack, decodeAction, encode, errorReply, PROTOCOL_VERSION } from '../../src/protocol/index.js';
import type { performAction } from '../alerts/actions.js';
import type { Principal } from '../auth/tokens.js';
import type { Logger } from '../log.js';
import { Refusal } from '../refusal.js';
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

export type WatchDeps = {
  feed: Feed;
  /** Carries out an action for this principal (bound to the engine and the clock by the collector). */
  act: (action: Parameters<typeof performAction>[0], who: Principal) => ReturnType<typeof performAction>;
  logger: Logger;
  version: string;
};

/**
 * Serves one console or wall on `/watch`: the feed out; actions in, each answered with an ack (after its
 * changes are committed) or an error with a stable code. The console holds no authority of its own.
 */
export function handleWatchConnection(ws: WebSocket, principal: Principal, url: URL, deps: WatchDeps): void {
  const welcome = {
    v: PROTOCOL_VERSION,
    type: 'welcome',
    token: principal.name,
    role: principal.role,
    person: principal.person ?? null,
    version: deps.version,
  };
  ws.send(JSON.stringify(welcome));
  deps.feed.attach(ws, resumePoint(url));
  ws.on('message', (data, isBinary) => {
    const decoded = decodeAction(data as Buffer, isBinary);
    if (!decoded.ok) {
      ws.send(encode(errorReply(decoded.id, decoded.code, decoded.message, decoded.path)));
      return;
    }
    const action = decoded.value;
    try {
      const result = deps.act(action, principal);
      if (result !== 'duplicate') deps.feed.publishFeed(result);
      ws.send(encode(ack(action.id, result === 'duplicate')));
    } catch (error) {
      if (error instanceof Refusal) {
        ws.send(encode(errorReply(action.id, error.code, error.message, error.path)));
        return;
      }
      deps.logger.error('watch.action_failed', {
        token: principal.name,
        type: action.type,
        error: String(error),
      });
      const code = (error as { code?: unknown }).code === 'SQLITE_FULL' ? 'STORAGE_FULL' : 'INTERNAL';
      ws.send(
        encode(errorReply(action.id, code, 'the collector could not carry out this action; nothing changed')),
      );
    }
  });
}
