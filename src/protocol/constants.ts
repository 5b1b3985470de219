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
