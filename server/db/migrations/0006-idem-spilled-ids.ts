import type { Migration } from '../migrate.js';

/**
 * The durable backstop of the in-memory id window (issue 13, item 1). An id pushed out of memory by the
 * `idempotencyMaxIds` cap before its `idempotencyHours` have passed is written here, so a resend is still
 * recognised. Only evicted ids land here: while the window holds everything, ingest pays nothing for it (a
 * B-tree over random ids costs a page write per message, BENCHMARKS.md). Rows older than the window are pruned.
 */
export const createSpilledIds: Migration = {
  version: 6,
  name: 'idem-spilled-ids',
  up(db) {
    db.exec(`
      CREATE TABLE ingest_ids_spilled (
        token        TEXT NOT NULL,
        msg_id       TEXT NOT NULL,
        body_hash    TEXT NOT NULL,
        received_at  INTEGER NOT NULL,
        journal_seq  INTEGER NOT NULL,
        PRIMARY KEY (token, msg_id)
      ) WITHOUT ROWID;
      CREATE INDEX ingest_ids_spilled_by_age ON ingest_ids_spilled (received_at);

      -- Which tokens have ids here, and the newest: for the others the memory window is the whole truth.
      CREATE TABLE ingest_ids_spilled_tokens (
        token    TEXT PRIMARY KEY,
        last_at  INTEGER NOT NULL
      );

      -- Every journal row up to through_seq that was evicted within its window is in ingest_ids_spilled.
      CREATE TABLE ingest_ids_spill_state (
        id           INTEGER PRIMARY KEY CHECK (id = 1),
        through_seq  INTEGER NOT NULL
      );
      INSERT INTO ingest_ids_spill_state (id, through_seq) VALUES (1, 0);
    `);
  },
};
