import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import {
  CLOCK_START,
  compareSnapshots,
  heapSnapshot,
  levelFor,
  measure,
  openInspector,
} from '../scripts/wall-soak.js';
import { DEMO_CONFIG, DEMO_TOKENS } from '../src/cli/demo.js';
import { connectIngest, onReplies } from '../src/client/ingest-client.js';
import { startCollectorProcess } from '../test/helpers/collector-process.js';
import { replayDemoNight } from '../test/helpers/demo-night.js';
import { freePort } from '../test/helpers/free-port.js';
import { connect } from '../test/helpers/ws-client.js';
import { spawnOnPty } from './e2e.js';
import { sleep } from './stats.js';

/**
 * `npm run bench -- console-memory [--minutes 60] [--rate 100]` (issue 19.5): what the duty console holds after
 * an hour of a busy feed. A collector in its own process (the demo county on the flood-night drill clock, the
 * scenario replayed) gets `--rate` readings a second spread over the five stations, and two real `dutywatch
 * console` processes draw it on 120×40 ptys as the duty officer: one with the inspector on a loopback port (a
 * forced GC, `process.memoryUsage()` and V8's heap statistics every sample), one without (its RSS from /proc
 * only, the figure an officer's `ps` shows). A row every `--sample-minutes` (default 1). Before the run, the
 * RSS of an idle `node -e` (with and without the inspector) for the floor Node itself costs. `--heap-snapshots`:
 * the inspected console's heap at 10 minutes and at the end, compared by constructor.
 */

const MB = 1024 * 1024;
const mb = (n: number) => (n / MB).toFixed(1);
const TARGET_MB = 100;
const STATIONS = ['ST-RES-01', 'ST-RH-01', 'ST-RH-02', 'ST-BRH-01', 'ST-BRH-02'];

/** RSS and its parts from /proc/PID/status, in bytes. */
function procMemory(pid: number) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) * 1024;
  return { rss: kb('VmRSS'), anon: kb('RssAnon'), file: kb('RssFile'), hwm: kb('VmHWM') };
}

/** CPU seconds (user + system) a process has used, from /proc/PID/stat: what the memory settings cost. */
function procCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces, in parentheses): utime and stime are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** The pid of the process `script(1)` runs (the console: `sh -c` execs it). */
async function ptyChildPid(script: ChildProcess): Promise<number> {
  for (let i = 0; i < 100; i += 1) {
    try {
      const children = readFileSync(`/proc/${script.pid}/task/${script.pid}/children`, 'utf8').trim();
      const pid = Number(children.split(' ')[0]);
      if (pid > 0 && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('dutywatch')) return pid;
    } catch {}
    await sleep(100);
  }
  throw new Error('no console process under script(1)');
}

/** RSS of an idle `node -e` after a second: the floor of any Node process here. */
async function idleNodeRss(nodeArgs: string[]): Promise<number> {
  const child = spawn(process.execPath, [...nodeArgs, '-e', 'setInterval(() => {}, 1e6)'], {
    stdio: 'ignore',
  });
  await sleep(1500);
  const rss = child.pid ? procMemory(child.pid).rss : Number.NaN;
  child.kill('SIGTERM');
  return rss;
}

/** Runs the benchmark and prints a row per sample (redirect to a file for a long run). */
export async function runConsoleMemoryBench(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      minutes: { type: 'string', default: '60' },
      'sample-minutes': { type: 'string', default: '1' },
      rate: { type: 'string', default: '100' },
      // V8 flags for both consoles, to try a setting (e.g. --max-semi-space-size=1) without changing the bin.
      'node-args': { type: 'string', default: '' },
      // A heap snapshot of the inspected console at 10 minutes and at the end, compared by constructor: what the
      // live heap's slow rise is made of.
      'heap-snapshots': { type: 'boolean', default: false },
    },
  });
  const minutes = Number(values.minutes);
  const sampleMs = Number(values['sample-minutes']) * 60_000;
  const rate = Number(values.rate);
  const nodeArgs = values['node-args'].split(' ').filter((a) => a !== '');
  const print = (line: string) => process.stdout.write(`${line}\n`);
  const stamp = () => new Date().toISOString().slice(11, 19);
  const load = () =>
    loadavg()
      .map((l) => l.toFixed(1))
      .join(' ');

  const [bare, inspected] = [await idleNodeRss([]), await idleNodeRss(['--inspect=127.0.0.1:0'])];
  print(
    `# idle node -e: RSS ${mb(bare)} MB, with --inspect ${mb(inspected)} MB (Node ${process.version}); load ${load()}`,
  );

  const dir = mkdtempSync(join(tmpdir(), 'dw-console-memory-'));
  const collector = await startCollectorProcess(DEMO_CONFIG, join(dir, 'memory.db'), [
    '--clock',
    CLOCK_START,
  ]);
  const replayed = await replayDemoNight(collector.url);
  const clockStartMs = Date.parse(CLOCK_START);
  const clockZero = Date.now();

  const consoleArgs = ['console', '--url', collector.url, '--token', DEMO_TOKENS.officer, '--lang', 'zh'];
  const inspectPort = await freePort();
  const probed = spawnOnPty({
    cols: 120,
    rows: 40,
    args: consoleArgs,
    nodeArgs: [...nodeArgs, `--inspect=127.0.0.1:${inspectPort}`],
    isParsed: false,
  });
  const plain = spawnOnPty({ cols: 120, rows: 40, args: consoleArgs, nodeArgs, isParsed: false });
  const inspector = await openInspector(inspectPort);
  const plainPid = await ptyChildPid(plain.child);
  await Promise.all([probed.waitForText('值班日志'), plain.waitForText('值班日志')]);

  // What the collector says on the feed: deltas (frames) and the changes they carry, for the achieved rate.
  const watcher = await connect(collector.url, '/watch', DEMO_TOKENS.viewer);
  let frames = 0;
  let changes = 0;
  // And every alert the console is holding (open, and closed within the day it keeps them): their number is the
  // one part of its data that grows with time at this rate, as the wandering gauge opens and closes alerts.
  type AlertSeen = { id: number; closedAt: number | null };
  const alerts = new Map<number, boolean>();
  watcher.on('message', (data) => {
    const frame = JSON.parse(String(data)) as {
      type: string;
      changes?: { kind: string; alert?: AlertSeen }[];
      alerts?: AlertSeen[];
    };
    if (frame.type === 'snapshot') for (const a of frame.alerts ?? []) alerts.set(a.id, a.closedAt === null);
    if (frame.type !== 'delta') return;
    frames += 1;
    changes += frame.changes?.length ?? 0;
    for (const c of frame.changes ?? []) if (c.alert) alerts.set(c.alert.id, c.alert.closedAt === null);
  });
  const alertsHeld = () => {
    const open = [...alerts.values()].filter(Boolean).length;
    return `${alerts.size} / ${open}`;
  };

  const source = await connectIngest(collector.url, DEMO_TOKENS.source);
  let sent = 0;
  let refused = 0;
  onReplies(source, (reply) => {
    if (reply.type !== 'ack') {
      refused += 1;
      if (refused <= 3) print(`# refused: ${JSON.stringify(reply)}`);
    }
  });
  // `rate` readings a second round the stations, sent every 50 ms; levels wander as in the wall soak, so the
  // Ru River gauge crosses its warning line now and then and alerts open and close.
  // Paced by the clock, not by timer counts: on a loaded machine a 50 ms timer fires late, and the rate with it.
  const pumpStarted = Date.now();
  let n = 0;
  const pump = setInterval(() => {
    if (source.readyState !== WebSocket.OPEN) return;
    const at = new Date(clockStartMs + (Date.now() - clockZero) - 5_000).toISOString();
    const due = Math.floor(((Date.now() - pumpStarted) * rate) / 1000);
    while (n < due) {
      n += 1;
      const station = STATIONS[n % STATIONS.length] as string;
      const seconds = (Date.now() - clockZero) / 1000;
      source.send(
        JSON.stringify({
          type: 'reading',
          id: `mem-${n}`,
          station,
          observedAt: at,
          level: levelFor(station, seconds),
          rain: n % 97 === 0 ? 0.5 : 0,
        }),
      );
      sent += 1;
    }
  }, 50);

  print(
    `# console memory ${new Date().toISOString()}: ${minutes} min at ${rate} readings/s over ${STATIONS.length} ` +
      `stations, demo county (scenario replayed: ${replayed.acked} acked), console zh 120×40 as the duty officer` +
      (nodeArgs.length > 0 ? `, node ${nodeArgs.join(' ')}` : ''),
  );
  print('');
  print(
    '| at (UTC) | elapsed | load 1/5/15 | RSS MB | heap total | RSS after GC | anon MB | file MB | heap used | heap total after GC | ' +
      'external | V8 malloced | RSS no inspector | anon / file | deltas/s | changes/s | alerts held / open |',
  );
  print(`| --- | --- | --- |${' ---: |'.repeat(14)}`);
  let last = { at: Date.now(), frames: 0, changes: 0 };
  const sample = async (label: string) => {
    try {
      const pid = (await inspector.send('Runtime.evaluate', {
        expression: 'process.pid',
        returnByValue: true,
      })) as { result: { value: number } };
      const before = procMemory(pid.result.value);
      const usage = (await inspector.send('Runtime.evaluate', {
        expression: 'JSON.stringify(process.memoryUsage())',
        returnByValue: true,
      })) as { result: { value: string } };
      const beforeHeap = (JSON.parse(usage.result.value) as NodeJS.MemoryUsage).heapTotal;
      const m = await measure(inspector);
      const after = procMemory(m.pid);
      const v8 = (await inspector.send('Runtime.evaluate', {
        expression: "JSON.stringify(process.getBuiltinModule?.('v8')?.getHeapStatistics() ?? {})",
        returnByValue: true,
      })) as { result: { value: string } };
      const heap = JSON.parse(v8.result.value) as { malloced_memory?: number; external_memory?: number };
      const p = procMemory(plainPid);
      const now = Date.now();
      const seconds = (now - last.at) / 1000;
      const fps = (frames - last.frames) / seconds;
      const cps = (changes - last.changes) / seconds;
      last = { at: now, frames, changes };
      print(
        `| ${stamp()} | ${label} | ${load()} | ${mb(before.rss)} | ${mb(beforeHeap)} | ${mb(after.rss)} | ${mb(after.anon)} | ` +
          `${mb(after.file)} | ${mb(m.heapUsed)} | ${mb(m.heapTotal)} | ${mb(heap.external_memory ?? Number.NaN)} | ` +
          `${mb(heap.malloced_memory ?? Number.NaN)} | ${mb(p.rss)} | ${mb(p.anon)} / ${mb(p.file)} | ` +
          `${fps.toFixed(0)} | ${cps.toFixed(0)} | ${alertsHeld()} |`,
      );
    } catch (error) {
      print(`| ${stamp()} | ${label} | measurement failed: ${(error as Error).message} |`);
    }
  };

  const started = Date.now();
  const baseSnapshot = join(dir, 'base.heapsnapshot');
  try {
    await sample('first frame');
    for (let t = sampleMs; t <= minutes * 60_000; t += sampleMs) {
      const wait = started + t - Date.now();
      if (wait > 0) await sleep(wait);
      await sample(`${+(t / 60_000).toFixed(1)}m`);
      if (values['heap-snapshots'] && t === 10 * 60_000) await heapSnapshot(inspector, baseSnapshot);
    }
    if (values['heap-snapshots'] && minutes > 10) {
      const endSnapshot = join(dir, 'end.heapsnapshot');
      await heapSnapshot(inspector, endSnapshot);
      for (const line of compareSnapshots(baseSnapshot, endSnapshot)) print(line);
    }
  } finally {
    clearInterval(pump);
    print(
      `# sent ${sent}, refused ${refused}; peak RSS ${mb(procMemory(plainPid).hwm)} MB without inspector, ` +
        `its CPU ${procCpuSeconds(plainPid).toFixed(1)} s in ${((Date.now() - started) / 1000).toFixed(0)} s`,
    );
    print(`# target: resident < ${TARGET_MB} MB after an hour`);
    source.close();
    watcher.close();
    inspector.close();
    probed.stop();
    plain.stop();
    await collector.kill9();
    rmSync(dir, { recursive: true, force: true });
  }
}
