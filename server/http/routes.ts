import type { IncomingMessage, ServerResponse } from 'node:http';
import { PATHS } from '../../src/protocol/index.js';

/** What the HTTP routes read from the collector. */
export type HttpContext = {
  health(): { status: 'ok' | 'degraded'; database: string; uptimeSeconds: number; version: string };
  metrics(): string;
};

/**
 * Serves `GET /healthz` (JSON) and `GET /metrics` (Prometheus text); a plain request to a WebSocket endpoint is
 * 426, everything else 404 or 405.
 */
export function handleHttp(req: IncomingMessage, res: ServerResponse, ctx: HttpContext): void {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  // The WebSocket endpoints exist; a plain request to one is told what it lacks, not that nothing is there.
  if (path === PATHS.ingest || path === PATHS.watch) {
    res.setHeader('Upgrade', 'websocket');
    res.setHeader('Connection', 'Upgrade');
    send(
      res,
      426,
      'text/plain',
      `${path} is a WebSocket endpoint: connect with a WebSocket client (Upgrade: websocket)\n`,
    );
    return;
  }
  const isKnown = path === PATHS.healthz || path === PATHS.metrics;
  if (!isKnown) {
    send(res, 404, 'text/plain', `not found: ${path}\n`);
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    send(res, 405, 'text/plain', 'method not allowed\n');
    return;
  }
  if (path === PATHS.healthz) {
    const health = ctx.health();
    send(res, health.status === 'ok' ? 200 : 503, 'application/json', `${JSON.stringify(health)}\n`);
    return;
  }
  send(res, 200, 'text/plain; version=0.0.4', ctx.metrics());
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
  });
  res.end(body);
}
