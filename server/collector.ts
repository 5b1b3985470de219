import { statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import { shiftStartOf } from '../src/domain/shift-window.js';
import { type Logger, silentLogger } from '../src/log/logger.js';
import { type Config, SUBPROTOCOL } from '../src/protocol/index.js';
import { performAction } from './alerts/actions.js';
import { type AlertEngine, createAlertEngine } from './alerts/engine.js';
import { createTeamRecorder } from './alerts/team-record.js';
import { createAuthFailures } from './auth/auth-failures.js';
import { createTokenResolver, tokenGrant } from './auth/tokens.js';
import { backupDir, backupGauges } from './backup/backup-metrics.js';
import { createBackupSchedule } from './backup/backup-schedule.js';
import { createWarningsRepo } from './cap/warnings-repo.js';
import { type Clock, systemClock } from './clock.js';
import { type ConfigIndex, indexConfig } from './config-index.js';
import { migrate } from './db/migrate.js';
import { type Db, openDatabase } from './db/open-database.js';
import { createStorageStatus, type StorageStatusTracker } from './db/storage-status.js';
import { startHeartbeat, trackPongs } from './heartbeat.js';
import { Metrics } from './http/metrics.js';
import { handleHttp } from './http/routes.js';
import type { Change } from './ingest/changes.js';
import { createGroupCommit } from './ingest/group-commit.js';
import { createIdWindow } from './ingest/id-window.js';
import { handleIngestConnection } from './ingest/ingest-connection.js';
import { createIngestWriter } from './ingest/ingest-writer.js';
import { createCooldowns, createRateLimiter } from './ingest/rate-limit.js';
import { loadSourcesLastSeen } from './ingest/sources-last-seen.js';
import { createFeed, type Feed } from './live/feed.js';
import { createLivePicture } from './live/live-picture.js';
import { createLiveQueries } from './live/live-queries.js';
import { handleWatchConnection } from './live/watch-connection.js';
import { createNotify, type Notify } from './notify/notify-service.js';
import { judgeUpgrade, refuseUpgrade, type UpgradeVerdict } from './upgrade.js';

export type CollectorOptions = {
  config: Config;
  dbPath: string;
  clock?: Clock;
  logger?: Logger;
  version?: string;
  /** How fast `clock` runs against real time, told to watchers so they can show ages (demos, drills). */
  clockRate?: number;
  /** Where a clock set by hand began (`serve --clock`, the demo): watchers are told it is a drill. */
  simulatedClockStart?: number;
  /** Coalescing interval of the live feed, ms (0: one delta per commit). */
  feedIntervalMs?: number;
  /** A watcher whose unsent bytes pass this is resynced with a snapshot later (default 1 MiB). */
  feedHighWaterBytes?: number;
  /** PEM certificate and key: serve https:// and wss:// on the same port. */
  tls?: { cert: Buffer; key: Buffer };
};

/** A running collector. */
export type Collector = {
  readonly db: Db;
  readonly metrics: Metrics;
  readonly feed: Feed;
  readonly engine: AlertEngine;
  /** 叫应: call-outs, the outbox and its sender, the answer page. */
  readonly notify: Notify;
  /** Whether the database takes writes (`full` after SQLITE_FULL until room returns). */
  readonly storage: StorageStatusTracker;
  /** Binds the port (0 picks a free one) and resolves with the port bound. */
  listen(port: number, host?: string): Promise<number>;
  /** Stops accepting, commits and acks what is in flight, closes every socket and the database. */
  close(): Promise<void>;
  /** Subscribes to committed changes (the live feed). */
  onCommitted(listener: (changes: Change[]) => void): void;
  /**
   * Takes a new, already validated config without a restart (SIGHUP): tokens, places, lines, ladders and rules
   * apply at once; settings fixed at start are named in `needsRestart`.
   */
  reload(config: Config): { needsRestart: string[] };
};

const CLOSE_GRACE_MS = 2000;
const EVALUATE_DELAY_MS = 25;

/** Builds a collector: the HTTP server, `/ingest`, storage with group commit, heartbeat and metrics. */
export function createCollector(options: CollectorOptions): Collector {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const version = options.version ?? '0.0.0';
  const startedAt = Date.now();
  let index: ConfigIndex = indexConfig(options.config);
  let resolveToken = createTokenResolver(options.config.tokens);
  let isShuttingDown = false;

  const db = openDatabase(options.dbPath);
  migrate(db);
  // Watchers hear of a full disk at once (a clock message), not at the next idle tick.
  const storage = createStorageStatus({
    db,
    dbPath: options.dbPath,
    logger,
    onChange: () => feed.announceStorage(),
  });
  if (options.config.server.maxDatabasePages !== undefined)
    storage.setMaxPages(options.config.server.maxDatabasePages);
  const metrics = new Metrics();
  // Backups run on the collector's own connection, so its writes go into the copy instead of restarting it.
  const backups = createBackupSchedule({
    db,
    dir: backupDir(options.dbPath, options.config.server.backup),
    settings: () => index.config.server.backup,
    utcOffset: () => index.config.county.utcOffset,
    logger,
  });
  const picture = createLivePicture(index, createLiveQueries(db), clock.now(), createWarningsRepo(db));
  const recordTeam = createTeamRecorder(db, picture, () => index.config);
  // A silent source is measured from its last message, even across a restart.
  const sourcesLastSeen = loadSourcesLastSeen(db);
  // The engine and the feed need each other: the feed shows the engine's alerts, the engine publishes to it.
  let engine: AlertEngine | undefined;
  const feed = createFeed({
    index: () => index,
    picture,
    extras: (now) => {
      if (!engine) throw new Error('snapshot requested before the alert engine exists');
      const duty = engine.currentDuty();
      return {
        duty,
        ...engine.snapshotParts(now),
        ...notify.snapshotParts(now),
        ladders: index.config.escalation.ladders,
        shiftLog: engine.repos.audit.handoverSince(shiftStartOf(duty)),
      };
    },
    clock,
    storage: () => storage.status,
    ...(options.clockRate ? { clockRate: options.clockRate } : {}),
    ...(options.simulatedClockStart !== undefined
      ? { simulatedClock: { startedAt: options.simulatedClockStart, rate: options.clockRate ?? 1 } }
      : {}),
    ...(options.feedIntervalMs !== undefined ? { intervalMs: options.feedIntervalMs } : {}),
    ...(options.feedHighWaterBytes !== undefined ? { highWaterBytes: options.feedHighWaterBytes } : {}),
  });
  const alertEngine = createAlertEngine({
    db,
    index: () => index,
    picture,
    clock,
    publish: (changes) => feed.publishFeed(changes),
    sourcesLastSeen,
    startedAt: clock.now(),
    backup: () => backups.health(Date.now()),
    hooks: {
      alertOpened: (...args) => notify.hooks.alertOpened(...args),
      rungFired: (...args) => notify.hooks.rungFired(...args),
      tick: (...args) => notify.hooks.tick(...args),
    },
  });
  engine = alertEngine;
  const notify = createNotify({
    db,
    dbPath: options.dbPath,
    clock,
    config: () => index.config,
    picture,
    engine: () => alertEngine,
    publish: (changes) => feed.publishFeed(changes),
    logger,
    onStorageError: (error) => storage.failed(error),
  });
  // Runs the engine, logging instead of crashing: a failed pass (a full disk, say) is retried by the next
  // tick. A full disk fails every pass until room returns: logged when the status changes, not each time.
  const runEngine = (what: 'tick' | 'evaluate') => {
    try {
      alertEngine[what]();
    } catch (error) {
      metrics.inc(
        'dutywatch_alert_pass_failures_total',
        'Alert engine passes that failed and were rolled back',
        {
          pass: what,
        },
      );
      const wasFull = storage.status === 'full';
      const kind = storage.failed(error);
      if (!(kind === 'full' && wasFull)) logger.error(`alerts.${what}_failed`, { error: String(error) });
    }
  };
  // The first tick runs before the port opens: whatever fell due while the collector was down fires now, once.
  runEngine('tick');
  // New data is judged at once when no pass ran lately, otherwise at most once per EVALUATE_DELAY_MS: a line
  // crossing reaches the officer fast, and a flood of readings does not turn into a flood of full rule passes.
  let evaluateTimer: NodeJS.Timeout | undefined;
  let lastEvaluateAt = 0;
  const scheduleEvaluate = () => {
    if (evaluateTimer || !db.open) return;
    const wait = Math.max(0, lastEvaluateAt + EVALUATE_DELAY_MS - Date.now());
    evaluateTimer = setTimeout(() => {
      evaluateTimer = undefined;
      lastEvaluateAt = Date.now();
      runEngine('evaluate');
    }, wait);
    evaluateTimer.unref();
  };
  const listeners: ((changes: Change[]) => void)[] = [];
  const ids = createIdWindow(db, {
    horizonMs: options.config.server.idempotencyHours * 3_600_000,
    maxIds: options.config.server.idempotencyMaxIds,
  });
  const remembered = ids.load(clock.now());
  logger.info('ingest.ids_loaded', { ids: remembered });
  const commit = createGroupCommit({
    db,
    ids,
    now: () => clock.now(),
    // Read at each write, so a reload (SIGHUP) that raises or lowers a bound applies at once.
    writer: createIngestWriter(db, ids, () => index.config.server),
    onCommitted: (changes) => {
      feed.publish(changes);
      scheduleEvaluate();
      for (const listener of listeners) listener(changes);
    },
    onStats: ({ size, seconds, outcomes }) => {
      metrics.commitBatchSize.observe(size);
      metrics.commitSeconds.observe(seconds);
      // Counted per commit, not per message: label formatting per message showed up in profiles.
      const counts = new Map<string, { type: string; outcome: string; n: number }>();
      for (const o of outcomes) {
        const key = `${o.type}/${o.outcome}`;
        const entry = counts.get(key) ?? { ...o, n: 0 };
        entry.n += 1;
        counts.set(key, entry);
      }
      for (const { type, outcome, n } of counts.values()) {
        metrics.inc('dutywatch_messages_total', 'Ingest messages by type and outcome', { type, outcome }, n);
      }
    },
    onStorageError: (error) => {
      if (!storage.failed(error)) logger.error('storage.error', { error: String(error) });
    },
    onStorageOk: () => storage.succeeded(),
  });

  const { maxPayloadBytes, heartbeatSeconds } = options.config.server;
  const limiter = createRateLimiter(() => ({
    perSecond: index.config.server.rateLimitPerSecond,
    burst: index.config.server.rateLimitBurst,
  }));
  const actionLimiter = createRateLimiter(() => ({
    perSecond: index.config.server.actionRateLimitPerSecond,
    burst: index.config.server.actionRateLimitBurst,
  }));
  const cooldowns = createCooldowns();
  const authFailures = createAuthFailures();
  // Every open connection with the grant it was authenticated under: a reload that revokes, rotates or
  // changes a token cuts its connections off, or a stolen phone's console would keep acting until it left.
  const grants = new Map<WebSocket, { name: string; grant: string | undefined }>();
  const ingestServer = new WebSocketServer({
    noServer: true,
    maxPayload: maxPayloadBytes,
    // ws would close the connection (1007) on a text frame that is not UTF-8; the codec answers PARSE_ERROR
    // instead and the source keeps its connection, as PROTOCOL.md promises.
    skipUTF8Validation: true,
    handleProtocols: (offered) => (offered.has(SUBPROTOCOL) ? SUBPROTOCOL : false),
  });
  ingestServer.on('error', (error) => logger.error('ws.error', { error: String(error) }));
  // Watchers send only small actions; a large frame from them is abuse.
  const watchServer = new WebSocketServer({
    noServer: true,
    maxPayload: 64 * 1024,
    skipUTF8Validation: true,
    handleProtocols: (offered) => (offered.has(SUBPROTOCOL) ? SUBPROTOCOL : false),
  });
  watchServer.on('error', (error) => logger.error('ws.error', { error: String(error) }));

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    if (req.url?.startsWith('/r/')) {
      notify.handleAnswer(req, res);
      return;
    }
    handleHttp(req, res, {
      health: () => ({
        status: db.open && storage.status === 'ok' ? 'ok' : 'degraded',
        database: db.open ? storage.status : 'closed',
        uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
        version,
      }),
      metrics: () =>
        metrics.render([
          {
            name: 'dutywatch_database_bytes',
            help: 'Database file plus WAL, bytes',
            value: databaseBytes(options.dbPath),
          },
          {
            name: 'dutywatch_storage_ok',
            help: 'Whether the database takes writes (0 while full or failing)',
            value: storage.status === 'ok' ? 1 : 0,
          },
          ...backupGauges(backups.health(Date.now())),
          ...processGauges(),
        ]),
    });
  };
  // With a certificate, the same port serves https:// and wss:// (issue 7); otherwise plain http and ws.
  const http: Server = options.tls ? createHttpsServer(options.tls, handler) : createServer(handler);
  http.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) =>
    answerClientError(error, socket, logger),
  );
  http.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    const address = req.socket.remoteAddress ?? 'unknown';
    const verdict = judgeUpgrade(req, resolveToken, isShuttingDown);
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
      const again = judgeUpgrade(req, resolveToken, isShuttingDown);
      if (again.ok) accept(req, socket, head, again);
      else refuseUpgrade(socket, again.status, again.reason);
    }, waitMs).unref();
  });

  function accept(
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    { principal, endpoint, url }: Extract<UpgradeVerdict, { ok: true }>,
  ): void {
    const onCutOff = () => {
      cooldowns.start(principal.name, Date.now());
      logger.warn('ratelimit.cut_off', {
        address: req.socket.remoteAddress ?? 'unknown',
        name: principal.name,
        endpoint,
        reason: 'kept sending past its rate limit',
      });
    };
    const wss = endpoint === '/watch' ? watchServer : ingestServer;
    wss.handleUpgrade(req, socket, head, (ws) => {
      trackPongs(ws);
      const labels = { role: principal.role };
      metrics.inc('dutywatch_connections_opened_total', 'WebSocket connections opened, by role', labels);
      ws.on('error', (error) =>
        logger.warn('ws.client_error', { token: principal.name, error: error.message }),
      );
      grants.set(ws, { name: principal.name, grant: tokenGrant(index.config.tokens, principal.name) });
      ws.on('close', (code) => {
        grants.delete(ws);
        metrics.inc('dutywatch_connections_closed_total', 'WebSocket connections closed, by role', labels);
        if (code === 1009) logger.warn('ingest.frame_too_large', { token: principal.name });
      });
      if (endpoint === '/watch') {
        handleWatchConnection(ws, principal, url, {
          feed,
          limiter: actionLimiter,
          onCutOff,
          logger,
          version,
          act: (action, who) => {
            try {
              const result = performAction(action, who, {
                db,
                engine: alertEngine,
                now: clock.now(),
                maxRecheckHours: index.config.escalation.maxRecheckHours,
                maxSnoozeHours: index.config.escalation.maxSnoozeHours,
                incident: (code) => picture.incidents(clock.now()).find((i) => i.code === code),
                config: index.config,
                callout: (a, person, out) => notify.act(a, person, clock.now(), out),
                recordTeam,
              });
              if (result !== 'duplicate') storage.succeeded();
              return result;
            } catch (error) {
              storage.failed(error);
              throw error;
            }
          },
        });
        return;
      }
      handleIngestConnection(ws, principal, {
        limiter,
        onMessage: () => sourcesLastSeen.set(principal.name, clock.now()),
        index: () => index,
        clock,
        commit,
        isShuttingDown: () => isShuttingDown,
        logger,
        onCutOff,
      });
    });
  }

  const stopHeartbeat = startHeartbeat([ingestServer, watchServer], heartbeatSeconds * 1000);
  const tickTimer = setInterval(() => {
    storage.probe();
    backups.tick(Date.now());
    runEngine('tick');
  }, index.config.escalation.tickSeconds * 1000);
  tickTimer.unref();

  return {
    db,
    metrics,
    feed,
    engine: alertEngine,
    notify,
    storage,
    listen(port, host = '127.0.0.1') {
      return new Promise((resolve, reject) => {
        http.once('error', reject);
        http.listen(port, host, () => {
          http.off('error', reject);
          const bound = (http.address() as AddressInfo).port;
          notify.setBaseUrl(
            `${options.tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${bound}`,
          );
          resolve(bound);
        });
      });
    },
    async close() {
      if (isShuttingDown) return;
      isShuttingDown = true;
      stopHeartbeat();
      clearInterval(tickTimer);
      http.close();
      await notify.close();
      commit.flush();
      feed.close();
      await Promise.all([closeClients(ingestServer), closeClients(watchServer), backups.idle()]);
      ingestServer.close();
      watchServer.close();
      http.closeAllConnections();
      // Everything that touches the database stops before it closes: the last commits' evaluation, pending a
      // few ms, used to run on a closed database (alerts.evaluate_failed, issue 13). The next start's first
      // tick judges what it would have.
      commit.flush();
      clearTimeout(evaluateTimer);
      evaluateTimer = undefined;
      db.close();
    },
    onCommitted(listener) {
      listeners.push(listener);
    },
    reload(config) {
      refuseLockout(config);
      const before = index.config.server;
      const fixed = ['maxPayloadBytes', 'heartbeatSeconds', 'idempotencyHours', 'idempotencyMaxIds'] as const;
      const needsRestart: string[] = fixed
        .filter((key) => before[key] !== config.server[key])
        .map((k) => `server.${k}`);
      if (index.config.escalation.tickSeconds !== config.escalation.tickSeconds)
        needsRestart.push('escalation.tickSeconds');
      notify.reload(config);
      index = indexConfig(config);
      resolveToken = createTokenResolver(config.tokens);
      let cut = 0;
      for (const [ws, held] of grants) {
        if (tokenGrant(config.tokens, held.name) === held.grant) continue;
        grants.delete(ws);
        ws.close(1008, 'token revoked or changed; reconnect with a valid token');
        cut += 1;
        logger.warn('auth.connection_cut', {
          token: held.name,
          reason: 'token revoked or changed by reload',
        });
      }
      // Raising the cap is how an operator makes room without a restart; the next tick sees it.
      if (before.maxDatabasePages !== config.server.maxDatabasePages) {
        const pages = storage.setMaxPages(config.server.maxDatabasePages);
        logger.info('storage.max_pages', { pages });
      }
      // Stations added or removed change the live picture's shape: new ones start empty, the next snapshot shows them.
      picture.syncStations(config);
      logger.info('config.reloaded', {
        tokens: config.tokens.length,
        connectionsCut: cut,
        needsRestart: needsRestart.join(',') || 'none',
      });
      return { needsRestart };
    },
  };
}

/** A reload that would leave no token able to connect, without `server.allowNoTokens`: thrown by `reload`. */
export class ReloadRefusedError extends Error {
  override name = 'ReloadRefusedError';
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

const CLIENT_ERROR_STATUS: Record<string, string> = {
  HPE_HEADER_OVERFLOW: '431 Request Header Fields Too Large',
};

// A request node cannot parse: answered with a status and logged (a bare reset told neither side anything).
function answerClientError(error: NodeJS.ErrnoException, socket: Duplex, logger: Logger): void {
  const address = (socket as { remoteAddress?: string }).remoteAddress ?? 'unknown';
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const status = CLIENT_ERROR_STATUS[error.code ?? ''] ?? '400 Bad Request';
  logger.warn('http.client_error', { address, status: status.slice(0, 3), code: error.code ?? 'unknown' });
  const body = `${status.slice(4)}\n`;
  socket.end(
    `HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
  );
}

function closeClients(wss: WebSocketServer): Promise<void> {
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

// Resident memory and heap, so a leak under bad input or idle connections shows on a dashboard.
function processGauges(): { name: string; help: string; value: number }[] {
  const memory = process.memoryUsage();
  return [
    { name: 'process_resident_memory_bytes', help: 'Resident memory size, bytes', value: memory.rss },
    { name: 'nodejs_heap_used_bytes', help: 'V8 heap in use, bytes', value: memory.heapUsed },
    { name: 'nodejs_heap_total_bytes', help: 'V8 heap reserved, bytes', value: memory.heapTotal },
  ];
}

function databaseBytes(path: string): number {
  let total = 0;
  for (const file of [path, `${path}-wal`]) {
    try {
      total += statSync(file).size;
    } catch {
      // The WAL does not exist between checkpoints; that is fine.
    }
  }
  return total;
}
