/**
 * `dutywatch serve`: the command's options, help and process lifecycle (signals). What builds the collector
 * lives in server/start-collector.ts and is loaded only when the command runs.
 */
import { readFileSync } from 'node:fs';
import type { Collector } from '../../server/collector.js';
import { createLogger, type Logger } from '../log/logger.js';
import { type Config, PATHS } from '../protocol/index.js';
import { intOption, UsageError } from './args.js';
import { defineCommand, type ParsedOptions } from './define-command.js';

export const SERVE_HELP = `Usage: dutywatch serve --config FILE --db PATH [--port N] [--host H] [--tls-cert F --tls-key F]
                      [--clock START[,SPEED] [--force-clock]]

Runs the collector: sources push to ws://HOST:PORT${PATHS.ingest}, consoles and walls read ws://HOST:PORT${PATHS.watch};
GET ${PATHS.healthz} and GET ${PATHS.metrics} on the same port. Logs go to stderr.

Options:
  --config FILE   county configuration (JSON): places, levels, stock minimums, people, token hashes (required)
  --db PATH       SQLite database file; created and migrated if missing (required)
  --port N        TCP port to listen on (default 8470; 0 picks a free port and logs it)
  --host H        address to bind (default 127.0.0.1; 0.0.0.0 for every interface)
  --tls-cert FILE  PEM certificate: serve wss:// and https:// (with --tls-key)
  --tls-key FILE   PEM private key of the certificate
  --clock START[,SPEED]  run on a clock that starts at START (an instant with its offset, e.g.
                  2026-07-20T01:00:00+08:00) and runs SPEED times faster than real time (default 1): drills
                  and tests of date rules. Every console and wall header then says 演练时钟 / SIMULATED CLOCK.
                  Refused on a database holding data from after START (times would run backwards)
  --force-clock   start on --clock even so
  --quiet         log warnings and errors only
  -h, --help      show this help

SIGHUP re-reads --config: tokens can be rotated or revoked without a restart (connections opened with a token
that changed are closed, 1008), and raising server.maxDatabasePages makes room in a full database; a config
that fails validation, or leaves no usable token (unless server.allowNoTokens), is refused and the running one
kept.
SIGTERM or SIGINT stops it cleanly: no new connections, in-flight messages committed and acked, database closed.
Exit codes: 0 clean stop, 1 startup failure (bad config, database), 2 bad usage.`;

const SERVE_OPTIONS = {
  config: { type: 'string' },
  db: { type: 'string' },
  port: { type: 'string' },
  host: { type: 'string' },
  quiet: { type: 'boolean' },
  'tls-cert': { type: 'string' },
  'tls-key': { type: 'string' },
  clock: { type: 'string' },
  'force-clock': { type: 'boolean' },
} as const;

/** `dutywatch serve` in the command table. */
export const serveCommand = defineCommand({
  name: 'serve',
  summary: 'run the collector (ingest, watch feed, health and metrics)',
  help: SERVE_HELP,
  options: SERVE_OPTIONS,
  run: runServe,
});

/** `dutywatch serve`, its options parsed. */
async function runServe({ values }: ParsedOptions<typeof SERVE_OPTIONS>): Promise<number> {
  if (!values.config) throw new UsageError('dutywatch serve: --config FILE is required');
  if (!values.db) throw new UsageError('dutywatch serve: --db PATH is required');
  const port = intOption('serve', 'port', values.port, 8470);
  if (Boolean(values['tls-cert']) !== Boolean(values['tls-key'])) {
    throw new UsageError('dutywatch serve: --tls-cert and --tls-key go together');
  }
  // The collector's code is loaded only when asked for, to keep other commands fast.
  const { parseDrillClock } = await import('../../server/drill-clock.js');
  const { startCollector } = await import('../../server/start-collector.js');
  const { loadConfigFile } = await import('../../server/config-file.js');
  const clock = values.clock === undefined ? undefined : parseDrillClock(values.clock);
  if (typeof clock === 'string') throw new UsageError(`dutywatch serve: --clock ${clock}`);
  if (values['force-clock'] && !clock)
    throw new UsageError('dutywatch serve: --force-clock goes with --clock');
  const configPath = values.config;
  const logger = createLogger(process.stderr, values.quiet ?? false);
  const stop = stopRequested();
  let started: { collector: Collector; port: number };
  try {
    const tls =
      values['tls-cert'] && values['tls-key']
        ? { cert: readFileSync(values['tls-cert']), key: readFileSync(values['tls-key']) }
        : undefined;
    const opts = {
      config: values.config,
      db: values.db,
      port,
      host: values.host ?? '127.0.0.1',
      ...(clock ? { clock, isClockForced: values['force-clock'] === true } : {}),
    };
    started = await startCollector(tls ? { ...opts, tls } : opts, logger);
  } catch (error) {
    // ConfigError, DatabaseFromFutureError, ClockBehindDataError and I/O faults alike: say why, exit 1.
    logger.error('startup.failed', { reason: error instanceof Error ? error.message : String(error) });
    return 1;
  }
  reloadOnHangup(started.collector, () => loadConfigFile(configPath), logger);
  return waitForSignal(started.collector, logger, stop);
}

/** On SIGHUP, validates the config file again and hands it to the collector; a bad one is refused and logged. */
export function reloadOnHangup(collector: Collector, readConfig: () => Config, logger: Logger): void {
  process.on('SIGHUP', () => {
    try {
      const { needsRestart } = collector.reload(readConfig());
      if (needsRestart.length > 0) logger.warn('config.needs_restart', { settings: needsRestart.join(',') });
    } catch (error) {
      logger.error('config.reload_refused', {
        reason: error instanceof Error ? error.message : String(error),
        keeping: 'the running config',
      });
    }
  });
}

/**
 * Catches SIGTERM and SIGINT from the moment it is called. Installed before start-up: a stop that arrives
 * while the collector is starting must wait for a clean shutdown, not kill the process by default.
 */
export function stopRequested(): Promise<string> {
  return new Promise((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
}

/** Resolves with exit code 0 after a clean shutdown once a stop is requested. */
export async function waitForSignal(
  collector: Collector,
  logger: Logger,
  stop: Promise<string>,
): Promise<number> {
  const signal = await stop;
  logger.info('collector.stopping', { signal });
  try {
    await collector.close();
    logger.info('collector.stopped');
    return 0;
  } catch (error) {
    logger.error('collector.stop_failed', { error: String(error) });
    return 1;
  }
}
