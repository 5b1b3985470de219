// Over 250 lines on purpose: a benchmark script: one measured run per watcher count (collector here, watchers and
// source in child processes), then the table and the profile, read top to bottom.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCollector } from '../server/collector.js';
import { TOKENS, testConfig } from '../test/helpers/test-config.js';
import { forkChild } from './child.js';
import type { Collected, FanoutReply, FanoutRequest, Schedule, SendResult } from './fanout-client.js';
import { readOptions } from './options.js';
import { type FunctionTime, type Profiler, startProfiler } from './profile.js';
import { cpuMsSince, int, machine, ms, sleep, table, wallNow } from './stats.js';

/**
 * `npm run bench -- fanout`: 1,000 readings/s through the real collector to 10, 100 and 500 watchers. A paced
 * source (one connection) and the watchers run in two child processes; the collector alone is in this one, so
 * `process.cpuUsage()` here is the collector's CPU. Each reading is stamped with its commit time here (the
 * collector's `onCommitted`, the moment the live feed takes it) and with its receipt time in the watcher child;
 * the difference, over every (watcher, reading) pair, is the delivery latency.
 */

const WATCHERS = [10, 100, 500];
const RATE = 1000;
const WARMUP_S = 2;
const SECONDS = 10;
const TARGET_P99_MS = 50;
const TARGET_WATCHERS = 100;

type Options = {
  watchers: number[];
  rate: number;
  seconds: number;
  intervalMs: number | undefined;
  profile: boolean;
};

const USAGE =
  'use --watchers=10,100,500, --rate=N (divides 1000), --seconds=N, --interval=MS (feed coalescing), --profile';

function parseArgs(args: string[]): Options {
  return readOptions<Options>(
    'fanout',
    args,
    { watchers: WATCHERS, rate: RATE, seconds: SECONDS, intervalMs: undefined, profile: false },
    {
      '--watchers': (v) => (/^\d+(,\d+)*$/.test(v) ? { watchers: v.split(',').map(Number) } : undefined),
      '--rate': (v) =>
        Number(v) > 0 && Number.isInteger(1000 / Number(v)) ? { rate: Number(v) } : undefined,
      '--seconds': (v) => (Number(v) > 0 ? { seconds: Number(v) } : undefined),
      '--interval': (v) => (Number(v) >= 0 ? { intervalMs: Number(v) } : undefined),
      '--profile': (v) => (v === '' ? { profile: true } : undefined),
    },
    USAGE,
  );
}

type Result = {
  watchers: number;
  connectMs: number;
  snapshotBytes: number;
  sent: SendResult;
  collected: Collected;
  deltas: number;
  committedPerSec: number;
  collectorCpu: number;
  clientCpu: number;
  /** Group commits in the window: how many per second, and the share of the window spent writing them. */
  commitsPerSec: number;
  commitShare: number;
  /** With --profile: where the collector's time went in the window, most self time first. */
  hot: FunctionTime[];
};

type Child = ReturnType<typeof forkChild<FanoutRequest, FanoutReply>>;

async function ask<T extends FanoutReply['type']>(
  child: Child,
  req: FanoutRequest,
  type: T,
): Promise<Extract<FanoutReply, { type: T }>> {
  const reply = await child.ask(req);
  if (reply.type === 'failed') throw new Error(`fanout client: ${reply.message}`);
  if (reply.type !== type) throw new Error(`fanout client: expected ${type}, got ${reply.type}`);
  return reply as Extract<FanoutReply, { type: T }>;
}

async function measure(watchers: number, options: Options): Promise<Result> {
  const dir = mkdtempSync(join(tmpdir(), 'dutywatch-fanout-'));
  const collector = createCollector({
    config: testConfig(),
    dbPath: join(dir, 'fanout.db'),
    ...(options.intervalMs !== undefined ? { feedIntervalMs: options.intervalMs } : {}),
  });
  const port = await collector.listen(0);
  const url = `ws://127.0.0.1:${port}`;
  const module = new URL('./fanout-client.ts', import.meta.url);
  const watchChild: Child = forkChild(module);
  const sendChild: Child = forkChild(module);
  try {
    const ready = await ask(watchChild, { type: 'watch', url, token: TOKENS.viewer, watchers }, 'ready');
    if (collector.feed.watcherCount !== watchers)
      throw new Error(`fanout: ${collector.feed.watcherCount} watchers attached, expected ${watchers}`);

    const stepMs = 1000 / options.rate;
    const count = Math.round((WARMUP_S + options.seconds) * options.rate);
    const t0 = Math.ceil(wallNow()) + 500;
    const schedule: Schedule = {
      t0,
      stepMs,
      count,
      windowFrom: t0 + WARMUP_S * 1000,
      windowTo: t0 + (WARMUP_S + options.seconds) * 1000,
    };
    const first = WARMUP_S * options.rate;
    const commits = new Float64Array(count - first).fill(Number.NaN);
    collector.onCommitted((changes) => {
      const at = wallNow();
      for (const change of changes) {
        if (change.kind !== 'reading') continue;
        const i = (change.reading.at - t0) / stepMs;
        if (Number.isInteger(i) && i >= first && i < count) commits[i - first] = at;
      }
    });
    // The collector's CPU and the feed's deltas over the same window the watchers count frames in.
    let cpuFrom: NodeJS.CpuUsage | undefined;
    let seqFrom = 0;
    let wallFrom = 0;
    let cpuMs = 0;
    let deltas = 0;
    let wallMs = 0;
    const commitsAt = () => ({ ...collector.metrics.commitSeconds });
    let commitsFrom = commitsAt();
    let commitsInWindow = { count: 0, sum: 0 };
    let profiler: Promise<Profiler> | undefined;
    let hot: Promise<FunctionTime[]> = Promise.resolve([]);
    setTimeout(() => {
      cpuFrom = process.cpuUsage();
      seqFrom = collector.feed.seq;
      wallFrom = wallNow();
      commitsFrom = commitsAt();
      if (options.profile) profiler = startProfiler();
    }, schedule.windowFrom - wallNow());
    setTimeout(() => {
      cpuMs = cpuFrom ? cpuMsSince(cpuFrom) : Number.NaN;
      deltas = collector.feed.seq - seqFrom;
      wallMs = wallNow() - wallFrom;
      const c = commitsAt();
      commitsInWindow = { count: c.count - commitsFrom.count, sum: c.sum - commitsFrom.sum };
      if (profiler) hot = profiler.then((p) => p.stop());
    }, schedule.windowTo - wallNow());

    await ask(watchChild, { type: 'arm', ...schedule }, 'armed');
    const sent = await ask(
      sendChild,
      {
        type: 'send',
        url,
        token: TOKENS.source,
        // Steady levels well below every line: the readings change nothing but the charts.
        stations: [
          { code: 'G1', level: 5 },
          { code: 'R1', level: 95 },
        ],
        ...schedule,
      },
      'sent',
    );
    if (sent.errors > 0) throw new Error(`fanout: ${sent.errors} readings refused, first ${sent.firstError}`);
    await sleep(Math.max(500, schedule.windowTo + 200 - wallNow()));
    const committed = commits.filter((c) => Number.isFinite(c)).length;
    const collected = await ask(
      watchChild,
      { type: 'collect', commits: Array.from(commits), first, last: count },
      'collected',
    );
    return {
      watchers,
      connectMs: ready.ms,
      snapshotBytes: ready.snapshotBytes,
      sent,
      collected,
      deltas,
      committedPerSec: committed / options.seconds,
      collectorCpu: cpuMs / wallMs,
      clientCpu: collected.clientCpuMs / collected.clientWallMs,
      commitsPerSec: commitsInWindow.count / (wallMs / 1000),
      commitShare: (commitsInWindow.sum * 1000) / wallMs,
      hot: await hot,
    };
  } finally {
    watchChild.stop();
    sendChild.stop();
    await collector.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const pct = (share: number) => `${Math.round(share * 100)} %`;

/** `npm run bench -- fanout`: delivery latency and collector CPU at 1,000 readings/s to N watchers. */
export async function runFanoutBench(args: string[] = []): Promise<void> {
  const options = parseArgs(args);
  const started = Date.now();
  console.log(`machine: ${machine()}`);
  console.log(
    `${int(options.rate)} readings/s on one connection for ${WARMUP_S} s warm-up + ${options.seconds} s measured; ` +
      `feed coalescing ${options.intervalMs ?? 20} ms; test county, viewer token\n`,
  );
  const results: Result[] = [];
  for (const watchers of options.watchers) {
    const r = await measure(watchers, options);
    results.push(r);
    const c = r.collected;
    console.log(
      `  ${String(watchers).padStart(4)} watchers: commit→receive p50 ${ms(c.commitToReceive.p50)} p99 ${ms(c.commitToReceive.p99)} ms, ` +
        `collector CPU ${pct(r.collectorCpu)}, missing ${c.missing}/${c.pairs}, resyncs ${c.resyncs}`,
    );
  }
  console.log('');
  console.log(
    table(
      [
        'watchers',
        'readings committed/s',
        'deltas/s',
        'frames/s per watcher (min–max)',
        'readings per frame',
        'commit→receive p50 / p99 / max ms',
        'send→receive p50 / p99 ms',
        'collector CPU',
        'group commits/s (time in them)',
        'watcher process CPU',
        'delivered',
      ],
      results.map((r) => {
        const c = r.collected;
        const secs = options.seconds;
        const f = c.framesPerWatcher;
        return [
          String(r.watchers),
          int(r.committedPerSec),
          int(r.deltas / secs),
          `${(f.mean / secs).toFixed(1)} (${(f.min / secs).toFixed(1)}–${(f.max / secs).toFixed(1)})`,
          (r.committedPerSec / (r.deltas / secs)).toFixed(1),
          `${ms(c.commitToReceive.p50)} / ${ms(c.commitToReceive.p99)} / ${ms(c.commitToReceive.max)}`,
          `${ms(c.sendToReceive.p50)} / ${ms(c.sendToReceive.p99)}`,
          pct(r.collectorCpu),
          `${int(r.commitsPerSec)} (${pct(r.commitShare)})`,
          pct(r.clientCpu),
          `${(((c.pairs - c.missing) / c.pairs) * 100).toFixed(2)} %`,
        ];
      }),
    ),
  );
  const at = results.find((r) => r.watchers === TARGET_WATCHERS);
  if (at) {
    const p99 = at.collected.commitToReceive.p99;
    console.log(
      `\ntarget p99 < ${TARGET_P99_MS} ms at ${TARGET_WATCHERS} watchers: ${p99 < TARGET_P99_MS ? 'met' : 'NOT met'} (${ms(p99)} ms)`,
    );
  }
  for (const r of results.filter((x) => x.hot.length > 0)) {
    // Samples are wall time on the main thread: a synchronous call blocked in the kernel (SQLite's fsync at
    // COMMIT, inside better-sqlite3's `run`) counts as that call's self time, like CPU work.
    const all = r.hot.find((f) => f.name === '(root)')?.totalMs ?? Number.NaN;
    console.log(
      `\ncollector main thread with ${r.watchers} watchers (profiled; self time, share of the window):\n`,
    );
    console.log(
      table(
        ['function', 'self'],
        [...r.hot]
          .filter((f) => f.name !== '(root)')
          .sort((a, b) => b.selfMs - a.selfMs)
          .slice(0, 15)
          .map((f) => [f.name, `${((f.selfMs / all) * 100).toFixed(1)} %`]),
        ['l', 'r'],
      ),
    );
  }
  const r0 = results[0];
  if (r0)
    console.log(
      `snapshot on connect ${int(r0.snapshotBytes)} bytes; max sender lag ${ms(Math.max(...results.map((r) => r.sent.maxLagMs)))} ms`,
    );
  console.log(`total ${((Date.now() - started) / 1000).toFixed(0)} s`);
}
