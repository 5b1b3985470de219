// Over 250 lines on purpose: a benchmark script (plan of the messages, baseline run, relay run, report) read top to
// bottom; the two runs must send byte for byte the same frames, so they are built side by side.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { createCollector } from '../server/collector.js';
import { connectIngest, type IngestReply, onReplies } from '../src/client/ingest-client.js';
import type { Logger } from '../src/log/logger.js';
import { type Config, configSchema } from '../src/protocol/index.js';
import { startRelay } from '../src/relay/relay.js';
import { frameText, readingId } from '../src/relay/translate.js';
import { freePort } from '../test/helpers/free-port.js';
import { startCollector } from '../test/helpers/start-collector.js';
import { TOKENS } from '../test/helpers/test-config.js';
import { RELAY_TOKEN, relayConfigInput } from '../test/relay/harness.js';
import { readOptions } from './options.js';
import { type FunctionTime, type Profiler, startProfiler } from './profile.js';
import { int, machine, median, sleep, table } from './stats.js';

/**
 * `npm run bench -- relay`: the relay's catch-up. A county collector takes N readings while the city collector
 * is down; the relay derives and spools every one. Then the city starts listening on the port the relay points
 * at, and the clock runs until the spool's queue is empty (`relay.caught_up`, i.e. `stats().queued === 0`).
 * Side by side, the baseline: the same N messages, byte for byte in the same frames of 200, sent straight to a
 * fresh city collector by a plain ingest client, one frame in flight at a time as the relay does. The ratio is
 * what the spool and the relay cost on top of the city collector's own ingest. Everything (county, relay, city,
 * baseline client) runs in this process, as in the relay tests.
 */

const TOTAL = 50_000;
const REPEATS = 3;
const WARMUP_TOTAL = 5_000;
const BATCH = 200;
/** Frames in flight while the county is fed (building the backlog is not timed). */
const FEED_WINDOW = 2;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** The readings are spread over this many days before now (see {@link plan}). */
const DAYS = 28;
const TIMEOUT_MS = 300_000;

type Options = { total: number; repeats: number; days: number; profile: boolean };

const USAGE = 'use --total=N, --repeats=N, --days=N (spread of the readings, ≤ 28), --profile';

function parseArgs(args: string[]): Options {
  return readOptions<Options>(
    'relay',
    args,
    { total: TOTAL, repeats: REPEATS, days: DAYS, profile: false },
    {
      '--total': (v) => (Number(v) > 0 ? { total: Math.floor(Number(v)) } : undefined),
      '--repeats': (v) => (Number(v) > 0 ? { repeats: Math.floor(Number(v)) } : undefined),
      '--days': (v) => (Number(v) > 0 && Number(v) <= 28 ? { days: Number(v) } : undefined),
      '--profile': (v) => (v === '' ? { profile: true } : undefined),
    },
    USAGE,
  );
}

/** The readings of one run: what the county is sent, and what the relay will send the city, frame by frame. */
type Plan = {
  total: number;
  /** Over how many days the readings are spread. */
  days: number;
  /** Batches of the county's own readings (ids `c-i`), as a gauge gateway would send them. */
  countyFrames: string[];
  /** The messages the relay derives, in spool order, exactly as the relay writes them. */
  bodies: string[];
  /** Those bodies in frames of {@link BATCH}, as the relay's forwarder builds them (id = hash of the bodies). */
  cityFrames: string[];
};

/** Like the forwarder's `batchFrame` (src/relay/forwarder.ts), so the baseline sends the relay's very bytes. */
function batchFrame(bodies: readonly string[]): string {
  if (bodies.length === 1) return bodies[0] as string;
  const id = `rb:${createHash('sha256').update(bodies.join('\n')).digest('base64url')}`;
  return `{"type":"batch","id":"${id}","messages":[${bodies.join(',')}]}`;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * `total` readings alternating G1 and R1, spread evenly over the `days` days that ended an hour ago: accepted by
 * the city (at most 30 days old) and derived by the relay (its horizon is set to `days` + 2). Spread thin, as a
 * county's telemetry is (50,000 over 28 days is ~37 readings an hour a station): packed into one day (~1,000 an
 * hour) they make the city's alert engine fit a rate of rise over 240 samples on every pass, on both sides.
 */
function plan(total: number, days: number): Plan {
  const step = Math.max(1, Math.floor((days * DAY) / total));
  const start = Date.now() - HOUR - total * step;
  const county: Record<string, unknown>[] = [];
  const bodies: string[] = [];
  for (let i = 0; i < total; i++) {
    const station = i % 2 === 0 ? 'G1' : 'R1';
    const at = start + i * step;
    const observedAt = new Date(at).toISOString();
    const level = station === 'R1' ? 100 + (i % 50) / 100 : 8 + (i % 50) / 100;
    county.push({ type: 'reading', id: `c-${i}`, station, observedAt, level });
    bodies.push(frameText({ type: 'reading', id: readingId(station, at), station, observedAt, level }));
  }
  return {
    total,
    days,
    countyFrames: chunks(county, BATCH).map((messages, k) =>
      JSON.stringify({ type: 'batch', id: `cb-${k}`, messages }),
    ),
    bodies,
    cityFrames: chunks(bodies, BATCH).map(batchFrame),
  };
}

/**
 * Sends `frames` on one `/ingest` connection with at most `window` unanswered, and resolves once every one is
 * acked; rejects on the first refusal.
 */
async function sendFrames(url: string, token: string, frames: readonly string[], window: number) {
  const ws = await connectIngest(url, token);
  try {
    await new Promise<void>((resolve, reject) => {
      let next = 0;
      let answered = 0;
      const fill = () => {
        while (next < frames.length && next - answered < window) ws.send(frames[next++] as string);
      };
      onReplies(ws, (reply: IngestReply) => {
        if (reply.type === 'error') {
          reject(new Error(`refused: ${reply.code} ${reply.message} (${reply.path ?? ''})`));
          return;
        }
        answered += 1;
        if (answered === frames.length) resolve();
        else fill();
      });
      ws.once('close', (code) => reject(new Error(`connection closed early (${code})`)));
      fill();
    });
  } finally {
    ws.close();
  }
}

async function waitUntil(test: () => boolean, what: string, timeoutMs = TIMEOUT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`relay bench: timed out waiting for ${what}`);
    await sleep(50);
  }
}

const cityConfig = (): Config => configSchema.parse(relayConfigInput());

const countRows = (db: { prepare(sql: string): { get(): unknown } }, sql: string) =>
  (db.prepare(sql).get() as { n: number }).n;

type BaselineRun = { msgPerSec: number; ms: number; frames: number };

/** The same messages straight to a fresh city collector, one frame in flight, timed from its listening. */
async function baselineRun(p: Plan): Promise<BaselineRun> {
  const dir = mkdtempSync(join(tmpdir(), 'dutywatch-bench-relay-base-'));
  const city = createCollector({ config: cityConfig(), dbPath: join(dir, 'city.db') });
  try {
    const port = await city.listen(0);
    const t0 = performance.now();
    await sendFrames(`ws://127.0.0.1:${port}`, RELAY_TOKEN, p.cityFrames, 1);
    const ms = performance.now() - t0;
    const rows = countRows(city.db, 'SELECT count(*) AS n FROM readings');
    if (rows !== p.total) throw new Error(`baseline: ${rows} readings stored, expected ${p.total}`);
    return {
      msgPerSec: p.total / (ms / 1000),
      ms,
      frames: countRows(city.db, "SELECT count(*) AS n FROM journal WHERE type = 'batch'"),
    };
  } finally {
    await city.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A spool's size: pages in use (logical, WAL included) and the files on disk. */
type SpoolSize = { inUse: number; onDisk: number };

function spoolSize(path: string): SpoolSize {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const pages = db.pragma('page_count', { simple: true }) as number;
    const free = db.pragma('freelist_count', { simple: true }) as number;
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    const wal = `${path}-wal`;
    return {
      inUse: (pages - free) * pageSize,
      onDisk: statSync(path).size + (existsSync(wal) ? statSync(wal).size : 0),
    };
  } finally {
    db.close();
  }
}

/** The queued bodies, in spool (send) order. */
function spooledBodies(path: string): string[] {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return db.prepare<[], string>('SELECT body FROM outbox ORDER BY seq').pluck().all();
  } finally {
    db.close();
  }
}

type RelayRun = {
  msgPerSec: number;
  /** City listening → queue empty. */
  ms: number;
  /** City link up → queue empty, as the relay logs it (`relay.caught_up ms=`). */
  linkMs: number;
  /** County fed → every message spooled (not the measure; for the record). */
  backlogMs: number;
  frames: number;
  full: SpoolSize;
  after: SpoolSize;
  hot: FunctionTime[];
};

/** A county with the backlog spooled while the city is down; then the city starts and the relay catches up. */
async function relayRun(p: Plan, withProfile = false): Promise<RelayRun> {
  const dir = mkdtempSync(join(tmpdir(), 'dutywatch-bench-relay-'));
  const spoolPath = join(dir, 'relay.db');
  const county = await startCollector({ config: cityConfig() });
  const port = await freePort();
  let caughtUp: { at: number; ms: number } | undefined;
  let failure: string | undefined;
  let signal = () => {};
  const done = new Promise<void>((resolve) => {
    signal = resolve;
  });
  const logger: Logger = {
    info(event, fields) {
      if (event !== 'relay.caught_up' || caughtUp) return;
      caughtUp = { at: performance.now(), ms: Number(fields?.['ms']) };
      signal();
    },
    // Every failed attempt to reach the city while it is down is a warning: expected here.
    warn() {},
    error(event, fields) {
      failure ??= `${event} ${JSON.stringify(fields ?? {})}`;
      signal();
    },
  };
  const relay = startRelay({
    from: county.url,
    fromToken: TOKENS.viewer,
    to: `ws://127.0.0.1:${port}`,
    token: RELAY_TOKEN,
    spoolPath,
    kinds: ['readings'],
    maxBatch: BATCH,
    logger,
    statsIntervalMs: 0,
    keepMs: (p.days + 2) * DAY,
    // Retry the absent city every 50–100 ms, so the catch-up starts within 0.1 s of it listening.
    backoff: { initialMs: 50, maxMs: 100 },
  });
  let city: ReturnType<typeof createCollector> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let profiler: Profiler | undefined;
  try {
    await waitUntil(() => relay.stats().county === 'up', 'the county link');
    const fedAt = performance.now();
    await sendFrames(county.url, TOKENS.source, p.countyFrames, FEED_WINDOW);
    await waitUntil(
      () => relay.stats().spooled >= p.total || failure !== undefined,
      `${p.total} messages spooled (a stalled county feed resyncs with a snapshot, which holds only 400 readings a station)`,
    );
    const backlogMs = performance.now() - fedAt;
    const before = relay.stats();
    if (failure) throw new Error(`relay: ${failure}`);
    if (before.spooled !== p.total || before.queued !== p.total || before.forwarded !== 0)
      throw new Error(`relay: spooled ${before.spooled}, queued ${before.queued}, expected ${p.total}`);
    // The relay will send exactly the baseline's bytes.
    const spooled = spooledBodies(spoolPath);
    const differs = spooled.findIndex((body, i) => body !== p.bodies[i]);
    if (differs >= 0) throw new Error(`relay: spooled body ${differs} differs: ${spooled[differs]}`);
    const full = spoolSize(spoolPath);

    city = createCollector({ config: cityConfig(), dbPath: join(dir, 'city.db') });
    if (withProfile) profiler = await startProfiler();
    await city.listen(port);
    const t0 = performance.now();
    await Promise.race([
      done,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('relay: catch-up timed out')), TIMEOUT_MS);
      }),
    ]);
    const hot = profiler ? await profiler.stop() : [];
    profiler = undefined;
    if (failure || !caughtUp) throw new Error(`relay: ${failure ?? 'not caught up'}`);
    const ms = caughtUp.at - t0;
    const after = relay.stats();
    if (after.queued !== 0 || after.forwarded !== p.total || after.dead !== 0 || after.duplicates !== 0)
      throw new Error(`relay: after catch-up ${JSON.stringify(after)}`);
    const rows = countRows(city.db, 'SELECT count(*) AS n FROM readings');
    if (rows !== p.total) throw new Error(`relay: ${rows} readings stored at the city, expected ${p.total}`);
    return {
      msgPerSec: p.total / (ms / 1000),
      ms,
      linkMs: caughtUp.ms,
      backlogMs,
      frames: countRows(city.db, "SELECT count(*) AS n FROM journal WHERE type = 'batch'"),
      full,
      after: spoolSize(spoolPath),
      hot,
    };
  } finally {
    clearTimeout(timer);
    await profiler?.stop();
    await relay.stop();
    await city?.close();
    await county.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const perMsg = (bytes: number, total: number) => (bytes / total).toFixed(0);
const seconds = (ms: number) => (ms / 1000).toFixed(2);

/** `npm run bench -- relay`: catch-up msg/s through spool and relay vs the same frames sent straight. */
export async function runRelayBench(args: string[] = []): Promise<void> {
  const options = parseArgs(args);
  const started = Date.now();
  console.log(`machine: ${machine()}`);
  console.log(
    `temp dir: ${tmpdir()}; ${int(options.total)} readings (G1, R1) over ${options.days} days, frames of ${BATCH}, one in flight; medians of ${options.repeats} runs`,
  );
  const warm = plan(WARMUP_TOTAL, options.days);
  await baselineRun(warm);
  await relayRun(warm);
  const p = plan(options.total, options.days);
  const frameBytes = p.cityFrames.reduce((sum, f) => sum + Buffer.byteLength(f), 0) / p.cityFrames.length;
  const msgBytes = p.bodies.reduce((sum, b) => sum + Buffer.byteLength(b), 0) / p.total;
  console.log(
    `${p.cityFrames.length} frames of ${frameBytes.toFixed(0)} bytes mean (messages ${msgBytes.toFixed(0)} bytes); after a warm-up run of each:\n`,
  );

  const base: BaselineRun[] = [];
  const relayed: RelayRun[] = [];
  for (let rep = 0; rep < options.repeats; rep++) {
    // Alternate who goes first so drift (page cache, other load) hits both alike.
    const order = rep % 2 === 0 ? (['baseline', 'relay'] as const) : (['relay', 'baseline'] as const);
    for (const side of order) {
      if (side === 'baseline') {
        const run = await baselineRun(p);
        base.push(run);
        console.log(
          `  run ${rep + 1} baseline ${int(run.msgPerSec).padStart(8)} msg/s  ${seconds(run.ms)} s  ${run.frames} frames`,
        );
      } else {
        const run = await relayRun(p);
        relayed.push(run);
        console.log(
          `  run ${rep + 1} relay    ${int(run.msgPerSec).padStart(8)} msg/s  ${seconds(run.ms)} s from listening` +
            ` (${seconds(run.linkMs)} s from link up)  ${run.frames} frames;` +
            ` backlog spooled in ${seconds(run.backlogMs)} s, spool ${perMsg(run.full.inUse, p.total)} B/msg`,
        );
      }
    }
  }

  const b = median(base.map((r) => r.msgPerSec));
  const r = median(relayed.map((x) => x.msgPerSec));
  console.log('');
  console.log(
    table(
      ['side', 'msg/s', 'time to deliver all, s', 'frames', 'mean frame, bytes'],
      [
        [
          'baseline: plain ingest client → city',
          int(b),
          seconds(median(base.map((x) => x.ms))),
          int(median(base.map((x) => x.frames))),
          frameBytes.toFixed(0),
        ],
        [
          'relay catch-up: spool → city (from city listening)',
          int(r),
          seconds(median(relayed.map((x) => x.ms))),
          int(median(relayed.map((x) => x.frames))),
          frameBytes.toFixed(0),
        ],
        [
          '&nbsp;&nbsp;from the relay’s city link up (`relay.caught_up ms`)',
          int(median(relayed.map((x) => p.total / (x.linkMs / 1000)))),
          seconds(median(relayed.map((x) => x.linkMs))),
          '',
          '',
        ],
      ],
      ['l', 'r', 'r', 'r', 'r'],
    ),
  );
  console.log(`\nratio relay / baseline: ${(r / b).toFixed(2)}× (no target is set for this)`);
  console.log('');
  console.log(
    table(
      ['spool (SQLite, WAL)', 'bytes/msg'],
      [
        [
          `full backlog, pages in use (${int(p.total)} queued)`,
          perMsg(median(relayed.map((x) => x.full.inUse)), p.total),
        ],
        [
          'full backlog, files on disk (db + WAL)',
          perMsg(median(relayed.map((x) => x.full.onDisk)), p.total),
        ],
        [
          'after catch-up, pages in use (delivered ids)',
          perMsg(median(relayed.map((x) => x.after.inUse)), p.total),
        ],
        [
          'after catch-up, files on disk (db + WAL)',
          perMsg(median(relayed.map((x) => x.after.onDisk)), p.total),
        ],
      ],
      ['l', 'r'],
    ),
  );
  console.log(
    `\nbacklog built (county ingest → feed → relay derive → spool, not timed as the measure): ${seconds(median(relayed.map((x) => x.backlogMs)))} s median`,
  );

  if (options.profile) {
    // Samples are wall time on the main thread: a synchronous call blocked in the kernel (an fsync at COMMIT,
    // inside better-sqlite3's `run`) counts as that call's self time.
    const run = await relayRun(p, true);
    const all = run.hot.find((f) => f.name === '(root)')?.totalMs ?? Number.NaN;
    const share = (t: number) => `${((t / all) * 100).toFixed(1)} %`;
    console.log(`\none more relay catch-up under the profiler (${seconds(run.ms)} s, not in the medians):\n`);
    console.log(
      table(
        ['function (self time)', 'share'],
        run.hot
          .filter((f) => f.name !== '(root)')
          .sort((x, y) => y.selfMs - x.selfMs)
          .slice(0, 20)
          .map((f) => [f.name, share(f.selfMs)]),
        ['l', 'r'],
      ),
    );
    console.log('');
    console.log(
      table(
        ['function (inclusive)', 'share'],
        run.hot
          .filter((f) => /src\/relay|server\/ingest|server\/collector|server\/live|ws\/lib/.test(f.name))
          .slice(0, 25)
          .map((f) => [f.name, share(f.totalMs)]),
        ['l', 'r'],
      ),
    );
  }
  console.log(`total ${((Date.now() - started) / 1000).toFixed(0)} s`);
}
