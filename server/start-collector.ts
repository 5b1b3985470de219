import type { Logger } from '../src/log/logger.js';
import { type Collector, createCollector } from './collector.js';
import { loadConfigFile } from './config-file.js';
import { checkDrillClock, type DrillClock, drillClockOf } from './drill-clock.js';
import { VERSION } from './version.js';

/** Builds a collector from its config file and database, starts it listening and logs where. */
export async function startCollector(
  opts: {
    config: string;
    db: string;
    port: number;
    host: string;
    tls?: { cert: Buffer; key: Buffer };
    clock?: DrillClock;
    isClockForced?: boolean;
  },
  logger: Logger,
): Promise<{ collector: Collector; port: number }> {
  const config = loadConfigFile(opts.config);
  if (opts.clock) checkDrillClock(opts.db, opts.clock, opts.isClockForced === true);
  const collector = createCollector({
    config,
    dbPath: opts.db,
    logger,
    version: VERSION,
    ...(opts.tls ? { tls: opts.tls } : {}),
    ...(opts.clock
      ? {
          clock: drillClockOf(opts.clock),
          clockRate: opts.clock.speed,
          simulatedClockStart: opts.clock.start,
        }
      : {}),
  });
  if (opts.clock) {
    logger.warn('collector.simulated_clock', {
      start: new Date(opts.clock.start).toISOString(),
      speed: opts.clock.speed,
    });
  }
  const port = await collector.listen(opts.port, opts.host);
  const scheme = opts.tls ? 'wss' : 'ws';
  logger.info('collector.listening', {
    host: opts.host,
    port,
    scheme,
    db: opts.db,
    county: config.county.nameAscii,
  });
  return { collector, port };
}
