import type { Migration } from '../migrate.js';

/**
 * Alerts with their ladder state, reporting obligations, the audit log and the watch. Every deadline is a
 * column (next_escalation_at, recheck_at, snoozed_until, due_at) evaluated by the tick, never a timer, so a
 * restart loses nothing and fires nothing twice (escalation-semantics.md, lesson 1).
 */
export const createAlertTables: Migration = {
  version: 2,
  name: 'create-alert-tables',
  up(db) {
    db.exec(`
      CREATE TABLE alerts (
        id                  INTEGER PRIMARY KEY,
        key                 TEXT NOT NULL,
        class               TEXT NOT NULL,
        severity            TEXT NOT NULL,
        subject_kind        TEXT NOT NULL,
        subject_code        TEXT NOT NULL,
        title_zh            TEXT NOT NULL,
        title_en            TEXT NOT NULL,
        action_zh           TEXT NOT NULL,
        action_en           TEXT NOT NULL,
        value               REAL,
        inhibit_group       TEXT,
        inhibit_rank        INTEGER,
        auto_close          INTEGER NOT NULL,
        state               TEXT NOT NULL CHECK (state IN ('triggered', 'acknowledged', 'closed')),
        opened_at           INTEGER NOT NULL,
        updated_at          INTEGER NOT NULL,
        closed_at           INTEGER,
        closed_by_human     INTEGER NOT NULL DEFAULT 0,
        clear_since         INTEGER,
        ladder              TEXT NOT NULL,
        step                INTEGER NOT NULL DEFAULT 0,
        loop                INTEGER NOT NULL DEFAULT 0,
        rung_target         TEXT,
        rung_person         TEXT,
        next_escalation_at  INTEGER,
        is_exhausted        INTEGER NOT NULL DEFAULT 0,
        ack_by              TEXT,
        ack_at              INTEGER,
        ack_reason          TEXT,
        ack_value           REAL,
        recheck_at          INTEGER,
        snooze_by           TEXT,
        snooze_reason       TEXT,
        snoozed_until       INTEGER,
        has_new_data        INTEGER NOT NULL DEFAULT 0,
        inhibited_by        INTEGER
      );
      CREATE UNIQUE INDEX alerts_one_open_per_key ON alerts (key) WHERE state != 'closed';
      CREATE INDEX alerts_due ON alerts (next_escalation_at) WHERE state = 'triggered';
      CREATE INDEX alerts_by_key ON alerts (key, id);

      CREATE TABLE obligations (
        id          INTEGER PRIMARY KEY,
        incident    TEXT NOT NULL REFERENCES incidents(code),
        kind        TEXT NOT NULL,
        target      TEXT NOT NULL,
        level       INTEGER NOT NULL,
        due_at      INTEGER NOT NULL,
        warn_at     INTEGER NOT NULL,
        state       TEXT NOT NULL CHECK (state IN ('open', 'done', 'superseded')),
        created_at  INTEGER NOT NULL,
        done_at     INTEGER,
        done_by     TEXT,
        done_note   TEXT
      );
      CREATE INDEX obligations_by_incident ON obligations (incident, id);

      -- What the alert engine last knew of each incident, to tell an upgrade from a repeat.
      CREATE TABLE incident_levels (
        code            TEXT PRIMARY KEY REFERENCES incidents(code),
        level           INTEGER NOT NULL,
        is_major_risk   INTEGER NOT NULL,
        is_open         INTEGER NOT NULL
      );

      CREATE TABLE audit_log (
        id          INTEGER PRIMARY KEY,
        at          INTEGER NOT NULL,
        actor       TEXT NOT NULL,
        action      TEXT NOT NULL,
        alert       INTEGER,
        incident    TEXT,
        obligation  INTEGER,
        text        TEXT NOT NULL
      );
      CREATE INDEX audit_by_alert ON audit_log (alert) WHERE alert IS NOT NULL;

      -- Console actions are idempotent like ingest: (token, id) answered once.
      CREATE TABLE action_journal (
        token        TEXT NOT NULL,
        msg_id       TEXT NOT NULL,
        received_at  INTEGER NOT NULL,
        body_hash    TEXT NOT NULL,
        PRIMARY KEY (token, msg_id)
      );

      -- The watch: one row. The outgoing officer stays on it until the incoming one accepts.
      CREATE TABLE watch (
        id                INTEGER PRIMARY KEY CHECK (id = 1),
        officer           TEXT NOT NULL,
        since             INTEGER NOT NULL,
        handover_to       TEXT,
        handover_since    INTEGER
      );

      CREATE TABLE roster_overrides (
        date        TEXT PRIMARY KEY,
        officer     TEXT NOT NULL,
        leader      TEXT NOT NULL,
        set_by      TEXT NOT NULL,
        set_at      INTEGER NOT NULL
      );
    `);
  },
};
