import type { Db } from '../db/open-database.js';

/** An id leaving the memory window before its idempotency window ended. */
export type EvictedId = { token: string; id: string; at: number; seq: number };

/** What is remembered of a stored id: its journal row, whose text a resend is compared with. */
export type StoredId = { seq: number };

export type IdSpill = {
  /** Stores evicted ids (oldest first) and advances the mark of what is spilled. */
  write(evicted: readonly EvictedId[]): void;
  /** What is stored for (token, id), if it was spilled. */
  lookup: (token: string, id: string) => StoredId | undefined;
  /** Forgets ids received before `before`: past their window, nothing is promised for them. */
  prune(before: number): void;
  /** At start: spills the window's journal rows before `firstKeptSeq` that a crash kept from being spilled. */
  spillMissed(since: number, firstKeptSeq: number): void;
  /** Each token with spilled ids received since `since`, and its newest. */
  spilledTokens(since: number): Map<string, number>;
};

/**
 * The durable side of the id window: ids the memory cap pushed out early, looked up by (token, id). Written
 * inside the group commit's transaction, so a lookup in the same transaction sees them.
 */
export function createIdSpill(db: Db): IdSpill {
  const insert = db.prepare(
    `INSERT OR IGNORE INTO ingest_ids_spilled (token, msg_id, body_hash, received_at, journal_seq)
     VALUES (?, ?, ?, ?, ?)`,
  );
  const touchToken = db.prepare(
    `INSERT INTO ingest_ids_spilled_tokens (token, last_at) VALUES (?, ?)
     ON CONFLICT (token) DO UPDATE SET last_at = max(last_at, excluded.last_at)`,
  );
  const setThrough = db.prepare(
    'UPDATE ingest_ids_spill_state SET through_seq = max(through_seq, ?) WHERE id = 1',
  );
  const find = db.prepare<[string, string], StoredId>(
    'SELECT journal_seq AS seq FROM ingest_ids_spilled WHERE token = ? AND msg_id = ?',
  );
  const prune = db.prepare('DELETE FROM ingest_ids_spilled WHERE received_at < ?');
  const pruneTokens = db.prepare('DELETE FROM ingest_ids_spilled_tokens WHERE last_at < ?');

  return {
    /** Stores evicted ids (oldest first) and advances the mark of what is spilled. */
    write(evicted: readonly EvictedId[]): void {
      const newest = new Map<string, number>();
      let through = 0;
      for (const e of evicted) {
        insert.run(e.token, e.id, '', e.at, e.seq);
        newest.set(e.token, Math.max(newest.get(e.token) ?? 0, e.at));
        through = Math.max(through, e.seq);
      }
      for (const [token, at] of newest) touchToken.run(token, at);
      if (through > 0) setThrough.run(through);
    },
    /** What is stored for (token, id), if it was spilled. */
    lookup: (token: string, id: string): StoredId | undefined => find.get(token, id),
    /** Forgets ids received before `before`: past their window, nothing is promised for them. */
    prune(before: number): void {
      prune.run(before);
      pruneTokens.run(before);
    },
    /**
     * At start, when the window holds more ids than memory: spills the journal rows within it, before the first
     * one kept in memory, that were not spilled yet (a crash between an eviction and its write).
     */
    spillMissed(since: number, firstKeptSeq: number): void {
      const through = db
        .prepare<[], number>('SELECT through_seq FROM ingest_ids_spill_state WHERE id = 1')
        .pluck()
        .get();
      const range = [through ?? 0, firstKeptSeq, since] as const;
      db.transaction(() => {
        db.prepare(
          `INSERT OR IGNORE INTO ingest_ids_spilled (token, msg_id, body_hash, received_at, journal_seq)
           SELECT token, msg_id, '', received_at, seq FROM journal
           WHERE seq > ? AND seq < ? AND received_at >= ?`,
        ).run(...range);
        db.prepare(
          `INSERT INTO ingest_ids_spilled_tokens (token, last_at)
           SELECT token, MAX(received_at) FROM journal WHERE seq > ? AND seq < ? AND received_at >= ? GROUP BY token
           ON CONFLICT (token) DO UPDATE SET last_at = max(last_at, excluded.last_at)`,
        ).run(...range);
        setThrough.run(firstKeptSeq - 1);
      })();
    },
    /** Each token with spilled ids received since `since`, and its newest. */
    spilledTokens(since: number): Map<string, number> {
      const rows = db
        .prepare<[number], { token: string; last_at: number }>(
          'SELECT token, last_at FROM ingest_ids_spilled_tokens WHERE last_at >= ?',
        )
        .all(since);
      return new Map(rows.map((r) => [r.token, r.last_at]));
    },
  };
}
