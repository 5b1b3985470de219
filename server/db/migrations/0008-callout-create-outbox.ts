import type { Migration } from '../migrate.js';

/**
 * Call-outs (叫应, issue 16) and the outbox. A call-out and its recipients are written in the same transaction
 * as the outbox rows that carry its messages, and so is a fired ladder rung's message: a crash can delay a
 * delivery or repeat it once (with the same idempotency key), never lose it. Deadlines (`next_at`,
 * `deadline_at`, `closes_at`) are columns the tick reads, not timers. An answer link's token is never stored:
 * only its SHA-256 (to look it up) and the random nonce it is derived from with a key kept outside the database.
 */
export const createCalloutOutbox: Migration = {
  version: 8,
  name: 'callout-create-outbox',
  up(db) {
    db.exec(`
      CREATE TABLE callouts (
        id            INTEGER PRIMARY KEY,
        key           TEXT,
        trigger       TEXT NOT NULL CHECK (trigger IN ('station', 'cap', 'incident', 'officer')),
        alert         INTEGER,
        title         TEXT NOT NULL,
        message       TEXT NOT NULL,
        drill         INTEGER NOT NULL,
        started_by    TEXT NOT NULL,
        started_at    INTEGER NOT NULL,
        deadline_at   INTEGER NOT NULL,
        closes_at     INTEGER NOT NULL,
        chased_at     INTEGER,
        closed_at     INTEGER,
        closed_by     TEXT
      );
      CREATE UNIQUE INDEX callouts_one_open_per_key ON callouts (key) WHERE closed_at IS NULL AND key IS NOT NULL;
      CREATE INDEX callouts_open ON callouts (closes_at) WHERE closed_at IS NULL;

      CREATE TABLE callout_recipients (
        id              INTEGER PRIMARY KEY,
        callout         INTEGER NOT NULL REFERENCES callouts(id),
        person          TEXT NOT NULL,
        name            TEXT NOT NULL,
        role            TEXT NOT NULL,
        township        TEXT,
        village         TEXT,
        place           TEXT NOT NULL,
        phone           TEXT,
        state           TEXT NOT NULL
                        CHECK (state IN ('queued', 'sent', 'delivered', 'answered', 'phoned', 'unreachable')),
        link_nonce      TEXT NOT NULL,
        token_hash      TEXT NOT NULL UNIQUE,
        sent_at         INTEGER,
        delivered_at    INTEGER,
        answered_at     INTEGER,
        answer          TEXT,
        answer_count    INTEGER,
        answer_note     TEXT,
        phoned_at       INTEGER,
        phoned_by       TEXT,
        phoned_reached  INTEGER,
        unreachable_at  INTEGER
      );
      CREATE INDEX callout_recipients_by_callout ON callout_recipients (callout, id);

      CREATE TABLE outbox (
        id            INTEGER PRIMARY KEY,
        idem_key      TEXT NOT NULL UNIQUE,
        channel       TEXT NOT NULL,
        recipient     INTEGER REFERENCES callout_recipients(id),
        alert         INTEGER,
        person        TEXT NOT NULL,
        name          TEXT NOT NULL,
        mobile        TEXT,
        email         TEXT,
        title         TEXT NOT NULL,
        text          TEXT NOT NULL,
        drill         INTEGER NOT NULL,
        state         TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'dead')),
        tries         INTEGER NOT NULL DEFAULT 0,
        next_at       INTEGER NOT NULL,
        created_at    INTEGER NOT NULL,
        last_try_at   INTEGER,
        done_at       INTEGER,
        last_error    TEXT
      );
      CREATE INDEX outbox_due ON outbox (next_at) WHERE state = 'pending';
      CREATE INDEX outbox_by_recipient ON outbox (recipient) WHERE recipient IS NOT NULL;
      CREATE INDEX outbox_recent ON outbox (created_at);
    `);
  },
};
