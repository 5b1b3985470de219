import { createWriteStream, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCollector } from '../../server/collector.js';
import { loadConfigFile } from '../../server/config-file.js';
import { drillClockOf, parseDrillClock } from '../../server/drill-clock.js';
import { VERSION } from '../../server/version.js';
import { rosterAt } from '../domain/duty-roster.js';
import { createLogger } from '../log/logger.js';
import { packageRoot } from '../package-root.js';
import type { Config } from '../protocol/index.js';
import { runReplay } from '../replay/replay-runner.js';
import { readScenario } from '../replay/scenario.js';
import { intOption, numberOption, UsageError } from './args.js';
import { CONSOLE_OPTIONS, settingsFromOptions } from './console.js';
import { defineCommand } from './define-command.js';
import { demoPhoneSecret, startPhoneNetwork, withPhoneNetwork } from './demo-phone-network.js';

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

Starts a collector with the demo county on a fresh database in --data, on a simulated clock that starts at the
flood-night scenario's own start (a July evening in flood season, whatever today's date) and runs --speed times
faster than real time, replays the scenario into it, and opens the duty console on it as the duty officer
(王磊, token dw_demo_officer). Every header says 演练时钟 / SIMULATED CLOCK. A loopback "phone network"
receives the call-outs' (叫应) messages and answers most of them after a few seconds, leaving a few silent for
the chase. The collector's and the replay's logs go to DIR/demo.log while the console
is open; with --no-console, or without a terminal, they go to stderr and no console opens.

Options:
  --data DIR       where the demo database lives (default ./data; demo.db is recreated each run)
  --port N         port for the collector (default 8470; 0 picks a free one)
  --speed N        scenario minutes per real minute (default 60: six hours of flood night in six minutes)
  --clock START    start the clock (and the scenario) at another instant with its offset, e.g.
                   2026-08-10T20:00:00+08:00 (default: the scenario's start, 2026-07-19T20:00:00+08:00)
  --no-console     run the collector and the replay only, logging to stderr
  --lang zh|en     the console's language (default from LANG/LC_ALL)
  --low-bandwidth  the console's slow-link mode; also --bell on|off, --bell-repeat S, --ascii, --no-color, --stats`;

/** `dutywatch demo`. */
export const demoCommand = defineCommand({
  name: 'demo',
  summary: 'run the demo: a collector, the flood-night scenario, and the console on it',
  help: HELP,
  options: {
    data: { type: 'string' },
    port: { type: 'string' },
    speed: { type: 'string' },
    clock: { type: 'string' },
    'no-console': { type: 'boolean' },
    ...CONSOLE_OPTIONS,
  },
  async run({ values }) {
    const speed = numberOption('demo', 'speed', values.speed, 60);
    const scenario = readScenario(DEMO_SCENARIO);
    // The demo night is a flood-season night on its own clock: on a December date it would otherwise be judged
    // out of season, its reservoir "normal" while the scenario says 超汛限 (issue 12.9).
    const drill = parseDrillClock(values.clock ?? new Date(scenario.start).toISOString());
    if (typeof drill === 'string') throw new UsageError(`dutywatch demo: --clock ${drill}`);
    const port = intOption('demo', 'port', values.port, 8470);
    const dataDir = values.data ?? 'data';
    mkdirSync(dataDir, { recursive: true });
    const dbPath = join(dataDir, 'demo.db');
    for (const suffix of ['', '-wal', '-shm']) rmSync(dbPath + suffix, { force: true });

    const wantsConsole = values['no-console'] !== true;
    const hasTerminal = process.stdin.isTTY === true && process.stdout.isTTY === true;
    const withConsole = wantsConsole && hasTerminal;
    const settings = settingsFromOptions('demo', values);
    if (wantsConsole && !hasTerminal) {
      process.stderr.write(
        'dutywatch demo: no terminal here, so the console is not opened; running the collector and the replay with logs on stderr (run it in a terminal, or over ssh -t, for the console)\n',
      );
    }
    // With the console on screen, stderr is the same terminal: logs would tear the frame, so they go to a file.
    const logPath = join(dataDir, 'demo.log');
    if (withConsole) writeFileSync(logPath, '');
    const logger = withConsole ? createLogger(createWriteStream(logPath, { flags: 'a' })) : createLogger();
    const start = drill.start;
    // The loopback phone network takes the call-outs' messages and answers for most people (叫应, issue 16).
    // People answer within one to six minutes of county time, so most beat the five-minute deadline at any --speed.
    const phone = await startPhoneNetwork({
      secret: demoPhoneSecret(),
      logger,
      delayMs: [60_000 / speed, 360_000 / speed],
    });
    const config = withPhoneNetwork(
      withoutIdleHeartbeats(onDutyFromStart(loadConfigFile(DEMO_CONFIG), start), [DEMO_SOURCE_TOKEN]),
      phone.url,
    );
    const clock = drillClockOf({ start, speed });
    const collector = createCollector({
      config,
      dbPath,
      clock,
      clockRate: speed,
      simulatedClockStart: start,
      logger,
      version: VERSION,
    });
    const bound = await collector.listen(port).catch(() => collector.listen(0));
    const url = `ws://127.0.0.1:${bound}`;
    logger.info('demo.started', {
      url,
      db: dbPath,
      speed,
      scenario: scenario.name,
      clock: new Date(start).toISOString(),
    });
    collector.onCommitted((changes) => {
      for (const c of changes) logger.info(`stored.${c.kind}`, c);
    });

    const stop = new AbortController();
    const replay = runReplay({
      url,
      token: DEMO_TOKENS.source,
      scenario,
      speed,
      startAt: start,
      signal: stop.signal,
    }).then((result) => {
      logger.info('demo.scenario_done', { acked: result.acked, refused: result.errors });
      for (const e of result.firstErrors) logger.warn('demo.refused', e);
      if (!stop.signal.aborted)
        logger.info('demo.running', { url, hint: withConsole ? 'q to quit' : 'Ctrl-C to stop' });
    });
    let code = 0;
    if (withConsole) {
      // Loaded only now: the console clears CI from the environment before Ink is imported.
      const { runConsole } = await import('../console/main.js');
      code = await runConsole({
        url,
        token: DEMO_TOKENS.officer,
        settings: { ...settings, quitStopsCollector: true },
        logFile: logPath,
        showStats: settings.showStats,
      });
    } else {
      await new Promise<void>((resolve) => {
        process.once('SIGINT', () => resolve());
        process.once('SIGTERM', () => resolve());
      });
    }
    stop.abort();
    await replay;
    await collector.close();
    await phone.close();
    return code;
  },
});

/** The token the demo's replay speaks with: the only source the demo feeds. */
const DEMO_SOURCE_TOKEN = 'demo-source';

/**
 * The demo config without the heartbeats of source tokens the demo does not drive (the SL 651 telemetry token):
 * otherwise the demo raises an alert about its own silent machinery. Only the in-memory copy changes.
 */
export function withoutIdleHeartbeats(config: Config, fed: readonly string[]): Config {
  const tokens = config.tokens.map((token) => {
    if (token.heartbeatMinutes === undefined || fed.includes(token.name)) return token;
    const { heartbeatMinutes: _idle, ...rest } = token;
    return rest;
  });
  return { ...config, tokens };
}

/**
 * The demo config with its rotation anchored on the shift running at `start`, so the demo officer (王磊,
 * rotation[0]) holds the watch when the console opens, whatever the date. Only the in-memory copy changes.
 */
export function onDutyFromStart(config: Config, start: number): Config {
  const shift = rosterAt(config.duty, new Map(), start, config.county.utcOffset);
  return { ...config, duty: { ...config.duty, anchor: shift.date } };
}
