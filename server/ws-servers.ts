import { WebSocketServer } from 'ws';
import type { Logger } from '../src/log/logger.js';
import { SUBPROTOCOL } from '../src/protocol/index.js';

/** How long a client gets to close cleanly when the collector stops before its socket is cut. */
const CLOSE_GRACE_MS = 2000;

/** The two WebSocket endpoints, both attached by hand to the HTTP server's upgrades. */
export type WsServers = { ingest: WebSocketServer; watch: WebSocketServer };

export function createWsServers(maxPayloadBytes: number, logger: Logger): WsServers {
  const make = (maxPayload: number) => {
    const wss = new WebSocketServer({
      noServer: true,
      maxPayload,
      // ws would close the connection (1007) on a text frame that is not UTF-8; the codec answers PARSE_ERROR
      // instead and the source keeps its connection, as PROTOCOL.md promises.
      skipUTF8Validation: true,
      handleProtocols: (offered) => (offered.has(SUBPROTOCOL) ? SUBPROTOCOL : false),
    });
    wss.on('error', (error) => logger.error('ws.error', { error: String(error) }));
    return wss;
  };
  // Watchers send only small actions; a large frame from them is abuse.
  return { ingest: make(maxPayloadBytes), watch: make(64 * 1024) };
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
