import type { Db } from '../db/open-database.js';

/**
 * When each token's newest journal row was received, kept in `sources_last_seen` as the journal is written, so a
 * start reads one row per token instead of `MAX(received_at) … GROUP BY token` over the whole journal (issue 19:
 * ~0.3 s of a 0.8 s start at a million readings, and growing with the record). Written once per token per group
 * commit, not per message.
 */
export function createSourcesLastSeen(db: Db) {
  const upsert = db.prepare(
    `INSERT INTO sources_last_seen (token, last_at) VALUES (?, ?)
     ON CONFLICT (token) DO UPDATE SET last_at = max(last_at, excluded.last_at)`,
  );
  return {
    /** Records journal rows written in the current transaction: the newest receipt time per token. */
    record(newest: ReadonlyMap<string, number>): void {
      for (const [token, at] of newest) upsert.run(token, at);
    },
  };
}

/** Each token's newest journal receipt time, as recorded. */
export function loadSourcesLastSeen(db: Db): Map<string, number> {
  const rows = db
    .prepare<[], { token: string; last_at: number }>('SELECT token, last_at FROM sources_last_seen')
    .all();
  return new Map(rows.map((r) => [r.token, r.last_at]));
}

/** Rebuilds the table from the journal: for a database written before it existed, or by hand (bench seeds). */
export function backfillSourcesLastSeen(db: Db): void {
  db.exec(`
    INSERT INTO sources_last_seen (token, last_at)
    SELECT token, MAX(received_at) FROM journal GROUP BY token
    ON CONFLICT (token) DO UPDATE SET last_at = max(last_at, excluded.last_at)
  `);
}
