import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../../server/clock.js';
import { type Collector, createCollector } from '../../server/collector.js';
import type { Logger } from '../../src/log/logger.js';
import type { Config } from '../../src/protocol/index.js';
import { testConfig } from './test-config.js';

export type RunningCollector = {
  collector: Collector;
  port: number;
  url: string;
  dir: string;
  dbPath: string;
  /** Closes the collector (if still open) and deletes its directory. */
  stop(): Promise<void>;
};

/** Starts a real collector on port 0 with a temporary SQLite file. */
export async function startCollector(
  options: {
    config?: Config;
    clock?: Clock;
    dir?: string;
    feedIntervalMs?: number;
    feedHighWaterBytes?: number;
    logger?: Logger;
    idLoadSliceRows?: number;
  } = {},
): Promise<RunningCollector> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'dutywatch-test-'));
  const dbPath = join(dir, 'collector.db');
  const collector = createCollector({
    config: options.config ?? testConfig(),
    dbPath,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.feedIntervalMs !== undefined ? { feedIntervalMs: options.feedIntervalMs } : {}),
    ...(options.feedHighWaterBytes !== undefined ? { feedHighWaterBytes: options.feedHighWaterBytes } : {}),
    ...(options.idLoadSliceRows !== undefined ? { idLoadSliceRows: options.idLoadSliceRows } : {}),
  });
  const port = await collector.listen(0);
  return {
    collector,
    port,
    url: `ws://127.0.0.1:${port}`,
    dir,
    dbPath,
    async stop() {
      await collector.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A clock the test moves by hand. */
export function manualClock(start: number): Clock & { set(ms: number): void; advance(ms: number): void } {
  let now = start;
  return {
    now: () => now,
    set: (ms) => {
      now = ms;
    },
    advance: (ms) => {
      now += ms;
    },
  };
}
