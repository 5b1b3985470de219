import type { BackoffOptions } from '../client/backoff.js';
import { connectWatch, type WatchConnection } from '../client/watch-connection.js';
import type { Logger } from '../log/logger.js';
import type { FeedChange, ServerMessage, Snapshot } from '../protocol/index.js';
import type { Action } from '../state/actions.js';
import { initialWatchState, type WatchState } from '../state/watch-state.js';
import type { FeedCursor } from './spool.js';
import { snapshotChanges } from './translate.js';

/** Where the county is, and what to do with its feed. */
export type CountyFeedOptions = {
  url: string;
  token: string;
  ca?: Buffer;
  logger: Logger;
  /** The county's ping interval (default 15 s); silence for 2.5 times this ends the link. */
  heartbeatMs?: number;
  backoff?: BackoffOptions;
  /** A refused token (401/403) is tried again after this long, in case a person fixed it (default 60 s). */
  refusedRetryMs?: number;
  /** The position up to which everything is kept (the spool's cursor); undefined at the very first start. */
  cursor(): FeedCursor | undefined;
  /**
   * Keeps the changes of one snapshot or delta and moves the cursor to `next`, durably, or throws. After a throw
   * the feed is resumed from the old cursor, so the same changes come again.
   */
  take(changes: FeedChange[], next: FeedCursor, source: 'snapshot' | 'delta'): void;
  /** Told when the county link comes up, goes down, or refuses the token. */
  onLink?(status: 'up' | 'down' | 'refused'): void;
  /** Shown each snapshot before its changes are taken: what the county's config says of its places. */
  onSnapshot?(snapshot: Snapshot): void;
};

/** The county's feed as the relay reads it. */
export type CountyFeed = {
  /** Cuts the link as a network failure would; it then resumes from the cursor (tests, drills). */
  drop(): void;
  close(): Promise<void>;
};

/**
 * Follows the county's `/watch` feed with {@link connectWatch} (reconnects, backoff, liveness), resuming from the
 * spool's cursor rather than from memory: a delta is taken only when it is the next one after the cursor, a
 * snapshot always (it is the whole truth; the spool drops what it already has), and anything else — a gap, a
 * new epoch, a clock ahead of the cursor — asks the county to resume from the cursor, which sends the missing
 * deltas or a resync snapshot.
 */
export function watchCounty(options: CountyFeedOptions): CountyFeed {
  const { logger } = options;
  const refusedRetryMs = options.refusedRetryMs ?? 60_000;
  let needsResync = false;
  let isUp = false;
  let isClosed = false;
  let retryTimer: NodeJS.Timeout | undefined;

  // connectWatch reads only the position and the resync flag; the rest of the picture is not needed here.
  function getState(): WatchState {
    const cursor = options.cursor();
    return { ...initialWatchState, seq: cursor?.seq, epoch: cursor?.epoch, needsResync };
  }

  function keep(changes: FeedChange[], next: FeedCursor, source: 'snapshot' | 'delta'): void {
    try {
      options.take(changes, next, source);
    } catch (error) {
      logger.error('relay.spool_error', { reason: String(error), seq: next.seq });
      needsResync = true;
    }
  }

  function onServer(msg: ServerMessage): void {
    const cursor = options.cursor();
    switch (msg.type) {
      case 'welcome':
        logger.info('relay.county_welcome', { token: msg.token, role: msg.role, version: msg.version });
        return;
      case 'snapshot':
        options.onSnapshot?.(msg);
        keep(snapshotChanges(msg), { epoch: msg.epoch, seq: msg.seq }, 'snapshot');
        return;
      case 'delta':
        if (!cursor || msg.epoch !== cursor.epoch || msg.seq > cursor.seq + 1) {
          needsResync = true;
          return;
        }
        if (msg.seq <= cursor.seq) return;
        keep(msg.changes, { epoch: msg.epoch, seq: msg.seq }, 'delta');
        return;
      case 'clock':
        if (cursor && msg.seq > cursor.seq) needsResync = true;
        return;
      case 'ack':
      case 'error':
        return;
    }
  }

  function dispatch(action: Action): void {
    if (isClosed) return;
    switch (action.type) {
      case 'server':
        onServer(action.msg);
        return;
      case 'conn.connecting':
        // A fresh connection resumes from the cursor: whatever asked for the resync is answered by it.
        needsResync = false;
        return;
      case 'conn.live':
        isUp = true;
        logger.info('relay.county_up', { url: options.url, since: options.cursor()?.seq ?? 'none' });
        options.onLink?.('up');
        return;
      case 'conn.lost':
        if (isUp) {
          logger.warn('relay.county_down', { reason: action.reason });
          options.onLink?.('down');
        } else {
          logger.warn('relay.county_unreachable', { url: options.url, reason: action.reason });
        }
        isUp = false;
        return;
      case 'conn.refused':
        isUp = false;
        logger.error('relay.county_refused', {
          status: action.httpStatus,
          reason: action.reason,
          retry_s: refusedRetryMs / 1000,
        });
        options.onLink?.('refused');
        clearTimeout(retryTimer);
        retryTimer = setTimeout(reopen, refusedRetryMs);
        return;
      case 'conn.offline':
        return;
    }
  }

  function open(): WatchConnection {
    return connectWatch({
      url: options.url,
      token: options.token,
      ...(options.ca ? { ca: options.ca } : {}),
      ...(options.heartbeatMs !== undefined ? { heartbeatMs: options.heartbeatMs } : {}),
      ...(options.backoff ? { backoff: options.backoff } : {}),
      dispatch,
      getState,
      // Every reading it missed goes upward: a thinned snapshot would leave the older day's readings behind.
      fullHistory: true,
      onWarning: (message) => logger.warn('relay.county_warning', { message }),
    });
  }

  let connection = open();

  function reopen(): void {
    if (isClosed) return;
    const old = connection;
    connection = open();
    void old.close();
  }

  return {
    drop: () => connection.drop(),
    async close() {
      isClosed = true;
      clearTimeout(retryTimer);
      await connection.close();
    },
  };
}
