import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from '../src/log/logger.js';
import type { AuthFailures } from './auth/auth-failures.js';
import type { TokenResolver } from './auth/tokens.js';
import type { Metrics } from './http/metrics.js';
import type { Cooldowns } from './ingest/rate-limit.js';
import { judgeUpgrade, refuseUpgrade, type UpgradeVerdict } from './upgrade.js';

export type AcceptedUpgrade = Extract<UpgradeVerdict, { ok: true }>;

export type UpgradeGateOptions = {
  resolveToken: () => TokenResolver;
  isShuttingDown: () => boolean;
  metrics: Metrics;
  logger: Logger;
  authFailures: AuthFailures;
  cooldowns: Cooldowns;
  /** Hands an upgrade that passed the gate to its endpoint. */
  accept(req: IncomingMessage, socket: Duplex, head: Buffer, verdict: AcceptedUpgrade): void;
};

/**
 * The gate every WebSocket upgrade passes: the token judged, a refusal logged and (after failed guesses from
 * the same address) slowed down, and a token cut off for flooding held back until its cooldown has passed.
 */
export function attachUpgradeGate(http: Server, options: UpgradeGateOptions): void {
  const { metrics, logger, authFailures, cooldowns, accept } = options;
  const judge = (req: IncomingMessage) => judgeUpgrade(req, options.resolveToken(), options.isShuttingDown());
  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const address = req.socket.remoteAddress ?? 'unknown';
    const verdict = judge(req);
    if (!verdict.ok) {
      metrics.inc('dutywatch_upgrades_refused_total', 'Refused WebSocket upgrades by status', {
        status: String(verdict.status),
      });
      // Who knocked and why, never what they presented: a log must not become a list of near-miss tokens.
      logger.warn('auth.refused', {
        address,
        status: verdict.status,
        path: new URL(req.url ?? '/', 'http://localhost').pathname,
        reason: verdict.reason,
      });
      // Guessing tokens gets slower with every failure from the same address.
      const delay = verdict.status === 401 ? authFailures.fail(address, Date.now()) : 0;
      if (delay === 0) refuseUpgrade(socket, verdict.status, verdict.reason);
      else setTimeout(() => refuseUpgrade(socket, verdict.status, verdict.reason), delay).unref();
      return;
    }
    authFailures.succeed(address);
    // A token cut off for flooding moments ago is let in again only once its cooldown has passed: a client
    // that reconnects in a tight loop is held to one connection a second, for the cost of one waiting socket.
    const waitMs = cooldowns.remainingMs(verdict.principal.name, Date.now());
    if (waitMs === 0) {
      accept(req, socket, head, verdict);
      return;
    }
    metrics.inc('dutywatch_upgrades_held_total', 'Upgrades held back after a rate-limit cut-off');
    setTimeout(() => {
      if (socket.destroyed) return;
      // Judged again: the token may have been revoked, or the collector begun to stop, meanwhile.
      const again = judge(req);
      if (again.ok) accept(req, socket, head, again);
      else refuseUpgrade(socket, again.status, again.reason);
    }, waitMs).unref();
  });
}
