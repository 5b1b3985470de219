import type { WebSocket } from 'ws';
import type { Logger } from '../src/log/logger.js';
import type { Config } from '../src/protocol/index.js';
import { tokenGrant } from './auth/tokens.js';
import type { ConfigIndex } from './config-index.js';
import type { StorageStatusTracker } from './db/storage-status.js';
import type { LivePicture } from './live/live-picture.js';
import type { Notify } from './notify/notify-service.js';

/** A reload that would leave no token able to connect, without `server.allowNoTokens`: thrown by `reload`. */
export class ReloadRefusedError extends Error {
  override name = 'ReloadRefusedError';
}

/** Each open connection with the token it was authenticated as and that token's grant at the time. */
export type Grants = Map<WebSocket, { name: string; grant: string | undefined }>;

export type ReloadContext = {
  current: Config;
  grants: Grants;
  storage: StorageStatusTracker;
  picture: LivePicture;
  notify: Notify;
  logger: Logger;
  /** Installs the new config's index and token resolver. */
  install(config: Config): ConfigIndex;
};

/** Settings read once at start: a reload that changes them names them instead of pretending they applied. */
const FIXED_AT_START = [
  'maxPayloadBytes',
  'heartbeatSeconds',
  'idempotencyHours',
  'idempotencyMaxIds',
] as const;

/**
 * Applies a new, already validated config to a running collector (SIGHUP): tokens, places, lines, ladders and
 * rules at once; a connection whose token was revoked or changed is cut off.
 */
export function reloadCollector(config: Config, ctx: ReloadContext): { needsRestart: string[] } {
  refuseLockout(config);
  const before = ctx.current.server;
  const needsRestart: string[] = FIXED_AT_START.filter((key) => before[key] !== config.server[key]).map(
    (k) => `server.${k}`,
  );
  if (ctx.current.escalation.tickSeconds !== config.escalation.tickSeconds)
    needsRestart.push('escalation.tickSeconds');
  ctx.notify.reload(config);
  ctx.install(config);
  let cut = 0;
  for (const [ws, held] of ctx.grants) {
    if (tokenGrant(config.tokens, held.name) === held.grant) continue;
    ctx.grants.delete(ws);
    ws.close(1008, 'token revoked or changed; reconnect with a valid token');
    cut += 1;
    ctx.logger.warn('auth.connection_cut', {
      token: held.name,
      reason: 'token revoked or changed by reload',
    });
  }
  // Raising the cap is how an operator makes room without a restart; the next tick sees it.
  if (before.maxDatabasePages !== config.server.maxDatabasePages) {
    const pages = ctx.storage.setMaxPages(config.server.maxDatabasePages);
    ctx.logger.info('storage.max_pages', { pages });
  }
  // Stations added or removed change the live picture's shape: new ones start empty, the next snapshot shows them.
  ctx.picture.syncStations(config);
  ctx.logger.info('config.reloaded', {
    tokens: config.tokens.length,
    connectionsCut: cut,
    needsRestart: needsRestart.join(',') || 'none',
  });
  return { needsRestart };
}

// A config edited down to `"tokens": []` (or all revoked) would shut every console and source out at 3 a.m.
function refuseLockout(config: Config): void {
  if (config.server.allowNoTokens) return;
  if (config.tokens.some((t) => !t.revoked)) return;
  throw new ReloadRefusedError(
    'the new config has no usable token, so every source and console would be locked out; add a token, or set ' +
      'server.allowNoTokens: true if that is what you want',
  );
}
