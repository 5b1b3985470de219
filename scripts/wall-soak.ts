/**
 * Soak test of the wall (issue 6): a local collector with the demo county takes 100 readings/s, one delta per
 * commit, while a wall in a child process draws every page on a 160×48 fake terminal; every 10 s the child
 * reports its memory after a full GC. Not part of `npm test`: it runs for 10 minutes.
 *
 *   npx tsx scripts/wall-soak.ts [--minutes 10] [--rate 100] [--cols 160 --rows 48]
 */
import { fork } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type WebSocket from 'ws';
import { createCollector } from '../server/collector.js';
import { loadConfigFile } from '../server/config-file.js';
import { DEMO_CONFIG, DEMO_SCENARIO, DEMO_TOKENS } from '../src/cli/demo.js';
import { connectIngest } from '../src/client/ingest-client.js';
import { runReplay } from '../src/replay/replay-runner.js';
import { readScenario } from '../src/replay/scenario.js';

/** What the wall child reports every sample. */
type Sample = {
  t: number;
  rssMb: number;
  heapMb: number;
  externalMb: number;
  seq: number;
  cpuPct: number;
  bytesPerS: number;
};

const SAMPLE_MS = 10_000;
const mb = (n: number) => Math.round((n / 1024 / 1024) * 10) / 10;

async function runWallChild(url: string, cols: number, rows: number): Promise<void> {
  const { createWall } = await import('../src/wall/main.js');
  const output = Object.assign(new PassThrough(), { columns: cols, rows, isTTY: true });
  let bytes = 0;
  output.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
  });
  const input = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => input });
  const wall = createWall({
    url,
    token: DEMO_TOKENS.viewer,
    lang: 'zh',
    isTty: false,
    // Quick turns so every page is drawn many times over the run.
    pageSeconds: 2,
    heartbeatMs: 15_000,
    terminal: 'xterm-256color',
    output,
    input,
  });
  const start = Date.now();
  let cpu = process.cpuUsage();
  let lastBytes = 0;
  setInterval(() => {
    (globalThis as { gc?: () => void }).gc?.();
    const m = process.memoryUsage();
    const used = process.cpuUsage(cpu);
    cpu = process.cpuUsage();
    const sample: Sample = {
      t: Math.round((Date.now() - start) / 1000),
      rssMb: mb(m.rss),
      heapMb: mb(m.heapUsed),
      externalMb: mb(m.external + m.arrayBuffers),
      seq: wall.store.getState().seq ?? 0,
      cpuPct: Math.round(((used.user + used.system) / 1000 / SAMPLE_MS) * 1000) / 10,
      bytesPerS: Math.round((bytes - lastBytes) / (SAMPLE_MS / 1000)),
    };
    lastBytes = bytes;
    process.send?.(sample);
  }, SAMPLE_MS);
  process.on('disconnect', () => {
    void wall.stop().then(() => process.exit(0));
  });
}

// Levels wander and the Ru River gauge crosses 警戒 every few minutes, so alerts open and close during the run.
function levelFor(station: string, i: number, t: number): number {
  const base: Record<string, number> = {
    'ST-RES-01': 51.2,
    'ST-RH-01': 42.0,
    'ST-RH-02': 41.6,
    'ST-BRH-01': 37.0,
    'ST-BRH-02': 35.5,
  };
  const swing = station === 'ST-RH-02' ? 0.6 * Math.sin(t / 60_000) : 0.2 * Math.sin(t / 90_000);
  return Math.round(((base[station] ?? 40) + swing + (i % 7) * 0.001) * 100) / 100;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      minutes: { type: 'string', default: '10' },
      rate: { type: 'string', default: '100' },
      cols: { type: 'string', default: '160' },
      rows: { type: 'string', default: '48' },
    },
  });
  const minutes = Number(values.minutes);
  const rate = Number(values.rate);
  // On tmpfs where there is one: with fsync nearly free, every reading commits alone and makes its own delta,
  // so the wall sees `rate` deltas a second (on a disk, group commit would pair them up).
  const dir = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'dutywatch-wall-soak-'));
  // One delta per commit (no coalescing), so the wall really sees `rate` deltas a second.
  const collector = createCollector({
    config: loadConfigFile(DEMO_CONFIG),
    dbPath: join(dir, 'soak.db'),
    feedIntervalMs: 0,
  });
  const port = await collector.listen(0);
  const url = `ws://127.0.0.1:${port}`;
  const scenario = readScenario(DEMO_SCENARIO);
  await runReplay({
    url,
    token: DEMO_TOKENS.source,
    scenario,
    speed: Number.POSITIVE_INFINITY,
    startAt: Date.now() - 6 * 3_600_000,
  });
  process.stderr.write(`collector on ${url}, scenario replayed; ${minutes} min at ${rate} readings/s\n`);

  const child = fork(fileURLToPath(import.meta.url), ['--wall-child', url, values.cols, values.rows], {
    execArgv: ['--import', 'tsx', '--expose-gc'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  const samples: Sample[] = [];
  child.on('message', (s) => {
    const sample = s as Sample;
    samples.push(sample);
    process.stderr.write(
      `t=${sample.t}s rss=${sample.rssMb}MB heap=${sample.heapMb}MB seq=${sample.seq} cpu=${sample.cpuPct}%\n`,
    );
  });

  const source: WebSocket = await connectIngest(url, DEMO_TOKENS.source);
  let acked = 0;
  source.on('message', () => {
    acked += 1;
  });
  const stations = ['ST-RES-01', 'ST-RH-01', 'ST-RH-02', 'ST-BRH-01', 'ST-BRH-02'];
  let sent = 0;
  const started = Date.now();
  // Paced by the clock rather than by ticks (timers drift, and the rate is the point), one reading per tick at
  // most, so two never share a TCP segment and a commit: each one is its own delta.
  const pump = setInterval(() => {
    const due = Math.floor(((Date.now() - started) / 1000) * rate);
    if (sent < due) {
      const station = stations[sent % stations.length] as string;
      const at = Date.now();
      source.send(
        JSON.stringify({
          type: 'reading',
          id: `soak-${sent}`,
          station,
          observedAt: new Date(at).toISOString(),
          level: levelFor(station, sent, at - started),
        }),
      );
      sent += 1;
    }
  }, 1);
  await new Promise((resolve) => setTimeout(resolve, minutes * 60_000 + 1000));
  clearInterval(pump);
  source.close();
  child.disconnect();
  await new Promise((resolve) => child.once('exit', resolve));
  await collector.close();
  rmSync(dir, { recursive: true, force: true });

  const rows = samples.map(
    (s) =>
      `| ${String(s.t).padStart(4)} | ${s.rssMb.toFixed(1).padStart(7)} | ${s.heapMb.toFixed(1).padStart(8)} | ` +
      `${s.externalMb.toFixed(1).padStart(8)} | ${String(s.seq).padStart(7)} | ${s.cpuPct.toFixed(1).padStart(5)} | ` +
      `${String(s.bytesPerS).padStart(7)} |`,
  );
  const first = samples.slice(1, 7);
  const last = samples.slice(-6);
  const avg = (list: Sample[], key: 'rssMb' | 'heapMb') =>
    list.reduce((sum, s) => sum + s[key], 0) / list.length;
  process.stdout.write(
    [
      `readings sent ${sent}, acked ${acked}; ${((sent / (Date.now() - started)) * 1000).toFixed(0)}/s`,
      '',
      '|  t s | RSS MB | heap MB | ext MB  |   seq   | CPU % | bytes/s |',
      '| ---: | -----: | ------: | ------: | ------: | ----: | ------: |',
      ...rows,
      '',
      `heap after GC, minutes 1-2 vs last minute: ${avg(first, 'heapMb').toFixed(1)} -> ${avg(last, 'heapMb').toFixed(1)} MB`,
      `RSS, minutes 1-2 vs last minute: ${avg(first, 'rssMb').toFixed(1)} -> ${avg(last, 'rssMb').toFixed(1)} MB`,
      '',
    ].join('\n'),
  );
}

if (process.argv[2] === '--wall-child') {
  const [, , , url, cols, rows] = process.argv;
  await runWallChild(url as string, Number(cols), Number(rows));
} else {
  await main();
}
