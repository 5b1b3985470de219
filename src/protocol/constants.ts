/** The protocol version every message carries as `v`; bump only for a breaking change. */
export const PROTOCOL_VERSION = 1;

/** The WebSocket subprotocol clients offer in `Sec-WebSocket-Protocol`. */
export const SUBPROTOCOL = 'dutywatch.v1';

/** Endpoint paths on the collector's single port. */
export const PATHS = {
  ingest: '/ingest',
  watch: '/watch',
  healthz: '/healthz',
  metrics: '/metrics',
} as const;

/** Largest number of messages one `batch` may carry. */
export const MAX_BATCH_MESSAGES = 500;

/** How far back a station's history in the feed reaches (the wall's 24-hour charts). */
export const HISTORY_WINDOW_MS = 24 * 3_600_000;

/**
 * How long a closed alert or incident stays in the feed after it closed: a new watcher's snapshot carries those
 * closed within it, and clients kept up by deltas drop them after it too.
 */
export const CLOSED_VISIBLE_MS = 24 * 3_600_000;

/** Most readings per station in the feed; clients trim to the same bound as they append. */
export const HISTORY_MAX_POINTS = 400;
