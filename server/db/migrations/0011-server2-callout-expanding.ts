import type { Migration } from '../migrate.js';

/**
 * A call-out to hundreds of people is decided in one transaction but written out in chunks, so ingest is not
 * held behind one long transaction (issue 16's benchmark). The decision stores the whole recipient list
 * (`plan`, JSON) with how many there are (`planned`); `expanded` counts those already written as recipients
 * with their outbox rows. Each chunk writes its recipients and advances `expanded` in one transaction, so a
 * crash between chunks leaves a consistent prefix and the restart resumes after it: nobody is lost or written
 * twice. `plan` is cleared once every recipient is written; a call-out with a plan is still expanding.
 */
export const addCalloutExpanding: Migration = {
  version: 11,
  name: 'server2-callout-expanding',
  up(db) {
    db.exec(`
      ALTER TABLE callouts ADD COLUMN plan TEXT;
      ALTER TABLE callouts ADD COLUMN planned INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE callouts ADD COLUMN expanded INTEGER NOT NULL DEFAULT 0;
      CREATE INDEX callouts_expanding ON callouts (id) WHERE plan IS NOT NULL;
    `);
  },
};
