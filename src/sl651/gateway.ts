import { createServer, type Socket } from 'node:net';
import type { BackoffOptions } from '../client/backoff.js';
import { type Logger, silentLogger } from '../log/logger.js';
import type { Station } from '../protocol/index.js';
import type { WorkMode } from './codes.js';
import { createCollectorLink, type LinkStats } from './collector-link.js';
import { type GatewayCounters, serveRtu } from './rtu-connection.js';
import { stationMapFrom } from './to-reading.js';

/** How to start a gateway: where terminals connect, where readings go, and how terminals are answered. */
export type GatewayOptions = {
  /** Address to bind for terminals (default 127.0.0.1). */
  host?: string;
  /** TCP port for terminals; 0 picks a free one (default 5651). */
  port?: number;
  collectorUrl: string;
  token: string;
  ca?: Buffer;
  /** The configured stations: their `rtuAddress` and `kind` map terminals to stations. */
  stations: readonly Station[];
  /** The county's offset, e.g. `+08:00`: terminals send local time. */
  utcOffset: string;
  /** The terminals' work mode (default 2, self-report with confirmation). */
  workMode?: WorkMode;
  /** End confirmations with ESC (stay on line) instead of EOT (hang up). */
  keepOnline?: boolean;
  logger?: Logger;
  /** A stats line is logged this often; 0 turns it off (default one minute). */
  statsIntervalMs?: number;
  backoff?: BackoffOptions;
  /** Bytes of an unfinished frame are dropped after this long without more (default 30 s). */
  frameTimeoutMs?: number;
  /** A terminal connection silent this long is closed (default 30 min). */
  idleTimeoutMs?: number;
  now?: () => number;
};

/** Everything the stats line reports. */
export type GatewayStats = GatewayCounters & { terminalsSeen: number; link: LinkStats };

/** A running gateway. */
export type RunningGateway = {
  port: number;
  stats(): GatewayStats;
  /** Stops accepting, closes every terminal connection and the collector link. */
  close(): Promise<void>;
};

/** One line for the log: frames ok/bad, readings decoded, sent, acked. */
export function formatStats(s: GatewayStats): Record<string, unknown> {
  return {
    connections: s.connections,
    terminals: s.terminalsSeen,
    frames_ok: s.framesOk,
    frames_bad: s.framesBad,
    bodies_bad: s.bodiesBad,
    keep_alives: s.keepAlives,
    readings: s.readings,
    skipped: s.skipped,
    unconfirmed: s.unconfirmed,
    sent: s.link.sent,
    acked: s.link.acked,
    duplicates: s.link.duplicates,
    refused: s.link.refused,
    pending: s.link.pending,
    collector: s.link.isConnected ? 'up' : 'down',
  };
}

/** Starts the SL 651 gateway: a TCP server for terminals and one `/ingest` link to the collector. */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const logger = options.logger ?? silentLogger;
  const now = options.now ?? Date.now;
  const stations = stationMapFrom(options.stations);
  const counters: GatewayCounters = {
    connections: 0,
    framesOk: 0,
    framesBad: 0,
    bodiesBad: 0,
    keepAlives: 0,
    readings: 0,
    skipped: 0,
    confirmations: 0,
    unconfirmed: 0,
  };
  const lastSeen = new Map<string, number>();
  const link = createCollectorLink({
    url: options.collectorUrl,
    token: options.token,
    logger,
    ...(options.ca ? { ca: options.ca } : {}),
    ...(options.backoff ? { backoff: options.backoff } : {}),
  });
  const context = {
    stations,
    utcOffset: options.utcOffset,
    policy: { workMode: options.workMode ?? 2, keepOnline: options.keepOnline ?? false },
    link,
    logger,
    counters,
    lastSeen,
    frameTimeoutMs: options.frameTimeoutMs ?? 30_000,
    now,
  };
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.setKeepAlive(true, 60_000);
    socket.setTimeout(options.idleTimeoutMs ?? 30 * 60_000, () => {
      logger.info('sl651.rtu_idle', { remote: `${socket.remoteAddress}:${socket.remotePort}` });
      socket.destroy();
    });
    serveRtu(socket, context);
  });
  server.on('error', (error) => logger.error('sl651.server_error', { reason: error.message }));
  const stats = (): GatewayStats => ({ ...counters, terminalsSeen: lastSeen.size, link: link.stats() });

  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 5651, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    });
  }).catch((error: unknown) => {
    link.close();
    throw error;
  });
  logger.info('sl651.listening', { host: options.host ?? '127.0.0.1', port, stations: stations.size });

  const statsIntervalMs = options.statsIntervalMs ?? 60_000;
  const statsTimer =
    statsIntervalMs > 0
      ? setInterval(() => logger.info('sl651.stats', formatStats(stats())), statsIntervalMs)
      : undefined;
  statsTimer?.unref();

  return {
    port,
    stats,
    async close() {
      clearInterval(statsTimer);
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      const ended = [...sockets].map((socket) => new Promise((resolve) => socket.once('close', resolve)));
      for (const socket of sockets) socket.destroy();
      link.close();
      await Promise.all([closed, ...ended]);
      const pending = link.stats().pending;
      if (pending > 0) logger.warn('sl651.stopped_with_pending', { pending });
      logger.info('sl651.stopped', formatStats(stats()));
    },
  };
}
