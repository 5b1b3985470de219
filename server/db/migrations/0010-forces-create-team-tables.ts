import type { Migration } from '../migrate.js';

/**
 * Rescue forces (issue 17). `team_status` keeps every roll call as written; `team_state` is each team's
 * available headcount as it stands (the last roll call, less people sent out since, plus people back);
 * `team_dispatches` is every dispatch, open until the team returns. At most one dispatch of a team to an
 * incident is open at a time, so `team.arrive` and `team.return` name it by team and incident.
 */
export const createTeamTables: Migration = {
  version: 10,
  name: 'forces-create-team-tables',
  up(db) {
    db.exec(`
      CREATE TABLE team_status (
        journal_seq  INTEGER PRIMARY KEY REFERENCES journal(seq),
        team         TEXT NOT NULL,
        available    INTEGER NOT NULL,
        posture      TEXT NOT NULL,
        at           INTEGER NOT NULL,
        received_at  INTEGER NOT NULL,
        note         TEXT
      );
      CREATE INDEX team_status_by_team ON team_status (team, at);

      CREATE TABLE team_state (
        team         TEXT PRIMARY KEY,
        available    INTEGER NOT NULL,
        posture      TEXT NOT NULL CHECK (posture IN ('standby', 'stood-down')),
        reported_at  INTEGER NOT NULL,
        updated_at   INTEGER NOT NULL
      );

      CREATE TABLE team_dispatches (
        id           INTEGER PRIMARY KEY,
        journal_seq  INTEGER NOT NULL REFERENCES journal(seq),
        team         TEXT NOT NULL,
        incident     TEXT NOT NULL REFERENCES incidents(code),
        headcount    INTEGER NOT NULL CHECK (headcount > 0),
        departed_at  INTEGER NOT NULL,
        arrived_at   INTEGER,
        returned_at  INTEGER,
        received_at  INTEGER NOT NULL,
        note         TEXT,
        return_note  TEXT
      );
      CREATE UNIQUE INDEX team_dispatches_open ON team_dispatches (team, incident) WHERE returned_at IS NULL;
      CREATE INDEX team_dispatches_by_incident ON team_dispatches (incident, departed_at);
      CREATE INDEX team_dispatches_recent ON team_dispatches (returned_at);
    `);
  },
};
