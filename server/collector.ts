// The collector's wiring, and only that: each part (storage, group commit, live picture and feed, alert engine and
// its runner, 叫应, the upgrade gate, reload) lives in its own module; this file builds them in the order they
// need each other and connects their callbacks. It stays one file (~390 lines, most of it argument lists) so
// the order of construction and of shutdown can be read top to bottom in one place.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { shiftStartOf } from '../src/domain/shift-window.js';
import { type Logger, silentLogger } from '../src/log/logger.js';
import type { Config } from '../src/protocol/index.js';
import { performAction } from './alerts/actions.js';
import { type AlertEngine, createAlertEngine } from './alerts/engine.js';
import { createTeamRecorder } from './alerts/team-record.js';
import { createAuthFailures } from './auth/auth-failures.js';
import { createTokenResolver, tokenGrant } from './auth/tokens.js';
import { backupDir, backupGauges } from './backup/backup-metrics.js';
import { createBackupSchedule } from './backup/backup-schedule.js';
import { createWarningsRepo } from './cap/warnings-repo.js';
import { type Clock, systemClock } from './clock.js';
import { type Grants, reloadCollector } from './collector-reload.js';
import { type ConfigIndex, indexConfig } from './config-index.js';
import { migrate } from './db/migrate.js';
import { type Db, openDatabase } from './db/open-database.js';
import { createStorageStatus, type StorageStatusTracker } from './db/storage-status.js';
import { createEngineRunner } from './engine-runner.js';
import { startHeartbeat, trackPongs } from './heartbeat.js';
import { answerClientError } from './http/client-errors.js';
import { collectorGauges } from './http/collector-gauges.js';
import { Metrics } from './http/metrics.js';
import { handleHttp } from './http/routes.js';
import type { Change } from './ingest/changes.js';
import { recordCommitStats } from './ingest/commit-metrics.js';
import { createGroupCommit } from './ingest/group-commit.js';
import { startIdLoad } from './ingest/id-load.js';
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
import { type AcceptedUpgrade, attachUpgradeGate } from './upgrade-gate.js';
import { closeClients, createWsServers } from './ws-servers.js';

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
  /** Journal rows per slice of the id window's load at start (tests make it small to watch ingest held). */
  idLoadSliceRows?: number;
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
  /** Resolves once the id window is loaded and ingest is open (watchers are served from the start). */
  whenIngestOpen(): Promise<void>;
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
  const runner = createEngineRunner({ engine: alertEngine, db, storage, metrics, logger });
  // The first tick runs before the port opens: whatever fell due while the collector was down fires now, once.
  runner.run('tick');
  const listeners: ((changes: Change[]) => void)[] = [];
  const ids = createIdWindow(db, {
    horizonMs: options.config.server.idempotencyHours * 3_600_000,
    maxIds: options.config.server.idempotencyMaxIds,
  });
  const commit = createGroupCommit({
    db,
    ids,
    held: true,
    now: () => clock.now(),
    // Read at each write, so a reload (SIGHUP) that raises or lowers a bound applies at once.
    writer: createIngestWriter(db, ids, () => index.config.server),
    onCommitted: (changes) => {
      feed.publish(changes);
      runner.scheduleEvaluate(readingStations(changes));
      for (const listener of listeners) listener(changes);
    },
    onStats: (stats) => recordCommitStats(metrics, stats),
    onStorageError: (error) => {
      if (!storage.failed(error)) logger.error('storage.error', { error: String(error) });
    },
    onStorageOk: () => storage.succeeded(),
  });
  const idLoad = startIdLoad({
    ids,
    commit,
    now: clock.now(),
    logger,
    ...(options.idLoadSliceRows ? { sliceRows: options.idLoadSliceRows } : {}),
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
  const grants: Grants = new Map();
  const { ingest: ingestServer, watch: watchServer } = createWsServers(maxPayloadBytes, logger);

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
        metrics.render(
          collectorGauges({
            dbPath: options.dbPath,
            storageOk: storage.status === 'ok',
            backup: backupGauges(backups.health(Date.now())),
          }),
        ),
    });
  };
  // With a certificate, the same port serves https:// and wss:// (issue 7); otherwise plain http and ws.
  const http: Server = options.tls ? createHttpsServer(options.tls, handler) : createServer(handler);
  http.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) =>
    answerClientError(error, socket, logger),
  );
  attachUpgradeGate(http, {
    resolveToken: () => resolveToken,
    isShuttingDown: () => isShuttingDown,
    metrics,
    logger,
    authFailures,
    cooldowns,
    accept,
  });

  function accept(
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    { principal, endpoint, url }: AcceptedUpgrade,
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
    runner.tick();
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
    whenIngestOpen: () => idLoad.done,
    async close() {
      if (isShuttingDown) return;
      isShuttingDown = true;
      stopHeartbeat();
      clearInterval(tickTimer);
      http.close();
      await notify.close();
      idLoad.finishNow();
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
      runner.stop();
      db.close();
    },
    onCommitted(listener) {
      listeners.push(listener);
    },
    reload(config) {
      return reloadCollector(config, {
        current: index.config,
        grants,
        storage,
        picture,
        notify,
        logger,
        install(next) {
          index = indexConfig(next);
          resolveToken = createTokenResolver(next.tokens);
          return index;
        },
      });
    },
  };
}

export { ReloadRefusedError } from './collector-reload.js';

/** The stations of a commit of readings alone; undefined when it holds anything else or nothing (all rules). */
function readingStations(changes: readonly Change[]): Set<string> | undefined {
  const stations = new Set<string>();
  for (const change of changes) {
    if (change.kind !== 'reading') return undefined;
    stations.add(change.station);
  }
  return stations.size > 0 ? stations : undefined;
}
