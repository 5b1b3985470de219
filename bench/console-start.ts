import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCollectorProcess, writeConfig } from '../test/helpers/collector-process.js';
import { TOKENS, testConfigInput } from '../test/helpers/test-config.js';
import { int, table } from './stats.js';

/**
 * `npm run bench -- console-start`: exec → first frame of `dutywatch console`, as an officer at 3 a.m. feels it.
 * Each run spawns the real command (the compiled `dist/` the `dutywatch` bin runs, as after `npm install`) on a
 * pseudo-terminal of 120×40 made by `script(1)`, against a collector in another process, and times from the
 * spawn until the terminal shows the first full frame: the link live and every panel drawn. `dutywatch --help`
 * is timed the same way, for the floor Node and the CLI set.
 */

const RUNS = 7;
const TARGET_MS = 500;
const BIN = join(import.meta.dirname, '..', 'bin', 'dutywatch.js');
const BUILT = join(import.meta.dirname, '..', 'dist', 'src', 'cli', 'main.js');

/**
 * CPU time (user + system, ms) the main thread of `script`'s child has used so far: the command itself, which
 * `script` runs with exec. A shared, busy machine stretches wall time; CPU time shows the work. Linux only.
 */
function commandCpuMs(scriptPid: number | undefined): number {
  try {
    const child = readFileSync(`/proc/${scriptPid}/task/${scriptPid}/children`, 'utf8')
      .trim()
      .split(/\s+/)[0];
    const stat = readFileSync(`/proc/${child}/task/${child}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return Number.NaN;
  }
}

// USER_HZ, 100 on Linux everywhere we run.
const CLOCK_TICKS = 100;

type Timing = { ms: number; cpuMs: number };

/** Spawns `args` on a pty and resolves with the time until its output satisfies `isDone` (then kills it). */
function timeUntil(args: string[], isDone: (output: string) => boolean, bin = BIN): Promise<Timing> {
  const { CI: _ci, CONTINUOUS_INTEGRATION: _cont, ...env } = process.env;
  const quoted = [process.execPath, bin, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const started = performance.now();
  const child = spawn('script', ['-qfec', `stty cols 120 rows 40; exec ${quoted}`, '/dev/null'], {
    env: { ...env, LANG: 'en_US.UTF-8', TERM: 'xterm-256color' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (d: Buffer) => {
      // latin1: a character split between two reads is not turned into U+FFFD (the checks are ASCII).
      output += d.toString('latin1');
      if (isDone(output)) {
        const ms = performance.now() - started;
        const cpuMs = commandCpuMs(child.pid);
        child.kill('SIGTERM');
        resolve({ ms, cpuMs });
      }
    });
    child.once('exit', () => reject(new Error(`exited before its first frame:\n${output.slice(-2000)}`)));
  });
}

/** Runs the benchmark and prints a table (median, best, worst of {@link RUNS}). */
export async function runConsoleStartBench(args: string[]): Promise<void> {
  // `--before DIR`: also time another build (a copy of bin/ and dist/ from an earlier commit), run for run
  // alternating with this one, so a before/after comparison shares the machine's load.
  const beforeAt = args.indexOf('--before');
  const beforeDir = beforeAt >= 0 ? args[beforeAt + 1] : undefined;
  const builds: [string, string][] = [
    ['', BIN],
    ...(beforeDir ? [['before: ', join(beforeDir, 'bin', 'dutywatch.js')] as [string, string]] : []),
  ];
  if (!existsSync(BUILT) || process.env['DUTYWATCH_FROM_SOURCE'] === '1') {
    console.error(
      'note: no dist/ build, so this times the TypeScript sources through tsx (npm run build first)',
    );
  }
  const dir = mkdtempSync(join(tmpdir(), 'dw-console-start-'));
  const collector = await startCollectorProcess(writeConfig(dir, testConfigInput()), join(dir, 'bench.db'));
  try {
    const help = builds.map((): Timing[] => []);
    const first = builds.map((): Timing[] => []);
    for (let i = 0; i < RUNS; i += 1) {
      for (const [b, [, bin]] of builds.entries()) {
        help[b]?.push(await timeUntil(['--help'], (o) => o.includes('Commands:'), bin));
        // The first full frame: the header says live and the last panel's title is drawn.
        first[b]?.push(
          await timeUntil(
            ['console', '--url', collector.url, '--token', TOKENS.officer, '--lang', 'en'],
            (o) => o.includes('live') && o.includes('Log'),
            bin,
          ),
        );
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
    const stat = (timings: Timing[]) => {
      const sorted = timings.map((t) => t.ms).sort((a, b) => a - b);
      const cpu = timings.map((t) => t.cpuMs).filter((ms) => !Number.isNaN(ms));
      return [
        int(median(sorted)),
        int(sorted[0] ?? 0),
        int(sorted.at(-1) ?? 0),
        cpu.length > 0 ? int(median(cpu)) : '',
      ];
    };
    console.log(`exec → first frame, ${RUNS} runs each, 120×40 pty (ms; CPU: the command's main thread):`);
    console.log(
      table(
        ['command', 'median', 'best', 'worst', 'CPU median', 'target'],
        builds.flatMap(([label], b) => [
          [`${label}dutywatch --help (floor)`, ...stat(help[b] ?? []), ''],
          [`${label}dutywatch console → first full frame`, ...stat(first[b] ?? []), `< ${TARGET_MS}`],
        ]),
      ),
    );
  } finally {
    await collector.kill9();
    rmSync(dir, { recursive: true, force: true });
  }
}
