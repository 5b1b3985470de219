import { backfillSourcesLastSeen } from '../../ingest/sources-last-seen.js';
import type { Migration } from '../migrate.js';

/**
 * Each token's newest journal receipt, kept as the journal is written (server/ingest/sources-last-seen.ts): a
 * silent source is measured from it across a restart without scanning the whole journal at every start (issue
 * 19). Filled from the journal once, here; the journal's (token, received_at) index that the old query used goes.
 */
export const createSourcesLastSeen: Migration = {
  version: 13,
  name: 'perf-sources-last-seen',
  up(db) {
    db.exec(`
      CREATE TABLE sources_last_seen (
        token    TEXT PRIMARY KEY,
        last_at  INTEGER NOT NULL
      ) WITHOUT ROWID;
    `);
    backfillSourcesLastSeen(db);
    // It was kept only for that start-up query, and cost every ingested message one more B-tree insert.
    db.exec('DROP INDEX IF EXISTS journal_by_token');
  },
};
