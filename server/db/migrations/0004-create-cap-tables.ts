import type { Migration } from '../migrate.js';

/**
 * CAP 1.2 alert messages (issue 8). `cap_messages` keeps every document as received, once per
 * (sender, identifier) as CAP requires; `cap_threads` is one warning as it stands now — the original `Alert` and
 * the `Update`s and `Cancel` that reference it. The alert engine raises one alert per live thread. `alerts.drill`
 * marks an exercise alert, which climbs its ladder but pages nobody.
 */
export const createCapTables: Migration = {
  version: 4,
  name: 'create-cap-tables',
  up(db) {
    db.exec(`
      CREATE TABLE cap_threads (
        id            INTEGER PRIMARY KEY,
        sender        TEXT NOT NULL,
        identifier    TEXT NOT NULL,
        status        TEXT NOT NULL,
        drill         INTEGER NOT NULL,
        state         TEXT NOT NULL CHECK (state IN ('active', 'cancelled')),
        event         TEXT NOT NULL,
        headline      TEXT,
        area_desc     TEXT NOT NULL,
        urgency       TEXT NOT NULL,
        severity      TEXT NOT NULL,
        certainty     TEXT NOT NULL,
        sender_name   TEXT,
        instruction   TEXT,
        expires_at    INTEGER,
        opened_at     INTEGER NOT NULL,
        updated_at    INTEGER NOT NULL,
        messages      INTEGER NOT NULL DEFAULT 1
      );
      CREATE INDEX cap_threads_live ON cap_threads (updated_at) WHERE state = 'active';

      CREATE TABLE cap_messages (
        id           INTEGER PRIMARY KEY,
        journal_seq  INTEGER NOT NULL REFERENCES journal(seq),
        sender       TEXT NOT NULL,
        identifier   TEXT NOT NULL,
        sent         TEXT NOT NULL,
        status       TEXT NOT NULL,
        msg_type     TEXT NOT NULL,
        thread       INTEGER REFERENCES cap_threads(id),
        received_at  INTEGER NOT NULL,
        xml          TEXT NOT NULL,
        UNIQUE (sender, identifier)
      );
      CREATE INDEX cap_messages_by_thread ON cap_messages (thread, id);

      ALTER TABLE alerts ADD COLUMN drill INTEGER NOT NULL DEFAULT 0;
    `);
  },
};
