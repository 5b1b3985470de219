// Over 250 lines on purpose: a benchmark script: one measuring function per stage of the ingest path (decode,
// check, SQL variants, commit, the collector's own writer), then one run that prints them as a table.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { indexConfig } from '../server/config-index.js';
import { migrate } from '../server/db/migrate.js';
import { type Db, openDatabase } from '../server/db/open-database.js';
import { checkMessage } from '../server/ingest/check-message.js';
import { createGroupCommit, type ReplyChannel } from '../server/ingest/group-commit.js';
import { createIdWindow } from '../server/ingest/id-window.js';
import { createIngestWriter } from '../server/ingest/ingest-writer.js';
import {
  ack,
  decodeIngestMessage,
  encodeServerMessage,
  type IngestMessage,
  readingSchema,
} from '../src/protocol/index.js';
import { acceptReading } from '../src/protocol/reading-fast-path.js';
import { testConfig } from '../test/helpers/test-config.js';
import { beforeArg } from './before.js';
import { ALL_SOURCES, collectorCheck, feedGroupCommit } from './feed-group-commit.js';
import { readingFrames } from './ingest-frames.js';
import { machine } from './stats.js';

/**
 * `npm run bench -- ingest-stages`: where the collector's ingest time goes, one stage at a time, in one process
 * with no sockets. CPU stages run over every frame; storage variants write the same messages in
 * transactions of BATCH (about the collector's mean batch in `npm run bench -- ingest`) to a fresh database.
 */

const COUNT = 200_000;
const BATCH = 1000;

/** µs per message, and bytes this process caused to be written to storage per message (Linux only). */
type Measured = { us: number; bytesPerMsg: number };

function writtenBytes(): number {
  try {
    const match = /^write_bytes: (\d+)$/m.exec(readFileSync('/proc/self/io', 'utf8'));
    return match ? Number(match[1]) : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

function measured(count: number, fn: () => void): Measured {
  const bytes = writtenBytes();
  const started = performance.now();
  fn();
  const us = ((performance.now() - started) * 1000) / count;
  return { us, bytesPerMsg: (writtenBytes() - bytes) / count };
}

function withDb<T>(fn: (db: Db) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'dutywatch-stages-'));
  const db = openDatabase(join(dir, 'stages.db'));
  try {
    migrate(db);
    return fn(db);
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function inBatches<T>(db: Db, items: T[], write: (item: T) => void): Measured {
  const commit = db.transaction((batch: T[]) => {
    for (const item of batch) write(item);
  });
  return measured(items.length, () => {
    for (let i = 0; i < items.length; i += BATCH) commit(items.slice(i, i + BATCH));
  });
}

/** The baseline's storage: one INSERT, no index, no journal. */
function baselineStorage(msgs: IngestMessage[]): Measured {
  const dir = mkdtempSync(join(tmpdir(), 'dutywatch-stages-'));
  const db = new Database(join(dir, 'baseline.db'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec(`CREATE TABLE readings (
      id INTEGER PRIMARY KEY, msg_id TEXT NOT NULL, station TEXT NOT NULL, observed_at TEXT NOT NULL, level REAL NOT NULL
    )`);
    const insert = db.prepare(
      'INSERT INTO readings (msg_id, station, observed_at, level) VALUES (?, ?, ?, ?)',
    );
    return inBatches(db, msgs, (m) => {
      if (m.type === 'reading') insert.run(m.id, m.station, m.observedAt, m.level);
    });
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The modules of the storage path: this checkout's, or another's (`--before=DIR`). */
type StorageCode = {
  migrate: typeof migrate;
  createIdWindow: typeof createIdWindow;
  createIngestWriter: typeof createIngestWriter;
  createGroupCommit: typeof createGroupCommit;
};
const OURS: StorageCode = { migrate, createIdWindow, createIngestWriter, createGroupCommit };

async function storageCodeOf(dir: string): Promise<StorageCode> {
  const load = (path: string) => import(pathToFileURL(join(resolve(dir), path)).href);
  return {
    migrate: (await load('server/db/migrate.ts')).migrate,
    createIdWindow: (await load('server/ingest/id-window.ts')).createIdWindow,
    createIngestWriter: (await load('server/ingest/ingest-writer.ts')).createIngestWriter,
    createGroupCommit: (await load('server/ingest/group-commit.ts')).createGroupCommit,
  };
}

/** The collector's own writer and group commit, fed directly (no sockets): the real storage path. */
function collectorStorage(msgs: IngestMessage[], code: StorageCode = OURS): Measured {
  const check = collectorCheck(indexConfig(testConfig()));
  const dir = mkdtempSync(join(tmpdir(), 'dutywatch-stages-'));
  const db = openDatabase(join(dir, 'stages.db'));
  try {
    code.migrate(db);
    const channel: ReplyChannel = { send: (r) => void encodeServerMessage(r), cork() {}, uncork() {} };
    const ids = code.createIdWindow(db, { horizonMs: 72 * 3_600_000, maxIds: 2_000_000 });
    const writer = code.createIngestWriter(db, ids);
    const commit = code.createGroupCommit({ db, ids, writer, maxBatch: BATCH });
    const bodies = msgs.map((m) => JSON.stringify(m));
    return measured(msgs.length, () =>
      feedGroupCommit(commit, msgs, bodies, { channel, check, batch: BATCH }),
    );
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Storage variants built from the collector's own SQL, to take its cost apart. `journal`: the journal as it
 * stands (`current`), with the `(token, received_at)` index it had until issue 19 (`token-index`), or none.
 */
type Variant = {
  savepoint: boolean;
  /** `no-time-index`: without `journal_by_received`, which only the id window's load at start reads. */
  journal: 'current' | 'token-index' | 'no-time-index' | 'none';
  reading: boolean;
  hash?: boolean;
  body?: boolean;
};

function sqlVariant(msgs: IngestMessage[], v: Variant): Measured {
  return withDb((db) => {
    if (v.journal === 'token-index')
      db.exec('CREATE INDEX journal_by_token_then ON journal (token, received_at)');
    if (v.journal === 'no-time-index') db.exec('DROP INDEX journal_by_received');
    const insertJournal = db.prepare(
      'INSERT INTO journal (token, msg_id, type, received_at, body_hash, body) VALUES (?, ?, ?, ?, ?, ?)',
    );
    const insertReading = db.prepare(
      `INSERT INTO readings (journal_seq, station, observed_at, received_at, level, flow, rain, sensor_fault)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    if (v.journal === 'none') db.pragma('foreign_keys = OFF');
    const writeOne = (m: IngestMessage) => {
      if (m.type !== 'reading') return;
      let seq = 0;
      if (v.journal !== 'none') {
        const body = v.body === false ? '' : JSON.stringify(m);
        const hash = v.hash ? createHash('sha256').update(body).digest('base64url') : '';
        seq = Number(
          insertJournal.run(ALL_SOURCES.token, m.id, m.type, Date.now(), hash, body).lastInsertRowid,
        );
      }
      if (v.reading) {
        insertReading.run(
          seq,
          m.station,
          Date.parse(m.observedAt),
          Date.now(),
          m.level,
          m.flow ?? null,
          m.rain ?? null,
          m.sensorFault ? 1 : 0,
        );
      }
    };
    return inBatches(db, msgs, v.savepoint ? db.transaction(writeOne) : writeOne);
  });
}

/**
 * What-if: one row a reading, the journal row carrying the reading's columns (no `readings` table), with a
 * partial (station, observed_at) index and no `journal_by_received`: the least a journal that keeps the raw
 * frame could write. Not the collector's schema; it prices the redesign BENCHMARKS.md §1 weighs.
 */
function oneRowVariant(msgs: IngestMessage[]): Measured {
  return withDb((db) => {
    db.exec(`CREATE TABLE journal_wide (
      seq INTEGER PRIMARY KEY, token TEXT NOT NULL, msg_id TEXT NOT NULL, type TEXT NOT NULL,
      received_at INTEGER NOT NULL, body TEXT NOT NULL,
      station TEXT, observed_at INTEGER, level REAL, flow REAL, rain REAL, sensor_fault INTEGER
    );
    CREATE INDEX journal_wide_by_station ON journal_wide (station, observed_at) WHERE station IS NOT NULL;`);
    const insert = db.prepare(
      `INSERT INTO journal_wide (token, msg_id, type, received_at, body, station, observed_at, level, flow, rain,
       sensor_fault) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    return inBatches(db, msgs, (m) => {
      if (m.type !== 'reading') return;
      const at = Date.now();
      insert.run(
        ALL_SOURCES.token,
        m.id,
        m.type,
        at,
        JSON.stringify(m),
        m.station,
        Date.parse(m.observedAt),
        m.level,
        m.flow ?? null,
        m.rain ?? null,
        m.sensorFault ? 1 : 0,
      );
    });
  });
}

/** Transactions of one tiny row each, to price the commit itself (WAL append + fsync) per message. */
function commitOnly(count: number): Measured {
  return withDb((db) => {
    const touch = db.prepare(
      "INSERT INTO journal (token, msg_id, type, received_at, body_hash, body) VALUES ('t', ?, 'x', 0, '', '')",
    );
    const commit = db.transaction((i: number) => touch.run(String(i)));
    return measured(count, () => {
      for (let i = 0; i < count / BATCH; i++) commit(i);
    });
  });
}

/** Empty savepoints inside one transaction: the cost of the per-message savepoint alone. */
function savepointOnly(count: number): Measured {
  return withDb((db) => {
    const inner = db.transaction(() => undefined);
    const outer = db.transaction((n: number) => {
      for (let i = 0; i < n; i++) inner();
    });
    return measured(count, () => {
      for (let i = 0; i < count / BATCH; i++) outer(BATCH);
    });
  });
}

/** Runs `fn` on every item twice (the first to warm up) and returns µs per item of the second pass. */
function perItem<T>(items: T[], fn: (item: T) => unknown): Measured {
  const pass = () => {
    for (const item of items) fn(item);
  };
  pass();
  return measured(items.length, pass);
}

export async function runIngestStagesBench(args: string[] = []): Promise<void> {
  const { before, rest } = beforeArg(args);
  const count = Number(rest.find((a) => a.startsWith('--count='))?.slice(8) ?? COUNT) || COUNT;
  const beforeCode = before ? await storageCodeOf(before) : undefined;
  console.log(`machine: ${machine()}`);
  console.log(`${count.toLocaleString('en-US')} reading frames; storage in transactions of ${BATCH}\n`);
  const texts = readingFrames(count, 'stage');
  const frames = texts.map((t) => Buffer.from(t));
  const decode = (b: Buffer) => {
    const d = decodeIngestMessage(b, false);
    if (!d.ok) throw new Error(d.message);
    return d.value;
  };
  const msgs = frames.map(decode);
  const parsed = texts.map((t) => JSON.parse(t) as unknown);
  const seqMsgs = readingFrames(count, 'stage', true).map((t) => decode(Buffer.from(t)));
  const index = indexConfig(testConfig());
  const now = Date.now();
  const scope = ALL_SOURCES.scope;

  const rows: [string, Measured][] = [
    ['JSON.parse (the baseline does this too)', perItem(frames, (f) => JSON.parse(String(f)))],
    ['decodeIngestMessage (utf8 + JSON.parse + the reading check)', perItem(frames, decode)],
    [
      'zod readingSchema.safeParse of a parsed reading (before: every reading)',
      perItem(parsed, (v) => readingSchema.safeParse(v)),
    ],
    ['acceptReading of a parsed reading (the hand check)', perItem(parsed, (v) => acceptReading(v))],
    [
      'checkMessage (station, scope, time)',
      perItem(msgs, (m) => m.type === 'reading' && checkMessage(m, { index, scope, now })),
    ],
    ['JSON.stringify(msg) for the journal body', perItem(msgs, (m) => JSON.stringify(m))],
    [
      'sha256 of the body (before: every message)',
      perItem(texts, (t) => createHash('sha256').update(t).digest('base64url')),
    ],
    ['ack: build + JSON.stringify', perItem(msgs, (m) => encodeServerMessage(ack(m.id)))],
    ['storage: baseline INSERT (one table, no index)', baselineStorage(msgs)],
    ...(beforeCode
      ? ([
          [
            `storage, before (${before}): group commit + writer (+ check), UUID ids`,
            collectorStorage(msgs, beforeCode),
          ],
          [
            `storage, before (${before}): group commit + writer (+ check), sequential ids`,
            collectorStorage(seqMsgs, beforeCode),
          ],
        ] as [string, Measured][])
      : []),
    ['storage: collector group commit + writer (+ check), UUID ids', collectorStorage(msgs)],
    ['storage: collector group commit + writer (+ check), sequential ids', collectorStorage(seqMsgs)],
    [
      '  journal + reading, no savepoint, UUID ids',
      sqlVariant(msgs, { savepoint: false, journal: 'current', reading: true }),
    ],
    [
      '  same, with the journal (token, received_at) index of before',
      sqlVariant(msgs, { savepoint: false, journal: 'token-index', reading: true }),
    ],
    [
      '  same, with a sha256 of each body (as before)',
      sqlVariant(msgs, { savepoint: false, journal: 'current', reading: true, hash: true }),
    ],
    ['  journal only, UUID ids', sqlVariant(msgs, { savepoint: false, journal: 'current', reading: false })],
    [
      '  reading only (table + its index)',
      sqlVariant(msgs, { savepoint: false, journal: 'none', reading: true }),
    ],
    ['  empty savepoint per message', savepointOnly(count)],
    ['  commit (WAL append + fsync), per message at this batch', commitOnly(count)],
    [
      'what-if: journal row without body, + reading',
      sqlVariant(msgs, { savepoint: false, journal: 'current', reading: true, body: false }),
    ],
    [
      'what-if: journal + reading without the journal (received_at) index',
      sqlVariant(msgs, { savepoint: false, journal: 'no-time-index', reading: true }),
    ],
    ['what-if: one row a reading (journal row with its columns, no time index)', oneRowVariant(msgs)],
  ];
  console.log('| stage | µs/msg | msg/s if alone | bytes written to disk/msg |');
  console.log('|---|---:|---:|---:|');
  for (const [stage, m] of rows) {
    const bytes = Number.isNaN(m.bytesPerMsg) ? '' : Math.round(m.bytesPerMsg).toLocaleString('en-US');
    console.log(
      `| ${stage} | ${m.us.toFixed(2)} | ${Math.round(1e6 / m.us).toLocaleString('en-US')} | ${bytes} |`,
    );
  }
}
