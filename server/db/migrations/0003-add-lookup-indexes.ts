import type { Migration } from '../migrate.js';

/**
 * Indexes found by the benchmarks: the last message per source token (read at start for silent-source alerts,
 * which otherwise scanned the whole journal), and the alerts resolved by hand whose condition has not cleared
 * (read on every pass, which otherwise scanned all closed alerts).
 */
export const addLookupIndexes: Migration = {
  version: 3,
  name: 'add-lookup-indexes',
  up(db) {
    db.exec(`
      CREATE INDEX journal_by_token ON journal (token, received_at);
      CREATE INDEX alerts_blocked ON alerts (key) WHERE state = 'closed' AND closed_by_human = 1 AND clear_since IS NULL;
    `);
  },
};
