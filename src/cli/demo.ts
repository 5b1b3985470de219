import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { acceleratedClock } from '../../server/clock.js';
import { createCollector } from '../../server/collector.js';
import { loadConfigFile } from '../../server/config-file.js';
import { createLogger } from '../../server/log.js';
import { VERSION } from '../../server/version.js';
import { packageRoot } from '../package-root.js';
import { runReplay } from '../replay/replay-runner.js';
import { readScenario } from '../replay/scenario.js';
import { type Command, intOption, numberOption, parseOptions } from './args.js';

const ROOT = packageRoot();

/** The demo county's public tokens (fixtures/county/demo-tokens.md); never use them outside a demo. */
export const DEMO_TOKENS = {
  source: 'dw_demo_source',
  officer: 'dw_demo_officer',
  leader: 'dw_demo_leader',
  viewer: 'dw_demo_viewer',
  admin: 'dw_demo_admin',
} as const;

export const DEMO_CONFIG = join(ROOT, 'fixtures', 'county', 'demo-county.json');
export const DEMO_SCENARIO = join(ROOT, 'fixtures', 'scenarios', 'flood-night.jsonl');

const HELP = `Usage: dutywatch demo [options]      (what "npm start" runs)

Starts a collector with the demo county on a fresh database in --data, on a clock that runs --speed times
faster than real time, and replays the flood-night scenario into it. Logs go to stderr.

Options:
  --data DIR     where the demo database lives (default ./data; demo.db is recreated each run)
  --port N       port for the collector (default 8470; 0 picks a free one)
  --speed N      scenario minutes per real minute (default 60: six hours of flood night in six minutes)`;

/** `dutywatch demo`. */
export const demoCommand: Command = {
  summary: 'run the demo: a collector with the flood-night scenario feeding it',
  help: HELP,
  async run(argv) {
    const { values } = parseOptions('demo', argv, {
      data: { type: 'string' },
      port: { type: 'string' },
      speed: { type: 'string' },
    });
    if (values.help) {
      process.stdout.write(`${HELP}\n`);
      return 0;
    }
    const speed = numberOption('demo', 'speed', values.speed, 60);
    const port = intOption('demo', 'port', values.port, 8470);
    const dataDir = values.data ?? 'data';
    mkdirSync(dataDir, { recursive: true });
    const dbPath = join(dataDir, 'demo.db');
    for (const suffix of ['', '-wal', '-shm']) rmSync(dbPath + suffix, { force: true });

    const logger = createLogger();
    const config = loadConfigFile(DEMO_CONFIG);
    const scenario = readScenario(DEMO_SCENARIO);
    const start = Date.now();
    const clock = acceleratedClock(speed, start);
    const collector = createCollector({ config, dbPath, clock, clockRate: speed, logger, version: VERSION });
    const bound = await collector.listen(port).catch(() => collector.listen(0));
    const url = `ws://127.0.0.1:${bound}`;
    logger.info('demo.started', { url, db: dbPath, speed, scenario: scenario.name });
    collector.onCommitted((changes) => {
      for (const c of changes) logger.info(`stored.${c.kind}`, c);
    });

    const stop = new AbortController();
    const stopped = new Promise<void>((resolve) => {
      const onSignal = () => {
        stop.abort();
        resolve();
      };
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
    });
    const result = await runReplay({
      url,
      token: DEMO_TOKENS.source,
      scenario,
      speed,
      startAt: start,
      signal: stop.signal,
    });
    logger.info('demo.scenario_done', { acked: result.acked, refused: result.errors });
    for (const e of result.firstErrors) logger.warn('demo.refused', e);
    if (!stop.signal.aborted) logger.info('demo.running', { url, hint: 'Ctrl-C to stop' });
    await stopped;
    await collector.close();
    return 0;
  },
};
