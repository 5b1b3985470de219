// Over 250 lines: a benchmark script (targets, crossings, profile, table) read top to bottom, and ahead of it the
// pty screen it reads (createScreen, spawnOnPty), which bench/console-memory.ts imports too and which would be
// better in a module of its own.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import xterm from '@xterm/headless';
import type WebSocket from 'ws';
import { openInspector } from '../scripts/wall-soak.js';
import { startCollectorProcess, writeConfig } from '../test/helpers/collector-process.js';
import { freePort } from '../test/helpers/free-port.js';
import { TOKENS, testConfigInput } from '../test/helpers/test-config.js';
import { connect } from '../test/helpers/ws-client.js';
import { attribute, type CpuProfile } from './profile.js';
import { machine, ms, type Spread, sleep, spread, table, wallNow } from './stats.js';

/**
 * `npm run bench -- e2e [--crossings 40] [--only console|wall] [--profile] [--in-process 250:10,0:60]`
 * (issue 19.3): what the officer sees. A real
 * `dutywatch console` (the built `dist/`, as the `dutywatch` bin runs it) on a 120×40 pseudo-terminal made by
 * script(1), its output parsed by a headless xterm; a reading that crosses the river gauge's warning line is
 * sent and timed until the escalation prompt for the new alert ("Alert #N needs you") is on the emulator's
 * screen; then a reading far below, timed until the prompt is gone (the alert closed), and again. The same for
 * `dutywatch wall` at 160×48, until its header counts the unacknowledged alert. Beside each figure: the time
 * until the same delta reaches a bare watcher socket in this process, so the collector's share is apart from
 * the screen's. `--profile` CPU-profiles the console over the crossings through its inspector; `--in-process`
 * also runs `renderConsole` in this process with other data-flush intervals and frame caps (flushMs:maxFps).
 */

const { Terminal } = xterm;
const BIN = join(import.meta.dirname, '..', 'bin', 'dutywatch.js');
const BUILT = join(import.meta.dirname, '..', 'dist', 'console.mjs');
const TARGET_CONSOLE_P99_MS = 150;
const TARGET_WALL_MS = 1200;
const TIMEOUT_MS = 10_000;
// `--profile`: the console runs with the inspector on this port and is CPU-profiled over the crossings.
let profilePort: number | undefined;

type Waiter = { isDone: (screen: string) => boolean; resolve: (arrivedAt: number) => void };

/** A screen fed by a terminal's output: a headless xterm (or, unparsed, the output's recent tail). */
export type Screen = {
  /** The emulator's screen, rows joined by line feeds (the raw tail when not parsed). */
  screen: () => string;
  /**
   * Resolves with the wall-clock time the output chunk arrived that made `isDone` true of the screen. Register
   * before the cause, so no chunk is missed.
   */
  waitFor: (isDone: (screen: string) => boolean, timeoutMs?: number) => Promise<number>;
  waitForText: (text: string, timeoutMs?: number) => Promise<number>;
};

/** Output in, screen out: `feed` each chunk as it arrives. */
export function createScreen(
  cols: number,
  rows: number,
  isParsed = true,
): Screen & { feed: (d: Buffer | string) => void } {
  const term = isParsed ? new Terminal({ cols, rows, allowProposedApi: true, scrollback: 0 }) : undefined;
  let tail = '';
  const screen = () => {
    if (!term) return tail;
    const buffer = term.buffer.active;
    return Array.from(
      { length: rows },
      (_, i) => buffer.getLine(buffer.viewportY + i)?.translateToString(true) ?? '',
    ).join('\n');
  };
  let waiters: Waiter[] = [];
  const check = (arrivedAt: number) => {
    if (waiters.length === 0) return;
    const now = screen();
    const done = waiters.filter((w) => w.isDone(now));
    if (done.length === 0) return;
    waiters = waiters.filter((w) => !done.includes(w));
    for (const w of done) w.resolve(arrivedAt);
  };
  const feed = (d: Buffer | string) => {
    const arrivedAt = wallNow();
    if (term) term.write(d, () => check(arrivedAt));
    else {
      tail = (tail + d.toString()).slice(-65_536);
      check(arrivedAt);
    }
  };
  const waitFor = (isDone: (screen: string) => boolean, timeoutMs = TIMEOUT_MS) =>
    new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters = waiters.filter((w) => w !== waiter);
        reject(new Error(`not on the screen within ${timeoutMs} ms:\n${screen()}`));
      }, timeoutMs);
      const waiter: Waiter = {
        isDone,
        resolve: (at) => {
          clearTimeout(timer);
          resolve(at);
        },
      };
      waiters.push(waiter);
    });
  return {
    screen,
    feed,
    waitFor,
    waitForText: (text, timeoutMs) => waitFor((s) => s.includes(text), timeoutMs),
  };
}

/** A process on a pty and its screen. */
export type PtyScreen = Screen & { child: ChildProcess; stop: () => void };

/** Spawns `dutywatch ARGS` (the bin, with `nodeArgs` before it) on a `cols`×`rows` pty made by script(1). */
export function spawnOnPty(options: {
  cols: number;
  rows: number;
  args: string[];
  nodeArgs?: string[];
  isParsed?: boolean;
  term?: string;
}): PtyScreen {
  const { cols, rows, args, nodeArgs = [], isParsed = true, term = 'xterm-256color' } = options;
  const { CI: _ci, CONTINUOUS_INTEGRATION: _cont, ...env } = process.env;
  const quoted = [process.execPath, ...nodeArgs, BIN, ...args]
    .map((a) => `'${a.replace(/'/g, `'\\''`)}'`)
    .join(' ');
  const child = spawn('script', ['-qfec', `stty cols ${cols} rows ${rows}; exec ${quoted}`, '/dev/null'], {
    env: { ...env, LANG: 'en_US.UTF-8', TERM: term },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const screen = createScreen(cols, rows, isParsed);
  child.stdout.on('data', (d: Buffer) => screen.feed(d));
  return { ...screen, child, stop: () => child.kill('SIGTERM') };
}

/**
 * The console in this process (`renderConsole`, as `dutywatch console` runs it) on a fake 120×40 TTY fed to the
 * emulator, with the data flush interval and Ink's frame cap set: to see what those two throttles cost.
 */
async function inProcessConsole(
  url: string,
  flushMs: number,
  maxFps: number,
): Promise<Screen & { stop: () => void }> {
  // Ink decides at import time whether it runs in CI (and then draws only its last frame).
  delete process.env['CI'];
  delete process.env['CONTINUOUS_INTEGRATION'];
  const { renderConsole } = await import('../src/console/render-console.js');
  const { consoleSettings } = await import('../src/console/settings.js');
  const { fakeTerminal } = await import('../test/console/fake-terminal.js');
  const fake = fakeTerminal(120, 40);
  const screen = createScreen(120, 40);
  const write = fake.stdout.write.bind(fake.stdout);
  (fake.stdout as unknown as { write: (chunk: string | Uint8Array) => boolean }).write = (chunk) => {
    screen.feed(typeof chunk === 'string' ? chunk : Buffer.from(chunk));
    return write(typeof chunk === 'string' ? '' : new Uint8Array());
  };
  const settings = { ...consoleSettings({ lang: 'en', isAscii: false, hasColor: true }), flushMs, maxFps };
  const handle = await renderConsole({
    url,
    token: TOKENS.officer,
    settings,
    stdout: fake.stdout,
    stdin: fake.stdin,
  });
  return { ...screen, stop: () => void handle.stop() };
}

type Watched = { openedAt: Map<number, number>; closedAt: Map<number, number> };

/** A bare watcher: when each water.warning alert on G1 was first seen triggered, and closed. */
function watchAlerts(ws: WebSocket): Watched {
  const watched: Watched = { openedAt: new Map(), closedAt: new Map() };
  ws.on('message', (data) => {
    const at = wallNow();
    const frame = JSON.parse(String(data)) as {
      type: string;
      changes?: { kind: string; alert?: { id: number; key: string; state: string } }[];
    };
    if (frame.type !== 'delta') return;
    for (const c of frame.changes ?? []) {
      if (c.kind !== 'alert' || c.alert?.key !== 'water.warning:G1') continue;
      const { id, state } = c.alert;
      if (state === 'closed') {
        if (!watched.closedAt.has(id)) watched.closedAt.set(id, at);
      } else if (!watched.openedAt.has(id)) watched.openedAt.set(id, at);
    }
  });
  return watched;
}

type Target = {
  name: string;
  /** What the row says the screen is. */
  label: string;
  isWall: boolean;
  open: (url: string) => Promise<Screen & { stop: () => void }>;
  /** The screen shows the new alert (any id above `lastId`) / no longer shows alert `id`. */
  shows: (screen: string, lastId: number) => number | undefined;
  isGone: (screen: string, id: number) => boolean;
  target: string;
};

// Set from `--node-args` before the targets open.
let consoleNodeArgs: string[] = [];

const TARGETS: Target[] = [
  {
    name: 'console',
    label: 'dutywatch console 120×40',
    isWall: false,
    open: async (url) =>
      spawnOnPty({
        cols: 120,
        rows: 40,
        args: ['console', '--url', url, '--token', TOKENS.officer, '--lang', 'en'],
        nodeArgs: [
          ...consoleNodeArgs,
          ...(profilePort === undefined ? [] : [`--inspect=127.0.0.1:${profilePort}`]),
        ],
      }),
    shows: (screen, lastId) => {
      const id = Number(/Alert #(\d+) needs you/.exec(screen)?.[1] ?? 0);
      return id > lastId ? id : undefined;
    },
    isGone: (screen, id) => !screen.includes(`Alert #${id} needs you`),
    target: `p99 < ${TARGET_CONSOLE_P99_MS}`,
  },
  {
    name: 'wall',
    label: 'dutywatch wall 160×48',
    isWall: true,
    open: async (url) =>
      spawnOnPty({
        cols: 160,
        rows: 48,
        args: ['wall', '--url', url, '--token', TOKENS.viewer, '--lang', 'en'],
      }),
    // The wall names no alert ids: its header counts the unacknowledged ones (one while G1 is over its line).
    shows: (screen, lastId) => (/unacked [1-9]/.test(screen) ? lastId + 1 : undefined),
    isGone: (screen) => /unacked 0/.test(screen),
    target: `max < ${TARGET_WALL_MS}`,
  },
];

type Result = {
  target: Target;
  up: Spread;
  down: Spread;
  upFeed: Spread;
  downFeed: Spread;
  loads: [string, string];
  failures: number;
};

/** One change's columns of the table: n, p50, p90, p99 and max on the screen, then p50 and p99 at the bare feed. */
function latencyCells(screen: Spread, feed: Spread): string[] {
  return [
    String(screen.n),
    ms(screen.p50),
    ms(screen.p90),
    ms(screen.p99),
    ms(screen.max),
    ms(feed.p50),
    ms(feed.p99),
  ];
}

async function measureTarget(target: Target, crossings: number, print: (line: string) => void) {
  const dir = mkdtempSync(join(tmpdir(), `dw-e2e-${target.name}-`));
  // Alerts close as soon as the level is back below (no minimum hold), so every crossing opens a new one.
  const config = { ...testConfigInput(), alerts: { minHoldMinutes: 0 } };
  const collector = await startCollectorProcess(writeConfig(dir, config), join(dir, 'e2e.db'));
  const screen = await target.open(collector.url);
  const source = await connect(collector.url, '/ingest', TOKENS.gauges);
  source.on('message', (data) => {
    const reply = JSON.parse(String(data)) as { type: string; message?: string };
    if (reply.type !== 'ack') print(`# reading refused: ${reply.message}`);
  });
  const watcher = await connect(collector.url, '/watch', TOKENS.viewer);
  const watched = watchAlerts(watcher);
  const loadStart = loadavg()[0]?.toFixed(1) ?? '?';
  const up: number[] = [];
  const down: number[] = [];
  const upFeed: number[] = [];
  const downFeed: number[] = [];
  let failures = 0;
  let n = 0;
  const send = (level: number) => {
    n += 1;
    const sentAt = wallNow();
    source.send(
      JSON.stringify({
        type: 'reading',
        id: `e2e-${n}`,
        station: 'G1',
        observedAt: new Date().toISOString(),
        level,
      }),
    );
    return sentAt;
  };
  try {
    await screen.waitForText(target.isWall ? 'unacked 0' : 'Log', 30_000);
    await sleep(1000);
    const inspector =
      profilePort !== undefined && target.name === 'console' ? await openInspector(profilePort) : undefined;
    await inspector?.send('Profiler.enable');
    await inspector?.send('Profiler.setSamplingInterval', { interval: 200 });
    await inspector?.send('Profiler.start');
    const profiledFrom = wallNow();
    let lastId = 0;
    for (let i = 0; i < crossings; i += 1) {
      // A random pause, so sends fall at every phase of the screen's redraw timer and the collector's tick.
      await sleep(200 + Math.random() * 400);
      let id = lastId;
      const shown = screen.waitFor((s) => {
        const seen = target.shows(s, lastId);
        if (seen !== undefined) id = seen;
        return seen !== undefined;
      });
      const openedBefore = watched.openedAt.size;
      const upAt = send(10.5);
      try {
        up.push((await shown) - upAt);
      } catch (error) {
        failures += 1;
        print(`# ${target.name} crossing ${i}: ${(error as Error).message.split('\n')[0]}`);
        continue;
      }
      // The screen can be quicker than this process's own watcher socket: wait for the feed's copy too.
      for (let w = 0; w < 50 && watched.openedAt.size === openedBefore; w += 1) await sleep(50);
      const feedId = [...watched.openedAt.keys()].at(-1) ?? id;
      upFeed.push((watched.openedAt.get(feedId) ?? Number.NaN) - upAt);
      lastId = target.isWall ? feedId : id;
      await sleep(200 + Math.random() * 400);
      const gone = screen.waitFor((s) => target.isGone(s, id));
      const downAt = send(5);
      try {
        down.push((await gone) - downAt);
      } catch (error) {
        failures += 1;
        print(`# ${target.name} back below ${i}: ${(error as Error).message.split('\n')[0]}`);
      }
      // The close reaches the feed at the next tick at the latest; wait for it so the next crossing is new.
      for (let w = 0; w < 50 && !watched.closedAt.has(feedId); w += 1) await sleep(50);
      downFeed.push((watched.closedAt.get(feedId) ?? Number.NaN) - downAt);
    }
    if (inspector) {
      const { profile } = (await inspector.send('Profiler.stop')) as unknown as { profile: CpuProfile };
      printProfile(attribute(profile), wallNow() - profiledFrom, print);
      inspector.close();
    }
  } finally {
    source.close();
    watcher.close();
    screen.stop();
    await collector.kill9();
    rmSync(dir, { recursive: true, force: true });
  }
  const finite = (xs: number[]) => xs.filter((x) => Number.isFinite(x));
  const result: Result = {
    target,
    up: spread(up),
    down: spread(down),
    upFeed: spread(finite(upFeed)),
    downFeed: spread(finite(downFeed)),
    loads: [loadStart, loadavg()[0]?.toFixed(1) ?? '?'],
    failures,
  };
  return result;
}

/** The console's busiest functions over the crossings, and how much of the time it was busy at all. */
function printProfile(times: ReturnType<typeof attribute>, wallMs: number, print: (line: string) => void) {
  const idle = times.find((t) => t.name === '(idle)')?.selfMs ?? 0;
  const root = times.find((t) => t.name === '(root)')?.totalMs ?? wallMs;
  print(
    `# console CPU profile over ${(wallMs / 1000).toFixed(1)} s of crossings: busy ${(((root - idle) / wallMs) * 100).toFixed(0)}% ` +
      'of the wall-clock time (one core); by time on the stack:',
  );
  const rows = times.filter((t) => !['(root)', '(idle)'].includes(t.name)).slice(0, 25);
  print(
    table(
      ['function', 'total ms', 'self ms'],
      rows.map((t) => [t.name.replace(/ .*dist\//, ' dist/'), ms(t.totalMs), ms(t.selfMs)]),
      ['l', 'r', 'r'],
    ),
  );
  const self = [...times].sort((a, b) => b.selfMs - a.selfMs).slice(0, 12);
  print(
    table(
      ['function (by self time)', 'self ms'],
      self.map((t) => [t.name, ms(t.selfMs)]),
      ['l', 'r'],
    ),
  );
}

/** Runs the benchmark and prints one table. */
export async function runE2eBench(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      crossings: { type: 'string', default: '40' },
      only: { type: 'string' },
      // `--in-process 250:10,0:60`: also the console in this process with these flush intervals and frame caps.
      'in-process': { type: 'string' },
      profile: { type: 'boolean', default: false },
      // V8 flags for the console process, e.g. --no-optimize-for-size to time it as before issue 19.5's setting.
      'node-args': { type: 'string', default: '' },
    },
  });
  if (values.profile) profilePort = await freePort();
  consoleNodeArgs = values['node-args'].split(' ').filter((a) => a !== '');
  const variants = (values['in-process'] ?? '')
    .split(',')
    .filter((v) => v !== '')
    .map((v): Target => {
      const [flushMs = 250, maxFps = 10] = v.split(':').map(Number);
      return {
        ...(TARGETS[0] as Target),
        name: `in-process ${v}`,
        label: `renderConsole in process, flush ${flushMs} ms, ${maxFps} fps`,
        open: (url) => inProcessConsole(url, flushMs, maxFps),
      };
    });
  const crossings = Number(values.crossings);
  const print = (line: string) => process.stdout.write(`${line}\n`);
  if (!existsSync(BUILT) || process.env['DUTYWATCH_FROM_SOURCE'] === '1') {
    print('note: no dist/ build, so this times the TypeScript sources through tsx (npm run build first)');
  }
  print(`machine: ${machine()}`);
  const results: Result[] = [];
  for (const target of [...TARGETS, ...variants]) {
    if (values.only !== undefined && !target.name.startsWith(values.only)) continue;
    results.push(await measureTarget(target, crossings, print));
  }
  print(
    `\nline crossing → on the screen, ${crossings} crossings each (ms); "feed" is the same delta at a bare watcher socket`,
  );
  print(
    table(
      ['screen', 'change', 'n', 'p50', 'p90', 'p99', 'max', 'feed p50', 'feed p99', 'load 1m', 'target'],
      results.flatMap((r) => [
        [
          r.target.label,
          r.target.isWall ? 'header counts the alert' : 'prompt "Alert #N needs you" drawn',
          ...latencyCells(r.up, r.upFeed),
          r.loads.join(' → '),
          r.target.target,
        ],
        [
          '',
          r.target.isWall ? 'back below: count back to 0' : 'back below: prompt gone',
          ...latencyCells(r.down, r.downFeed),
          '',
          '',
        ],
      ]),
      ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'l', 'l'],
    ),
  );
  const failed = results.reduce((s, r) => s + r.failures, 0);
  if (failed > 0) print(`${failed} changes never showed within ${TIMEOUT_MS} ms (left out of the figures)`);
}
