import { WebSocketServer } from 'ws';
import type { Logger } from '../src/log/logger.js';
import { SUBPROTOCOL } from '../src/protocol/index.js';

/** How long a client gets to close cleanly when the collector stops before its socket is cut. */
const CLOSE_GRACE_MS = 2000;

/** The two WebSocket endpoints, both attached by hand to the HTTP server's upgrades. */
export type WsServers = { ingest: WebSocketServer; watch: WebSocketServer };

/**
 * /watch frames at least this large go compressed (permessage-deflate, RFC 7692) to a client that offers it: the
 * snapshot, history replies and the largest coalesced deltas. A county of 5,000 gauges sends a new screen 7.5 MB
 * of JSON that deflates to ~0.5 MB in ~30 ms, off the event loop (zlib's threads). The deltas an officer waits on
 * stay under it and go as they are, with no compression's latency.
 */
export const WATCH_COMPRESS_THRESHOLD_BYTES = 64 * 1024;

/**
 * Level 3: within a tenth of level 6's size on snapshot JSON at half its time; an 8 KiB window (2^13): 3 % larger
 * than zlib's default 32 KiB, and 160 KB of zlib state a watcher instead of 256 KB (zlib's own formula), held while
 * it is connected
 * (docs/BENCHMARKS.md §6). No context takeover either way: ws applies the threshold only then (with it, every
 * frame would be deflated, the deltas too), and each large frame stands alone anyway.
 */
const watchDeflate = {
  threshold: WATCH_COMPRESS_THRESHOLD_BYTES,
  zlibDeflateOptions: { level: 3 },
  serverMaxWindowBits: 13,
  serverNoContextTakeover: true,
  clientNoContextTakeover: true,
};

export function createWsServers(maxPayloadBytes: number, logger: Logger): WsServers {
  const make = (maxPayload: number, perMessageDeflate: typeof watchDeflate | false) => {
    const wss = new WebSocketServer({
      noServer: true,
      maxPayload,
      perMessageDeflate,
      // ws would close the connection (1007) on a text frame that is not UTF-8; the codec answers PARSE_ERROR
      // instead and the source keeps its connection, as PROTOCOL.md promises.
      skipUTF8Validation: true,
      handleProtocols: (offered) => (offered.has(SUBPROTOCOL) ? SUBPROTOCOL : false),
    });
    wss.on('error', (error) => logger.error('ws.error', { error: String(error) }));
    return wss;
  };
  // Watchers send only small actions; a large frame from them is abuse. Ingest is not compressed: its frames are
  // small and many, and a client's compressed batch would cost the collector an inflate per frame.
  return { ingest: make(maxPayloadBytes, false), watch: make(64 * 1024, watchDeflate) };
}

/** Asks every client to go (1001), cutting those that do not within the grace period. */
export function closeClients(wss: WebSocketServer): Promise<void> {
  const closing = [...wss.clients].map(
    (ws) =>
      new Promise<void>((resolve) => {
        if (ws.readyState === ws.CLOSED) return resolve();
        const timer = setTimeout(() => {
          ws.terminate();
          resolve();
        }, CLOSE_GRACE_MS);
        ws.once('close', () => {
          clearTimeout(timer);
          resolve();
        });
        ws.close(1001, 'collector shutting down');
      }),
  );
  return Promise.all(closing).then(() => undefined);
}
