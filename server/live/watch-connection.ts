import type { WebSocket } from 'ws';
import { errorFields, type Logger } from '../../src/log/logger.js';
import {
  ack,
  decodeWatchRequest,
  encodeServerMessage,
  errorReply,
  FULL_HISTORY_PARAM,
  type HistoryReply,
  type HistoryRequest,
  PROTOCOL_VERSION,
  type Welcome,
} from '../../src/protocol/index.js';
import type { performAction } from '../alerts/actions.js';
import type { Principal } from '../auth/tokens.js';
import { storageFailure } from '../db/storage-status.js';
import { createFloodCutOff } from '../ingest/flood-cut-off.js';
import type { RateLimiter } from '../ingest/rate-limit.js';
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
  /** Per-token limit on actions (real time): a flood of durable actions would starve ingest. */
  limiter?: RateLimiter;
  /** Called when the console is cut off for ignoring its rate limit. */
  onCutOff?: () => void;
  /** Carries out an action for this principal (bound to the engine and the clock by the collector). */
  act: (action: Parameters<typeof performAction>[0], who: Principal) => ReturnType<typeof performAction>;
  logger: Logger;
  version: string;
};

/**
 * Serves one console, wall or relay on `/watch`: the feed out; actions in, each answered with an ack (after its
 * changes are committed) or an error with a stable code; and reads (`history.get`), answered from the live
 * picture under the same rate limit. The console holds no authority of its own.
 */
export function handleWatchConnection(ws: WebSocket, principal: Principal, url: URL, deps: WatchDeps): void {
  const welcome: Welcome = {
    v: PROTOCOL_VERSION,
    type: 'welcome',
    token: principal.name,
    role: principal.role,
    person: principal.person ?? null,
    version: deps.version,
  };
  ws.send(encodeServerMessage(welcome));
  deps.feed.attach(ws, resumePoint(url), wantsFullHistory(url));
  const flood = createFloodCutOff(ws, () => deps.onCutOff?.());
  ws.on('message', (data, isBinary) => {
    // An action that arrives after the collector began closing (token revoked) is not carried out.
    if (flood.isCutOff || ws.readyState !== ws.OPEN) return;
    const decoded = decodeWatchRequest(data as Buffer, isBinary);
    if (!decoded.ok) {
      ws.send(encodeServerMessage(errorReply(decoded.id, decoded.code, decoded.message, decoded.path)));
      return;
    }
    const action = decoded.value;
    if (deps.limiter && !deps.limiter.take(principal.name, 1, Date.now())) {
      const text = 'this console is sending actions faster than its rate limit; slow down and resend';
      ws.send(encodeServerMessage(errorReply(action.id, 'RATE_LIMITED', text)));
      // Like a source, a console that ignores the refusals is cut off.
      flood.refused();
      return;
    }
    flood.passed();
    if (action.type === 'history.get') {
      ws.send(encodeServerMessage(historyReply(action, deps.feed)));
      return;
    }
    try {
      const result = deps.act(action, principal);
      if (result !== 'duplicate') deps.feed.publishFeed(result);
      ws.send(encodeServerMessage(ack(action.id, result === 'duplicate')));
    } catch (error) {
      if (error instanceof Refusal) {
        ws.send(encodeServerMessage(errorReply(action.id, error.code, error.message, error.path)));
        return;
      }
      deps.logger.error('watch.action_failed', {
        token: principal.name,
        type: action.type,
        ...errorFields(error),
      });
      const failure = storageFailure(error);
      const code = failure === 'full' ? 'STORAGE_FULL' : failure === 'error' ? 'STORAGE_ERROR' : 'INTERNAL';
      ws.send(
        encodeServerMessage(
          errorReply(action.id, code, 'the collector could not carry out this action; nothing changed'),
        ),
      );
    }
  });
}

/** Whether a `/watch` URL asks for snapshots with every station's whole history (`?history=full`: relays). */
export function wantsFullHistory(url: URL): boolean {
  return url.searchParams.get(FULL_HISTORY_PARAM.name) === FULL_HISTORY_PARAM.value;
}

// A read: answered from the live picture, nothing written. A station the county does not have is named back.
function historyReply(request: HistoryRequest, feed: Feed) {
  const found = feed.stationHistory(request.station);
  if (!found) {
    return errorReply(
      request.id,
      'UNKNOWN_REFERENCE',
      `station: no station "${request.station}" in this county; check the code in the station list`,
      'station',
    );
  }
  const reply: HistoryReply = {
    v: PROTOCOL_VERSION,
    type: 'history',
    id: request.id,
    station: request.station,
    seq: found.seq,
    history: found.history,
  };
  return reply;
}
