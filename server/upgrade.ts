import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { ENDPOINT_ROLES } from './auth/roles.js';
import { type Principal, presentedToken } from './auth/tokens.js';

export type Endpoint = keyof typeof ENDPOINT_ROLES;

/** The verdict on an upgrade request: accepted with its principal, or an HTTP status to answer with. */
export type UpgradeVerdict =
  | { ok: true; endpoint: Endpoint; principal: Principal; url: URL }
  | { ok: false; status: number; reason: string };

/**
 * Authenticates at the upgrade, before any WebSocket exists: a missing or unknown token is 401, a known
 * token on an endpoint its role may not use is 403.
 */
export function judgeUpgrade(
  req: IncomingMessage,
  resolve: (token: string | undefined) => Principal | undefined,
  isShuttingDown: boolean,
): UpgradeVerdict {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const endpoint = url.pathname as Endpoint;
  if (!(endpoint in ENDPOINT_ROLES))
    return { ok: false, status: 404, reason: `no WebSocket endpoint at ${url.pathname}` };
  if (isShuttingDown) return { ok: false, status: 503, reason: 'the collector is shutting down' };
  const principal = resolve(presentedToken(req.headers.authorization, url));
  if (!principal)
    return { ok: false, status: 401, reason: 'a valid token is required (Authorization: Bearer …)' };
  if (!ENDPOINT_ROLES[endpoint].includes(principal.role)) {
    return { ok: false, status: 403, reason: `role ${principal.role} may not use ${endpoint}` };
  }
  return { ok: true, endpoint, principal, url };
}

const STATUS_TEXT: Record<number, string> = {
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  503: 'Service Unavailable',
};

/** Answers a refused upgrade with a plain HTTP response and closes the socket. */
export function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  const body = `${reason}\n`;
  const headers = [
    `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Error'}`,
    'Connection: close',
    'Content-Type: text/plain; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
  ];
  if (status === 401) headers.push('WWW-Authenticate: Bearer realm="dutywatch"');
  socket.end(`${headers.join('\r\n')}\r\n\r\n${body}`);
}
