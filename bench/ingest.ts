// Over 250 lines: a benchmark script (targets, client child, measured runs, report) read top to bottom.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCollector } from '../server/collector.js';
import { SUBPROTOCOL } from '../src/protocol/index.js';
import { TOKENS, testConfig } from '../test/helpers/test-config.js';
import { type BeforeCode, beforeArg, loadBefore } from './before.js';
import { type BenchChild, forkChild } from './child.js';
import { startBaseline } from './ingest-baseline.js';
import type { ClientRequest, ClientResult } from './ingest-client.js';
import { readOptions } from './options.js';
import { machine } from './stats.js';

const IMPLS = ['baseline', 'dutywatch'] as const;
/** `before`: the collector of another checkout (`--before=DIR`), run beside this one. */
type Impl = (typeof IMPLS)[number] | 'before';
type Ids = 'uuid' | 'seq';
type Shape = { label: string; connections: number; ids: Ids };
/** `cpuUsPerMsg`: the server's CPU time (this process: user + system) per acked message, which a loaded machine
 * inflates far less than wall time; the ratio of the two servers' is their capacity ratio when CPU-bound. */
type Run = { msgPerSec: number; batchMean: number; frameBytes: number; cpuUsPerMsg: number };

// Ids mattered while the journal had a UNIQUE (token, msg_id) index (random UUIDs far worse); kept as a check.
const SHAPES: Shape[] = [
  { label: '1 conn, UUID ids', connections: 1, ids: 'uuid' },
  { label: '10 conns, UUID ids', connections: 10, ids: 'uuid' },
  { label: '1 conn, sequential ids', connections: 1, ids: 'seq' },
  { label: '10 conns, sequential ids', connections: 10, ids: 'seq' },
];
const TOTAL = 200_000;
const WINDOW = 1000;
const REPEATS = 3;
const WARMUP_TOTAL = 20_000;
const TARGET_RATIO = 0.6;

/** A server under test: where to connect, and how to read its figures afterwards. */
type Target = {
  url: string;
  token: string;
  rowCount(): number;
  batches(): { sum: number; count: number };
  stop(): Promise<void>;
};

let beforeCode: BeforeCode | undefined;

async function startTarget(impl: Impl): Promise<Target> {
  const dir = mkdtempSync(join(tmpdir(), `dutywatch-bench-${impl}-`));
  const dbPath = join(dir, 'bench.db');
  const remove = () => rmSync(dir, { recursive: true, force: true });
  if (impl === 'baseline') {
    const server = await startBaseline(dbPath);
    return {
      url: `ws://127.0.0.1:${server.port}/ingest`,
      token: 'none',
      rowCount: server.rowCount,
      batches: server.batches,
      async stop() {
        await server.close();
        remove();
      },
    };
  }
  const create = impl === 'before' ? (beforeCode as BeforeCode).createCollector : createCollector;
  const collector = create({ config: testConfig(), dbPath });
  const port = await collector.listen(0);
  return {
    url: `ws://127.0.0.1:${port}/ingest`,
    token: TOKENS.source,
    rowCount: () => (collector.db.prepare('SELECT count(*) AS n FROM readings').get() as { n: number }).n,
    batches: () => ({
      sum: collector.metrics.commitBatchSize.sum,
      count: collector.metrics.commitBatchSize.count,
    }),
    async stop() {
      await collector.close();
      remove();
    },
  };
}

/** The load generator in a child process, in this process's own environment (as it has always been measured). */
function startClient(): BenchChild<ClientRequest, ClientResult> {
  return forkChild(new URL('./ingest-client.ts', import.meta.url), process.env);
}

type Options = {
  before: string | undefined;
  only: Impl | undefined;
  ids: Ids | undefined;
  total: number;
  repeats: number;
  window: number;
};

const USAGE =
  'use --only=baseline|dutywatch, --ids=uuid|seq, --total=N, --repeats=N, --window=N, --before=DIR';

/** `--only=baseline|dutywatch` (to profile one side), `--ids=uuid|seq`, `--total=N`, `--repeats=N`, `--window=N`. */
function parseArgs(args: string[]): Options {
  const { before, rest } = beforeArg(args);
  const options: Options = {
    before,
    only: undefined,
    ids: undefined,
    total: TOTAL,
    repeats: REPEATS,
    window: WINDOW,
  };
  return readOptions(
    'ingest',
    rest,
    options,
    {
      '--only': (v) => ((IMPLS as readonly string[]).includes(v) ? { only: v as Impl } : undefined),
      '--ids': (v) => (v === 'uuid' || v === 'seq' ? { ids: v } : undefined),
      '--total': (v) => (Number(v) > 0 ? { total: Math.floor(Number(v)) } : undefined),
      '--window': (v) => (Number(v) > 0 ? { window: Math.floor(Number(v)) } : undefined),
      '--repeats': (v) => (Number(v) > 0 ? { repeats: Math.floor(Number(v)) } : undefined),
    },
    USAGE,
  );
}

let runCounter = 0;

async function measure(
  client: ReturnType<typeof startClient>,
  impl: Impl,
  shape: Omit<Shape, 'label'>,
  total: number,
  window = WINDOW,
): Promise<Run> {
  const target = await startTarget(impl);
  try {
    runCounter += 1;
    const cpuBefore = process.cpuUsage();
    const result = await client.ask({
      type: 'run',
      url: target.url,
      token: target.token,
      protocol: SUBPROTOCOL,
      connections: shape.connections,
      ids: shape.ids,
      total,
      window,
      runId: `r${runCounter}${impl[0]}`,
    });
    const cpu = process.cpuUsage(cpuBefore);
    if (result.type === 'failed') throw new Error(`${impl}: ${result.message}`);
    if (result.errors > 0)
      throw new Error(`${impl}: ${result.errors} error replies, first ${result.firstError}`);
    const rows = target.rowCount();
    if (rows !== total) throw new Error(`${impl}: ${result.acked} acked but ${rows} rows stored`);
    const { sum, count } = target.batches();
    return {
      msgPerSec: result.acked / (result.ms / 1000),
      batchMean: count === 0 ? 0 : sum / count,
      frameBytes: result.bytes / total,
      cpuUsPerMsg: (cpu.user + cpu.system) / result.acked,
    };
  } finally {
    await target.stop();
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
};
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/** `npm run bench -- ingest`: durable, acked messages per second, baseline vs dutywatch. */
export async function runIngestBench(args: string[] = []): Promise<void> {
  const options = parseArgs(args);
  if (options.before) beforeCode = await loadBefore(options.before);
  const impls: Impl[] = IMPLS.filter((impl) => options.only === undefined || impl === options.only);
  if (beforeCode) impls.push('before');
  const shapes = SHAPES.filter((shape) => options.ids === undefined || shape.ids === options.ids);
  const started = Date.now();
  const client = startClient();
  try {
    console.log(`machine: ${machine()}`);
    console.log(
      `temp dir: ${tmpdir()}; window ${options.window} unacked per connection; medians of ${options.repeats} runs`,
    );
    let frameBytes = 0;
    for (const impl of impls) {
      frameBytes = (await measure(client, impl, { connections: 1, ids: 'uuid' }, WARMUP_TOTAL)).frameBytes;
    }
    console.log(
      `reading frames of ${frameBytes.toFixed(0)} bytes (UUID ids); after a warm-up run of each:\n`,
    );

    const runs = new Map<string, Run[]>();
    for (let rep = 0; rep < options.repeats; rep++) {
      for (const shape of shapes) {
        // Alternate who goes first so drift (page cache, thermal, WAL growth) hits both alike.
        const order = rep % 2 === 0 ? impls : [...impls].reverse();
        for (const impl of order) {
          const run = await measure(client, impl, shape, options.total, options.window);
          const key = `${shape.label}/${impl}`;
          runs.set(key, [...(runs.get(key) ?? []), run]);
          console.log(
            `  run ${rep + 1} ${shape.label.padEnd(8)} ${impl.padEnd(9)} ${fmt(run.msgPerSec).padStart(8)} msg/s  batch ${run.batchMean.toFixed(0)}  server CPU ${run.cpuUsPerMsg.toFixed(1)} µs/msg`,
          );
        }
      }
    }

    const rows = shapes.map((shape) => {
      const msgs = (impl: Impl) => median((runs.get(`${shape.label}/${impl}`) ?? []).map((r) => r.msgPerSec));
      const batch = (impl: Impl) =>
        median((runs.get(`${shape.label}/${impl}`) ?? []).map((r) => r.batchMean)).toFixed(0);
      const cpu = (impl: Impl) =>
        median((runs.get(`${shape.label}/${impl}`) ?? []).map((r) => r.cpuUsPerMsg)).toFixed(1);
      const b = msgs('baseline');
      const d = msgs('dutywatch');
      const p = msgs('before');
      return {
        config: `${shape.label} (${fmt(options.total)} msgs)`,
        baseline: fmt(b),
        dutywatch: fmt(d),
        ratio: `${(d / b).toFixed(2)}×`,
        before: beforeCode ? ` ${fmt(p)} | ${(p / b).toFixed(2)}× |` : '',
        batch: `${batch('baseline')} / ${batch('dutywatch')}`,
        cpu: `${cpu('baseline')} /${beforeCode ? ` ${cpu('before')} /` : ''} ${cpu('dutywatch')}`,
        ok: d / b >= TARGET_RATIO,
      };
    });
    const beforeHead = beforeCode ? ' before msg/s | before ratio |' : '';
    console.log(
      `\n| config | baseline msg/s |${beforeHead} dutywatch msg/s | ratio | mean commit batch (baseline / dutywatch) | server CPU µs/msg (baseline /${beforeCode ? ' before /' : ''} dutywatch) |`,
    );
    console.log(`|---|---:|${beforeCode ? '---:|---:|' : ''}---:|---:|---:|---:|`);
    for (const r of rows) {
      console.log(
        `| ${r.config} | ${r.baseline} |${r.before} ${r.dutywatch} | ${r.ratio} | ${r.batch} | ${r.cpu} |`,
      );
    }
    const failing = rows.filter((r) => !r.ok);
    console.log(
      `\ntarget dutywatch ≥ ${TARGET_RATIO}× baseline: ${failing.length === 0 ? 'met' : `NOT met for ${failing.map((r) => r.config).join(', ')}`}`,
    );
    console.log(`total ${((Date.now() - started) / 1000).toFixed(0)} s`);
  } finally {
    client.stop();
  }
}
