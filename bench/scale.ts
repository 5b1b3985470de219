import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { type Collector, createCollector } from '../server/collector.js';
import { loadConfigFile } from '../server/config-file.js';
import type { Change } from '../server/ingest/changes.js';
import { HISTORY_MAX_POINTS, HISTORY_WINDOW_MS } from '../src/protocol/constants.js';
import type { Config } from '../src/protocol/index.js';
import { forkChild } from './child.js';
import { closeSeedDb, openSeedDb, seedReadings, seedStock } from './seed.js';
import { bumpSeq } from './snapshot.js';
import type { SnapshotReply, SnapshotRequest } from './snapshot-client.js';
import { int, machine, median, ms, table, timed, wallNow } from './stats.js';

/**
 * `npm run bench -- scale [--stations=50,500,5000] [--days=1] [--history-points=20000|off]` (issue 19, target 6): how the collector's cost
 * grows with the county. The demo county's five stations are copied until there are N (the five, then `S00006` …, each
 * a copy of one of the five with its lines), with 10× the demo's warehouses (190) at every size, and every
 * station given a full snapshot history: HISTORY_MAX_POINTS readings over the last HISTORY_WINDOW, plus
 * `--days` − 1 older days at the same density that no screen shows (stored history a tick must not pay for).
 * For each size: snapshot bytes (JSON, and off the wire deflated as /watch sends it to a client that offers it),
 * its build time (the first from nothing, then with a second's readings landed between builds), a fresh watcher's
 * time to its snapshot parsed (another process; plain and deflated), the collector's heap (after a forced GC, live
 * objects only) and a tick.
 */

const CONFIG = fileURLToPath(new URL('../fixtures/county/demo-county.json', import.meta.url));
const VIEWER = 'dw_demo_viewer';
const SNAPSHOTS = 5;
const TICKS = 20;
const MB = 1024 * 1024;

/** The snapshot history budget (`server.snapshotHistoryPoints`): the collector's default, as a county runs it. */
const HISTORY_BUDGET = 20_000;
/** `--history-points=off`: a budget no county reaches, so every history goes whole (the collector before 19.6). */
const NEVER_THINS = 100_000_000;

type Options = { sizes: number[]; days: number; historyPoints: number | undefined };

function parseArgs(args: string[]): Options {
  const options: Options = { sizes: [50, 500, 5000], days: 1, historyPoints: HISTORY_BUDGET };
  for (const arg of args) {
    const [key, value = ''] = arg.split('=');
    if (key === '--stations' && /^\d+(,\d+)*$/.test(value)) options.sizes = value.split(',').map(Number);
    else if (key === '--days' && Number(value) >= 1) options.days = Math.floor(Number(value));
    else if (key === '--history-points' && value === 'off') options.historyPoints = NEVER_THINS;
    else if (key === '--history-points' && Number(value) >= 10)
      options.historyPoints = Math.floor(Number(value));
    else
      throw new Error(
        `scale: unknown option ${arg} (use --stations=50,500,5000, --days=N, --history-points=N|off)`,
      );
  }
  return options;
}

/** A forced full GC (the flag is set at run time; `gc` then exists in a fresh context). */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/**
 * `length` places: the demo's own first, as they are (people, teams and notices name them), then copies of them
 * in turn with codes `${prefix}0006` … and numbered names (a copied RTU address would clash, so none is kept).
 */
function grow(
  places: Record<string, unknown>[],
  length: number,
  prefix: string,
  digits: number,
): Record<string, unknown>[] {
  return Array.from({ length }, (_, i) => {
    if (i < places.length) return places[i] as Record<string, unknown>;
    const { rtuAddress: _rtu, ...like } = places[i % places.length] as Record<string, unknown>;
    const n = String(i + 1).padStart(digits, '0');
    return {
      ...like,
      code: `${prefix}${n}`,
      name: `${String(like['name'])}${n}`,
      nameAscii: `${String(like['nameAscii'])} ${n}`,
    };
  });
}

/** The demo county with `stations` stations and 10× its warehouses, written where a collector can load it. */
function grownConfig(dir: string, stations: number, historyPoints: number | undefined): string {
  const demo = JSON.parse(readFileSync(CONFIG, 'utf8')) as {
    server?: Record<string, unknown>;
    stations: Record<string, unknown>[];
    warehouses: Record<string, unknown>[];
  };
  const grown = {
    ...demo,
    server: {
      ...demo.server,
      ...(historyPoints === undefined ? {} : { snapshotHistoryPoints: historyPoints }),
    },
    stations: grow(demo.stations, stations, 'S', 5),
    warehouses: grow(demo.warehouses, demo.warehouses.length * 10, 'W', 4),
  };
  const path = join(dir, `county-${stations}.json`);
  writeFileSync(path, JSON.stringify(grown));
  return path;
}

type Row = {
  stations: number;
  readings: number;
  listeningMs: number;
  ingestOpenMs: number;
  snapshotBytes: number;
  wireBytes: number;
  historyPoints: number;
  coldBuildMs: number;
  buildMs: number;
  watcherMs: number;
  deflatedWatcherMs: number;
  heapMB: number;
  tickMs: number;
};

async function measure(
  dir: string,
  stations: number,
  days: number,
  historyPoints: number | undefined,
  client: ReturnType<typeof forkChild<SnapshotRequest, SnapshotReply>>,
): Promise<Row> {
  const config = loadConfigFile(grownConfig(dir, stations, historyPoints));
  const dbPath = join(dir, `county-${stations}.db`);
  const now = Date.now();
  // HISTORY_MAX_POINTS per station inside the window, the same density over any older days.
  const readings = stations * HISTORY_MAX_POINTS * days;
  const seeded = timed(() => {
    const db = openSeedDb(dbPath);
    seedReadings(db, config, {
      count: readings,
      days: (days * HISTORY_WINDOW_MS) / 86_400_000,
      now,
      token: 'demo-telemetry',
    });
    seedStock(db, config, { now, token: 'demo-warehouse' });
    closeSeedDb(db);
  });
  process.stderr.write(
    `  ${int(stations)} stations: seeded ${int(readings)} readings in ${(seeded.ms / 1000).toFixed(1)} s\n`,
  );

  collectGarbage();
  const heapBefore = process.memoryUsage().heapUsed;
  const started = wallNow();
  const collector: Collector = createCollector({ config, dbPath });
  try {
    const port = await collector.listen(0);
    const listeningMs = wallNow() - started;
    await collector.whenIngestOpen();
    const ingestOpenMs = wallNow() - started;

    // The frame as a new watcher gets it. The first is built from nothing; after it, each station's entry is kept
    // until the station changes, so the next ones are timed after a second's readings at the seeded density.
    const cold = timed(() => collector.feed.encodedSnapshot());
    const snapshotBytes = cold.value.length;
    const historyPoints = (
      JSON.parse(cold.value.toString()) as { stations: { history: unknown[] }[] }
    ).stations.reduce((n, s) => n + s.history.length, 0);
    const builds: number[] = [];
    for (let i = 0; i < SNAPSHOTS; i++) {
      landReadings(collector, config, Math.max(1, Math.round((stations * HISTORY_MAX_POINTS) / 86_400)));
      bumpSeq(collector);
      builds.push(timed(() => collector.feed.encodedSnapshot()).ms);
    }
    const watchers = { plain: [] as number[], deflated: [] as number[], wireBytes: [] as number[] };
    for (const compress of [false, true]) {
      for (let i = 0; i < SNAPSHOTS; i++) {
        bumpSeq(collector);
        const url = `ws://127.0.0.1:${port}`;
        const reply = await client.ask({ type: 'connect', url, token: VIEWER, compress });
        if (reply.type === 'failed') throw new Error(`watcher: ${reply.message}`);
        (compress ? watchers.deflated : watchers.plain).push(reply.parsedMs);
        if (compress) watchers.wireBytes.push(reply.wireBytes);
      }
    }
    const ticks = Array.from({ length: TICKS }, () => timed(() => collector.engine.tick()).ms);
    collectGarbage();
    const heapMB = (process.memoryUsage().heapUsed - heapBefore) / MB;
    return {
      stations,
      readings,
      listeningMs,
      ingestOpenMs,
      snapshotBytes,
      wireBytes: median(watchers.wireBytes),
      historyPoints,
      coldBuildMs: cold.ms,
      buildMs: median(builds),
      watcherMs: median(watchers.plain),
      deflatedWatcherMs: median(watchers.deflated),
      heapMB,
      tickMs: median(ticks),
    };
  } finally {
    await collector.close();
    rmSync(dbPath, { force: true });
    rmSync(`${dbPath}-wal`, { force: true });
    rmSync(`${dbPath}-shm`, { force: true });
  }
}

/**
 * `count` readings, one a station in turn from where the last call stopped, a millimetre above each one's newest,
 * applied to the live picture as a commit's are (the database is not written: only the snapshot reads them).
 */
let landed = 0;
function landReadings(collector: Collector, config: Config, count: number): void {
  const at = Date.now();
  const changes: Change[] = [];
  for (let i = 0; i < count; i++) {
    const station = config.stations[landed++ % config.stations.length] as Config['stations'][number];
    const newest = collector.feed.stationHistory(station.code)?.history.at(-1);
    changes.push({
      kind: 'reading',
      station: station.code,
      reading: { at, level: (newest?.level ?? 10) + 0.001 },
    });
  }
  collector.feed.publish(changes);
}

/** `npm run bench -- scale`: the collector's costs at 50, 500 and 5,000 stations. */
export async function runScaleBench(args: string[] = []): Promise<void> {
  const options = parseArgs(args);
  const begun = Date.now();
  const dir = mkdtempSync(join(tmpdir(), 'dutywatch-scale-'));
  const client = forkChild<SnapshotRequest, SnapshotReply>(new URL('./snapshot-client.ts', import.meta.url));
  try {
    console.log(`machine: ${machine()}`);
    console.log(
      `each station: ${HISTORY_MAX_POINTS} readings in the last ${HISTORY_WINDOW_MS / 3_600_000} h` +
        (options.days > 1 ? `, and ${options.days - 1} older day(s) at that density` : '') +
        '; 190 warehouses\n',
    );
    const rows: Row[] = [];
    for (const stations of options.sizes)
      rows.push(await measure(dir, stations, options.days, options.historyPoints, client));
    console.log(
      table(
        [
          'stations',
          'readings stored',
          'start → listening ms',
          '→ ingest open ms',
          'snapshot bytes',
          'deflated on the wire',
          'history points',
          'build ms: first',
          'then',
          'new watcher → parsed ms',
          'deflated',
          'collector heap MB',
          'tick ms',
        ],
        rows.map((r) => [
          int(r.stations),
          int(r.readings),
          ms(r.listeningMs),
          ms(r.ingestOpenMs),
          int(r.snapshotBytes),
          int(r.wireBytes),
          int(r.historyPoints),
          ms(r.coldBuildMs),
          ms(r.buildMs),
          ms(r.watcherMs),
          ms(r.deflatedWatcherMs),
          r.heapMB.toFixed(1),
          ms(r.tickMs),
        ]),
        ['r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
      ),
    );
    console.log(`\ntotal ${((Date.now() - begun) / 1000).toFixed(0)} s`);
  } finally {
    client.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
