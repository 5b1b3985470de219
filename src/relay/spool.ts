// Over 250 lines on purpose: one SQLite file's schema and every statement on it, so a change of table is one diff.
import Database from 'better-sqlite3';
import { DatabaseFromFutureError, type Migration, migrate } from '../db/migrate.js';
import type { Places } from './alert-places.js';
import type { Derived, IncidentMark } from './translate.js';

/** Where the relay stands in the county feed: the last delta (or snapshot) whose messages are spooled. */
export type FeedCursor = { epoch: string; seq: number };

/** A message waiting for the city's ack; `seq` is its place in the spool (send order). */
export type SpooledMessage = {
  seq: number;
  id: string;
  kind: string;
  body: string;
  aboutAt: number;
  spooledAt: number;
};

/** A message the city refused for good, kept with its refusal for a person to look at. */
export type DeadLetter = SpooledMessage & { code: string; reason: string; failedAt: number };

/** How many messages are where. */
export type SpoolCounts = { queued: number; delivered: number; dead: number };

const SCHEMA = `
  -- Messages derived and not yet acked by the city, in the order they are sent. AUTOINCREMENT: a seq is never
  -- reused, even after the queue empties, so the order of everything ever spooled stays comparable.
  CREATE TABLE IF NOT EXISTS outbox (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    id          TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL,
    body        TEXT NOT NULL,
    about_at    INTEGER NOT NULL,
    spooled_at  INTEGER NOT NULL
  );
  -- Ids the city acked, so a resync that derives them again does not send them again. Kept while the time the
  -- message is about lies within the horizon; nothing older is derived.
  CREATE TABLE IF NOT EXISTS delivered (
    id            TEXT PRIMARY KEY,
    seq           INTEGER NOT NULL,
    about_at      INTEGER NOT NULL,
    delivered_at  INTEGER NOT NULL,
    duplicate     INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS delivered_by_about ON delivered (about_at);
  -- Messages the city refused for a reason resending cannot fix.
  CREATE TABLE IF NOT EXISTS dead_letters (
    seq         INTEGER PRIMARY KEY,
    id          TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL,
    body        TEXT NOT NULL,
    about_at    INTEGER NOT NULL,
    spooled_at  INTEGER NOT NULL,
    code        TEXT NOT NULL,
    reason      TEXT NOT NULL,
    failed_at   INTEGER NOT NULL
  );
  -- The county feed position the spool is complete up to (one row).
  CREATE TABLE IF NOT EXISTS cursor (
    one         INTEGER PRIMARY KEY CHECK (one = 1),
    epoch       TEXT NOT NULL,
    seq         INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
  );
  -- The county's place names from its last snapshot (JSON, one row): the CAP the city reads names places by
  -- them, and a relay that resumes its feed gets no snapshot. Older relays ignore the table.
  CREATE TABLE IF NOT EXISTS places (
    one         INTEGER PRIMARY KEY CHECK (one = 1),
    json        TEXT NOT NULL
  );
  -- How far each incident was forwarded: decides between report, update and nothing. Never pruned.
  CREATE TABLE IF NOT EXISTS incidents (
    code        TEXT PRIMARY KEY,
    updated_at  INTEGER NOT NULL,
    updates     INTEGER NOT NULL
  ) WITHOUT ROWID;
`;

// The spool's schema steps, run by the same migration runner as the collector's database (issue 18). Version 1
// is the schema spools were created with by hand, so an existing spool (user_version 1) needs nothing.
const SPOOL_MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'relay-spool', up: (db) => db.exec(SCHEMA) },
];

type Row = { seq: number; id: string; kind: string; body: string; about_at: number; spooled_at: number };

const toMessage = (r: Row): SpooledMessage => ({
  seq: r.seq,
  id: r.id,
  kind: r.kind,
  body: r.body,
  aboutAt: r.about_at,
  spooledAt: r.spooled_at,
});

/** An open spool. */
export type Spool = {
  /** The spool's file. */
  path: string;
  /** The feed position the spool is complete up to; undefined for a new spool. */
  cursor(): FeedCursor | undefined;
  /** Queues one snapshot's or delta's messages and moves the cursor past it, atomically; returns how many were new. */
  append(messages: readonly Derived[], cursor: FeedCursor, now: number): number;
  /** The county's place names as last seen, or undefined before the first snapshot. */
  places(): Places | undefined;
  setPlaces(places: Places): void;
  /** How far an incident was forwarded (spooled counts: it will be sent). */
  forwarded(code: string): IncidentMark | undefined;
  /** The first `limit` queued messages, oldest first: the send order. */
  head(limit: number): SpooledMessage[];
  /** The city acked these (`duplicate`: it had them already): they leave the queue, their ids are remembered. */
  delivered(ids: readonly string[], now: number, duplicate?: boolean): void;
  /** Moves a queued message to the dead letters with the city's refusal; false if it was not queued. */
  deadLetter(id: string, code: string, reason: string, now: number): boolean;
  /** Forgets delivered ids about times before `horizon`; returns how many went. */
  prune(horizon: number): number;
  counts(): SpoolCounts;
  /** Every dead letter, in spool order. */
  deadLetters(): DeadLetter[];
  /** Delivered ids in the order they were spooled (tests, and a person reconciling with the city). */
  deliveredIds(): string[];
  close(): void;
};

/**
 * The relay's durable outbox (SQLite, `synchronous=FULL`): messages derived from the county feed are written
 * together with the feed cursor in one transaction before anything is sent, and leave the queue only once the
 * city has acked them (into `delivered`) or refused them for good (into `dead_letters`). An id the spool has
 * seen in any of the three is never queued again.
 */
export function openSpool(path: string): Spool {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  try {
    migrate(db, SPOOL_MIGRATIONS);
  } catch (error) {
    const version = db.pragma('user_version', { simple: true }) as number;
    db.close();
    if (!(error instanceof DatabaseFromFutureError)) throw error;
    throw new Error(`${path} is a relay spool of a newer version (${version}); upgrade dutywatch`);
  }

  const getCursor = db.prepare<[], { epoch: string; seq: number }>('SELECT epoch, seq FROM cursor');
  const setCursor = db.prepare(
    `INSERT INTO cursor (one, epoch, seq, updated_at) VALUES (1, ?, ?, ?)
     ON CONFLICT (one) DO UPDATE SET epoch = excluded.epoch, seq = excluded.seq, updated_at = excluded.updated_at`,
  );
  const isKnown = db
    .prepare<[string, string, string], number>(
      `SELECT EXISTS (SELECT 1 FROM delivered WHERE id = ?) OR EXISTS (SELECT 1 FROM dead_letters WHERE id = ?)
         OR EXISTS (SELECT 1 FROM outbox WHERE id = ?)`,
    )
    .pluck();
  const enqueue = db.prepare(
    'INSERT INTO outbox (id, kind, body, about_at, spooled_at) VALUES (@id, @kind, @body, @aboutAt, @now)',
  );
  const getMark = db.prepare<[string], { updated_at: number; updates: number }>(
    'SELECT updated_at, updates FROM incidents WHERE code = ?',
  );
  const setMark = db.prepare(
    `INSERT INTO incidents (code, updated_at, updates) VALUES (@code, @updatedAt, @updates)
     ON CONFLICT (code) DO UPDATE SET updated_at = excluded.updated_at, updates = excluded.updates
     WHERE excluded.updated_at > incidents.updated_at
        OR (excluded.updated_at = incidents.updated_at AND excluded.updates > incidents.updates)`,
  );
  const getPlaces = db.prepare<[], string>('SELECT json FROM places').pluck();
  const putPlaces = db.prepare(
    'INSERT INTO places (one, json) VALUES (1, ?) ON CONFLICT (one) DO UPDATE SET json = excluded.json',
  );
  const head = db.prepare<[number], Row>('SELECT * FROM outbox ORDER BY seq LIMIT ?');
  const getQueued = db.prepare<[string], Row>('SELECT * FROM outbox WHERE id = ?');
  const dequeue = db.prepare('DELETE FROM outbox WHERE id = ?');
  const markDelivered = db.prepare(
    'INSERT OR IGNORE INTO delivered (id, seq, about_at, delivered_at, duplicate) VALUES (?, ?, ?, ?, ?)',
  );
  const insertDead = db.prepare(
    `INSERT OR IGNORE INTO dead_letters (seq, id, kind, body, about_at, spooled_at, code, reason, failed_at)
     VALUES (@seq, @id, @kind, @body, @aboutAt, @spooledAt, @code, @reason, @failedAt)`,
  );
  const count = (table: string) => db.prepare<[], number>(`SELECT COUNT(*) FROM ${table}`).pluck();
  const countQueued = count('outbox');
  const countDelivered = count('delivered');
  const countDead = count('dead_letters');

  const append = db.transaction((messages: readonly Derived[], cursor: FeedCursor, now: number) => {
    let added = 0;
    for (const m of messages) {
      if (m.incident) setMark.run(m.incident);
      if (isKnown.get(m.id, m.id, m.id)) continue;
      enqueue.run({ id: m.id, kind: m.kind, body: m.body, aboutAt: m.aboutAt, now });
      added += 1;
    }
    setCursor.run(cursor.epoch, cursor.seq, now);
    return added;
  });

  const deliver = db.transaction((ids: readonly string[], now: number, duplicate: boolean) => {
    for (const id of ids) {
      const row = getQueued.get(id);
      if (!row) continue;
      markDelivered.run(id, row.seq, row.about_at, now, duplicate ? 1 : 0);
      dequeue.run(id);
    }
  });

  const bury = db.transaction((id: string, code: string, reason: string, now: number) => {
    const row = getQueued.get(id);
    if (!row) return false;
    insertDead.run({ ...toMessage(row), code, reason, failedAt: now });
    dequeue.run(id);
    return true;
  });

  const pruneDelivered = db.prepare('DELETE FROM delivered WHERE about_at < ?');

  return {
    path,
    /** The feed position the spool is complete up to; undefined for a new spool. */
    cursor(): FeedCursor | undefined {
      return getCursor.get();
    },
    /**
     * Queues the messages derived from one snapshot or delta and moves the cursor past it, in one transaction:
     * after a crash either both are on disk or neither. Ids already queued, delivered or dead are skipped.
     * Returns how many messages were new.
     */
    append(messages: readonly Derived[], cursor: FeedCursor, now: number): number {
      return append(messages, cursor, now);
    },
    /** The county's place names as last seen, or undefined before the first snapshot. */
    places(): Places | undefined {
      const json = getPlaces.get();
      return json === undefined ? undefined : (JSON.parse(json) as Places);
    },
    setPlaces(places: Places): void {
      putPlaces.run(JSON.stringify(places));
    },
    /** How far an incident was forwarded (spooled counts: it will be sent). */
    forwarded(code: string): IncidentMark | undefined {
      const row = getMark.get(code);
      return row ? { code, updatedAt: row.updated_at, updates: row.updates } : undefined;
    },
    /** The first `limit` queued messages, oldest first: the send order. */
    head(limit: number): SpooledMessage[] {
      return head.all(limit).map(toMessage);
    },
    /** The city acked these (`duplicate`: it had them already): they leave the queue, their ids are remembered. */
    delivered(ids: readonly string[], now: number, duplicate = false): void {
      deliver(ids, now, duplicate);
    },
    /** Moves a queued message to the dead letters with the city's refusal; false if it was not queued. */
    deadLetter(id: string, code: string, reason: string, now: number): boolean {
      return bury(id, code, reason, now);
    },
    /**
     * Forgets delivered ids about times before `horizon`; returns how many went. Incident marks are kept: an
     * incident may stay open (and in the county's snapshots) for months, and a mark is a few bytes.
     */
    prune(horizon: number): number {
      return pruneDelivered.run(horizon).changes;
    },
    counts(): SpoolCounts {
      return {
        queued: countQueued.get() ?? 0,
        delivered: countDelivered.get() ?? 0,
        dead: countDead.get() ?? 0,
      };
    },
    /** Every dead letter, in spool order. */
    deadLetters(): DeadLetter[] {
      return db
        .prepare<[], Row & { code: string; reason: string; failed_at: number }>(
          'SELECT * FROM dead_letters ORDER BY seq',
        )
        .all()
        .map((r) => ({ ...toMessage(r), code: r.code, reason: r.reason, failedAt: r.failed_at }));
    },
    /** Delivered ids in the order they were spooled (tests, and a person reconciling with the city). */
    deliveredIds(): string[] {
      return db.prepare<[], string>('SELECT id FROM delivered ORDER BY seq').pluck().all();
    },
    close(): void {
      db.close();
    },
  };
}
