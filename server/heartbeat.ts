import type { WebSocket, WebSocketServer } from 'ws';

const isAlive = new WeakMap<WebSocket, boolean>();

/** Marks a socket alive now and on every pong. */
export function trackPongs(ws: WebSocket): void {
  isAlive.set(ws, true);
  ws.on('pong', () => isAlive.set(ws, true));
}

/**
 * The ws README's heartbeat: ping every interval and terminate a peer whose pong never came, so a phone that
 * lost its hotspot does not hold a connection (and a watcher's buffers) forever.
 */
export function startHeartbeat(servers: WebSocketServer[], intervalMs: number): () => void {
  const timer = setInterval(() => {
    for (const wss of servers) {
      for (const ws of wss.clients) {
        if (isAlive.get(ws) === false) {
          ws.terminate();
          continue;
        }
        isAlive.set(ws, false);
        ws.ping();
      }
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
