import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { indexConfig } from '../server/config-index.js';
import { migrate } from '../server/db/migrate.js';
import { type Db, openDatabase } from '../server/db/open-database.js';
import { checkMessage } from '../server/ingest/check-message.js';
import { createGroupCommit, type ReplyChannel } from '../server/ingest/group-commit.js';
import { createIdWindow } from '../server/ingest/id-window.js';
import { createIngestWriter, type MessageCheck } from '../server/ingest/ingest-writer.js';
import { ack, decodeIngestMessage, encodeServerMessage, type IngestMessage } from '../src/protocol/index.js';
import { testConfig } from '../test/helpers/test-config.js';
import { machine } from './ingest.js';
import { readingFrames } from './ingest-frames.js';

/**
 * `npm run bench -- ingest-stages`: where the collector's ingest time goes, one stage at a time, in one process
 * with no sockets. CPU stages run over every frame; storage variants write the same messages in
 * transactions of BATCH (about the collector's mean batch in `npm run bench -- ingest`) to a fresh database.
 */

const COUNT = 200_000;
const BATCH = 1000;
const SENDER = { token: 'all-sources', scope: { stations: '*' as const } };

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

/** The collector's own writer and group commit, fed directly (no sockets): the real storage path. */
function collectorStorage(msgs: IngestMessage[]): Measured {
  const index = indexConfig(testConfig());
  // As the collector does: checked inside the writer, after the journal has ruled out a resend.
  const check: MessageCheck = (msg) => {
    if (msg.type !== 'batch') checkMessage(msg, { index, scope: SENDER.scope, now: Date.now() });
  };
  return withDb((db) => {
    const channel: ReplyChannel = { send: (r) => void encodeServerMessage(r), cork() {}, uncork() {} };
    const ids = createIdWindow(db, { horizonMs: 72 * 3_600_000, maxIds: 2_000_000 });
    const commit = createGroupCommit({ db, ids, writer: createIngestWriter(db, ids), maxBatch: BATCH });
    const bodies = msgs.map((m) => JSON.stringify(m));
    return measured(msgs.length, () => {
      msgs.forEach((msg, i) => {
        commit.submit({
          channel,
          msg,
          body: bodies[i] as string,
          sender: SENDER,
          receivedAt: Date.now(),
          check,
        });
        if ((i + 1) % BATCH === 0) commit.flush();
      });
      commit.flush();
    });
  });
}

/** Storage variants built from the collector's own SQL, to take its cost apart. */
type Variant = { savepoint: boolean; journal: 'unique' | 'plain' | 'none'; reading: boolean; body?: boolean };

function sqlVariant(msgs: IngestMessage[], v: Variant): Measured {
  return withDb((db) => {
    // The collector's journal minus UNIQUE (token, msg_id), to price that index alone.
    db.exec(`CREATE TABLE journal_plain (
      seq INTEGER PRIMARY KEY, token TEXT NOT NULL, msg_id TEXT NOT NULL, type TEXT NOT NULL,
      received_at INTEGER NOT NULL, body_hash TEXT NOT NULL, body TEXT NOT NULL
    )`);
    const insertJournal = db.prepare(
      v.journal === 'plain'
        ? `INSERT INTO journal_plain (token, msg_id, type, received_at, body_hash, body) VALUES (?, ?, ?, ?, ?, ?)`
        : `INSERT INTO journal (token, msg_id, type, received_at, body_hash, body) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (token, msg_id) DO NOTHING`,
    );
    const insertReading = db.prepare(
      `INSERT INTO readings (journal_seq, station, observed_at, received_at, level, flow, rain, sensor_fault)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    if (v.journal !== 'unique') db.pragma('foreign_keys = OFF');
    const writeOne = (m: IngestMessage) => {
      if (m.type !== 'reading') return;
      let seq = 0;
      if (v.journal !== 'none') {
        const body = v.body === false ? '' : JSON.stringify(m);
        const hash = v.body === false ? '' : createHash('sha256').update(body).digest('hex');
        seq = Number(insertJournal.run(SENDER.token, m.id, m.type, Date.now(), hash, body).lastInsertRowid);
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
  const count = Number(args.find((a) => a.startsWith('--count='))?.slice(8) ?? COUNT) || COUNT;
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
  const seqMsgs = readingFrames(count, 'stage', true).map((t) => decode(Buffer.from(t)));
  const index = indexConfig(testConfig());
  const now = Date.now();
  const scope = SENDER.scope;

  const rows: [string, Measured][] = [
    ['JSON.parse (the baseline does this too)', perItem(frames, (f) => JSON.parse(String(f)))],
    ['decodeIngestMessage (utf8 + JSON.parse + zod)', perItem(frames, decode)],
    [
      'checkMessage (station, scope, time)',
      perItem(msgs, (m) => m.type === 'reading' && checkMessage(m, { index, scope, now })),
    ],
    ['JSON.stringify(msg) for the journal body', perItem(msgs, (m) => JSON.stringify(m))],
    ['sha256 hex of the body', perItem(texts, (t) => createHash('sha256').update(t).digest('hex'))],
    ['ack: build + JSON.stringify', perItem(msgs, (m) => encodeServerMessage(ack(m.id)))],
    ['storage: baseline INSERT (one table, no index)', baselineStorage(msgs)],
    ['storage: collector group commit + writer (+ check), UUID ids', collectorStorage(msgs)],
    ['storage: collector group commit + writer (+ check), sequential ids', collectorStorage(seqMsgs)],
    [
      '  journal + reading, no savepoint, UUID ids',
      sqlVariant(msgs, { savepoint: false, journal: 'unique', reading: true }),
    ],
    ['  journal only, UUID ids', sqlVariant(msgs, { savepoint: false, journal: 'unique', reading: false })],
    [
      '  journal only, sequential ids',
      sqlVariant(seqMsgs, { savepoint: false, journal: 'unique', reading: false }),
    ],
    [
      '  journal only without UNIQUE (token, msg_id), UUID ids',
      sqlVariant(msgs, { savepoint: false, journal: 'plain', reading: false }),
    ],
    [
      '  reading only (table + its index)',
      sqlVariant(msgs, { savepoint: false, journal: 'none', reading: true }),
    ],
    ['  empty savepoint per message', savepointOnly(count)],
    ['  commit (WAL append + fsync), per message at this batch', commitOnly(count)],
    [
      'what-if: journal without UNIQUE + reading, no savepoint, UUID ids',
      sqlVariant(msgs, { savepoint: false, journal: 'plain', reading: true }),
    ],
    [
      'what-if: same, journal row without body and hash',
      sqlVariant(msgs, { savepoint: false, journal: 'plain', reading: true, body: false }),
    ],
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
