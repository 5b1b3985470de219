// Over 250 lines on purpose: a benchmark script: a month of data seeded, then start-up, snapshot build and a fresh
// watcher's wait, each measured and reported in turn, read top to bottom (and side by side with --before).
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Collector, createCollector } from '../server/collector.js';
import { loadConfigFile } from '../server/config-file.js';
import { openDatabase } from '../server/db/open-database.js';
import type { AuditEntry } from '../src/protocol/index.js';
import { type BeforeCode, beforeArg, copyForBefore, loadBefore } from './before.js';
import { forkChild } from './child.js';
import { type FunctionTime, profile } from './profile.js';
import { closeSeedDb, openSeedDb, seedClosedAlerts, seedIncidents, seedReadings, seedStock } from './seed.js';
import type { SnapshotReply, SnapshotRequest } from './snapshot-client.js';
import { int, machine, median, ms, quantile, table, timed, wallNow } from './stats.js';

/**
 * `npm run bench -- snapshot`: the demo county with a month of telemetry (1,000,000 readings over its five
 * stations, each with its journal row), stock, incidents and a month of closed alerts, seeded directly into
 * SQLite. Times the collector's start-up, `feed.snapshot()`, and a fresh watcher's wait for its snapshot
 * (from a child process).
 */

const CONFIG = fileURLToPath(new URL('../fixtures/county/demo-county.json', import.meta.url));
const READINGS = 1_000_000;
const DAYS = 30;
const STARTS = 3;
const SNAPSHOTS = 20;
const TARGET_MS = 100;
const VIEWER = 'dw_demo_viewer';

type Options = { readings: number; before: string | undefined };

function parseArgs(args: string[]): Options {
  const { before, rest } = beforeArg(args);
  const options: Options = { readings: READINGS, before };
  for (const arg of rest) {
    const [key, value = ''] = arg.split('=');
    if (key === '--readings' && Number(value) > 0) options.readings = Math.floor(Number(value));
    else throw new Error(`snapshot: unknown option ${arg} (use --readings=N, --before=DIR)`);
  }
  return options;
}

const fileBytes = (path: string) => {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
};

async function start(
  config: ReturnType<typeof loadConfigFile>,
  dbPath: string,
  create: typeof createCollector = createCollector,
) {
  const started = wallNow();
  const collector = create({ config, dbPath });
  const port = await collector.listen(0);
  const listening = wallNow() - started;
  // Older code loaded the id window before listening: its ingest opened with the port.
  if ('whenIngestOpen' in collector) await collector.whenIngestOpen();
  return { collector, port, ms: listening, ingestMs: wallNow() - started };
}

// A change that touches nothing but the feed's sequence number, so the next snapshot is built afresh rather
// than served from the feed's one-second cache.
let bumps = 0;
export function bumpSeq(collector: Collector): void {
  bumps += 1;
  const entry: AuditEntry = {
    id: -bumps,
    at: Date.now(),
    actor: 'system',
    action: 'bench',
    alert: null,
    incident: null,
    obligation: null,
    text: 'bench',
  };
  collector.feed.publishFeed([{ kind: 'log', entry }]);
  collector.feed.flush();
}

const isOurs = (f: FunctionTime) =>
  !f.name.startsWith('(anonymous)') && (f.name.includes(' server/') || f.name.includes(' src/'));

/** `npm run bench -- snapshot`: start-up, snapshot build and first snapshot of a watcher, with a month of data. */
export async function runSnapshotBench(args: string[] = []): Promise<void> {
  const options = parseArgs(args);
  const begun = Date.now();
  const config = loadConfigFile(CONFIG);
  const dir = mkdtempSync(join(tmpdir(), 'dutywatch-snapshot-'));
  const dbPath = join(dir, 'county.db');
  const client = forkChild<SnapshotRequest, SnapshotReply>(new URL('./snapshot-client.ts', import.meta.url));
  let collector: Collector | undefined;
  try {
    console.log(`machine: ${machine()}`);
    const now = Date.now();
    const seeding = timed(() => {
      const db = openSeedDb(dbPath);
      seedReadings(db, config, { count: options.readings, days: DAYS, now, token: 'demo-telemetry' });
      const places = seedStock(db, config, { now, token: 'demo-warehouse' });
      seedIncidents(db, config, { count: 60, open: 8, major: 2, now, token: 'demo-source' });
      seedClosedAlerts(db, { count: 3000, now, days: DAYS });
      closeSeedDb(db);
      return places;
    });
    console.log(
      `seeded ${int(options.readings)} readings over ${DAYS} days (5 stations), ${seeding.value} stock balances, ` +
        `60 incidents (8 open), 3,000 closed alerts in ${(seeding.ms / 1000).toFixed(1)} s; ` +
        `database ${(fileBytes(dbPath) / 1e6).toFixed(0)} MB\n`,
    );

    // (a) Start-up: createCollector (open, migrate, load the live picture, first tick) → listening.
    const starts: number[] = [];
    const opens: number[] = [];
    for (let i = 0; i < STARTS; i++) {
      const s = await start(config, dbPath);
      starts.push(s.ms);
      opens.push(s.ingestMs);
      console.log(`  start-up ${i + 1}: listening ${ms(s.ms)} ms, ingest open ${ms(s.ingestMs)} ms`);
      await s.collector.close();
    }
    // With --before=DIR: the older code on a copy of the same data, start-ups and ticks alternating with this
    // code's, so both are measured under the same load.
    const sideBySide = options.before
      ? await beforeAndAfter(await loadBefore(options.before), config, dbPath, join(dir, 'before.db'))
      : undefined;

    // The one start-up query that reads the whole journal, timed alone on its own connection.
    const reader = openDatabase(dbPath, { readonly: true });
    const lastSeenSql = 'SELECT token, MAX(received_at) AS at FROM journal GROUP BY token';
    const lastSeen = median([0, 1, 2].map(() => timed(() => reader.prepare(lastSeenSql).all()).ms));
    const lastSeenPlan = reader
      .prepare(`EXPLAIN QUERY PLAN ${lastSeenSql}`)
      .all()
      .map((r) => (r as { detail: string }).detail)
      .join(', ');
    reader.close();

    // One more start under the profiler, for where the time goes (the profiler slows it somewhat).
    let profiled: Collector | undefined;
    const startProfile = await profile(async () => {
      profiled = (await start(config, dbPath)).collector;
    });
    await profiled?.close();
    const s = await start(config, dbPath);
    collector = s.collector;
    const url = `ws://127.0.0.1:${s.port}`;

    // (b) feed.snapshot(): build (engine parts + live picture) + JSON.stringify, then JSON.parse (it returns an object).
    const builds: number[] = [];
    const parses: number[] = [];
    const parts: number[] = [];
    let bytes = 0;
    let shape = '';
    for (let i = 0; i < SNAPSHOTS; i++) {
      bumpSeq(collector);
      const built = timed(() => (collector as Collector).feed.snapshot());
      builds.push(built.ms);
      const text = JSON.stringify(built.value);
      bytes = Buffer.byteLength(text);
      parses.push(timed(() => JSON.parse(text)).ms);
      parts.push(timed(() => (collector as Collector).engine.snapshotParts(Date.now())).ms);
      const snap = built.value as {
        stations: { history: unknown[] }[];
        alerts: unknown[];
        obligations: unknown[];
        incidents: unknown[];
        stock: unknown[];
        log: unknown[];
      };
      shape =
        `${snap.stations.reduce((n, st) => n + st.history.length, 0)} history points, ${snap.alerts.length} alerts, ` +
        `${snap.obligations.length} obligations, ${snap.incidents.length} incidents, ${snap.stock.length} stock ` +
        `balances, ${snap.log.length} log entries`;
    }

    // The engine's tick with this data: it runs every second on the same event loop a connecting watcher needs.
    const ticks = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map(
      () => timed(() => (collector as Collector).engine.tick()).ms,
    );

    // (c) A fresh watcher in another process: connect → snapshot received; with the cache cold, then warm.
    const cold: SnapshotReply[] = [];
    const warm: SnapshotReply[] = [];
    for (let i = 0; i < SNAPSHOTS; i++) {
      bumpSeq(collector);
      cold.push(await client.ask({ type: 'connect', url, token: VIEWER }));
      warm.push(await client.ask({ type: 'connect', url, token: VIEWER }));
    }
    const ok = (rs: SnapshotReply[]) =>
      rs.map((r) => {
        if (r.type === 'failed') throw new Error(`snapshot client: ${r.message}`);
        return r;
      });
    const coldOk = ok(cold);
    const warmOk = ok(warm);
    const p = (xs: number[], q: number) => quantile(Float64Array.from(xs).sort(), q);
    // A row of the table: median, p95 and max of one measure (start-ups are too few for a p95).
    const row = (label: string, xs: number[], withP95 = true) => [
      label,
      ms(median(xs)),
      withP95 ? ms(p(xs, 0.95)) : '—',
      ms(Math.max(...xs)),
    ];

    console.log(`\nsnapshot: ${int(bytes)} bytes of JSON; ${shape}\n`);
    console.log(
      table(
        ['measure', 'median ms', 'p95 ms', 'max ms'],
        [
          row('(a) start-up: createCollector → listening', starts, false),
          row('(a′) start-up: createCollector → ingest open (ids loaded)', opens, false),
          row('(b) `feed.snapshot()` (build + stringify + parse)', builds),
          row('    of which JSON.parse of the frame', parses),
          row('    of which `engine.snapshotParts()`', parts),
          row(
            '(c) fresh watcher: connect → snapshot received (cache cold)',
            coldOk.map((r) => r.receivedMs),
          ),
          row(
            '    … → parsed',
            coldOk.map((r) => r.parsedMs),
          ),
          row(
            '(c) fresh watcher: connect → snapshot received (cached < 1 s)',
            warmOk.map((r) => r.receivedMs),
          ),
          row('for comparison: `engine.tick()` (10), which runs every second', ticks),
        ],
        ['l', 'r', 'r', 'r'],
      ),
    );
    const build = median(builds) - median(parses);
    console.log(
      `\ntarget snapshot < ${TARGET_MS} ms: ${build < TARGET_MS ? 'met' : 'NOT met'} (build + stringify ${ms(build)} ms)`,
    );

    const total = startProfile.find((f) => f.name.startsWith('createCollector '))?.totalMs ?? Number.NaN;
    console.log(
      `\nwhere start-up goes (one profiled start, createCollector ${ms(total)} ms under the profiler):\n`,
    );
    console.log(
      table(
        ['function (inclusive)', 'ms', 'self ms'],
        startProfile
          .filter(isOurs)
          .slice(0, 14)
          .map((f) => [f.name, ms(f.totalMs), ms(f.selfMs)]),
        ['l', 'r', 'r'],
      ),
    );
    console.log(
      `\nalone: \`${lastSeenSql}\` (what every start ran before sources_last_seen) ${ms(lastSeen)} ms — ${lastSeenPlan}`,
    );
    if (sideBySide) {
      console.log(
        `\nbefore (${options.before}) and after, alternating in this run, medians of ${SIDE_BY_SIDE}:\n`,
      );
      console.log(table(['measure', 'before ms', 'after ms'], sideBySide, ['l', 'r', 'r']));
    }
    console.log(`\ntotal ${((Date.now() - begun) / 1000).toFixed(0)} s`);
  } finally {
    client.stop();
    await collector?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const SIDE_BY_SIDE = 5;

// Start-up (createCollector → listening) and then 10 ticks, with the older code and this one in turn.
async function beforeAndAfter(
  before: BeforeCode,
  config: ReturnType<typeof loadConfigFile>,
  dbPath: string,
  beforePath: string,
): Promise<string[][]> {
  // `sources_last_seen` came with migration 13: older code finds its database without it.
  copyForBefore(
    dbPath,
    beforePath,
    before.schemaVersion,
    before.schemaVersion < 13 ? ['sources_last_seen'] : [],
  );
  const runs = {
    before: { starts: [] as number[], opens: [] as number[], ticks: [] as number[] },
    after: { starts: [], opens: [], ticks: [] },
  } as {
    before: { starts: number[]; opens: number[]; ticks: number[] };
    after: { starts: number[]; opens: number[]; ticks: number[] };
  };
  for (let i = 0; i < SIDE_BY_SIDE; i++) {
    for (const which of i % 2 === 0 ? (['before', 'after'] as const) : (['after', 'before'] as const)) {
      const s =
        which === 'before'
          ? await start(config, beforePath, before.createCollector)
          : await start(config, dbPath);
      runs[which].starts.push(s.ms);
      runs[which].opens.push(s.ingestMs);
      for (let t = 0; t < 10; t++) runs[which].ticks.push(timed(() => s.collector.engine.tick()).ms);
      await s.collector.close();
    }
  }
  return [
    ['start-up: createCollector → listening', ms(median(runs.before.starts)), ms(median(runs.after.starts))],
    [
      'start-up: createCollector → ingest open (ids loaded)',
      ms(median(runs.before.opens)),
      ms(median(runs.after.opens)),
    ],
    [
      '`engine.tick()` with a month of dense telemetry',
      ms(median(runs.before.ticks)),
      ms(median(runs.after.ticks)),
    ],
  ];
}
