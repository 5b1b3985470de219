import type { Migration } from '../migrate.js';

/** The raw journal and the append-only ingest tables. Times are epoch milliseconds. */
export const createIngestTables: Migration = {
  version: 1,
  name: 'create-ingest-tables',
  up(db) {
    db.exec(`
      CREATE TABLE journal (
        seq          INTEGER PRIMARY KEY,
        token        TEXT NOT NULL,
        msg_id       TEXT NOT NULL,
        type         TEXT NOT NULL,
        received_at  INTEGER NOT NULL,
        body_hash    TEXT NOT NULL,
        body         TEXT NOT NULL
      );
      -- No index on (token, msg_id): ids are often random UUIDs, and a B-tree over random keys costs a page
      -- write per message. Duplicates are found in an in-memory window (server/ingest/id-window.ts) that is
      -- rebuilt from the recent journal at start, which this index makes cheap.
      CREATE INDEX journal_by_received ON journal (received_at);

      CREATE TABLE readings (
        id            INTEGER PRIMARY KEY,
        journal_seq   INTEGER NOT NULL REFERENCES journal(seq),
        station       TEXT NOT NULL,
        observed_at   INTEGER NOT NULL,
        received_at   INTEGER NOT NULL,
        level         REAL NOT NULL,
        flow          REAL,
        rain          REAL,
        sensor_fault  INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX readings_by_station_time ON readings (station, observed_at);

      -- The stock ledger: one row per change, with the balance it leaves (Sahana's inv_stock_log).
      CREATE TABLE stock_ledger (
        id             INTEGER PRIMARY KEY,
        journal_seq    INTEGER NOT NULL REFERENCES journal(seq),
        warehouse      TEXT NOT NULL,
        item           TEXT NOT NULL,
        kind           TEXT NOT NULL CHECK (kind IN ('in', 'out', 'transfer_out', 'transfer_in', 'adjust', 'count')),
        delta          INTEGER NOT NULL,
        balance_after  INTEGER NOT NULL CHECK (balance_after >= 0),
        at             INTEGER NOT NULL,
        received_at    INTEGER NOT NULL,
        counterpart    TEXT,
        incident       TEXT,
        lot_batch      TEXT,
        doc_no         TEXT,
        reason         TEXT
      );
      CREATE INDEX stock_ledger_by_place ON stock_ledger (warehouse, item, id);
      CREATE INDEX stock_ledger_by_incident ON stock_ledger (incident) WHERE incident IS NOT NULL;

      -- Current balances and lots: derived from the ledger, kept in the same transaction for fast reads.
      CREATE TABLE stock_balance (
        warehouse   TEXT NOT NULL,
        item        TEXT NOT NULL,
        quantity    INTEGER NOT NULL CHECK (quantity >= 0),
        updated_at  INTEGER NOT NULL,
        PRIMARY KEY (warehouse, item)
      );
      CREATE TABLE stock_lots (
        warehouse   TEXT NOT NULL,
        item        TEXT NOT NULL,
        batch       TEXT NOT NULL,
        expires_on  TEXT,
        quantity    INTEGER NOT NULL CHECK (quantity >= 0),
        PRIMARY KEY (warehouse, item, batch)
      );

      CREATE TABLE incidents (
        code               TEXT PRIMARY KEY,
        journal_seq        INTEGER NOT NULL REFERENCES journal(seq),
        category           TEXT NOT NULL,
        kind               TEXT NOT NULL,
        title              TEXT NOT NULL,
        township           TEXT NOT NULL,
        village            TEXT,
        location           TEXT,
        occurred_at        INTEGER NOT NULL,
        received_at        INTEGER NOT NULL,
        deaths             INTEGER NOT NULL,
        missing            INTEGER NOT NULL,
        serious_injuries   INTEGER NOT NULL,
        injuries           INTEGER NOT NULL,
        trapped            INTEGER NOT NULL,
        evacuated          INTEGER NOT NULL,
        at_risk            INTEGER,
        direct_loss_yuan   INTEGER NOT NULL,
        status             TEXT NOT NULL,
        description        TEXT
      );
      CREATE TABLE incident_updates (
        id           INTEGER PRIMARY KEY,
        journal_seq  INTEGER NOT NULL REFERENCES journal(seq),
        incident     TEXT NOT NULL REFERENCES incidents(code),
        at           INTEGER NOT NULL,
        received_at  INTEGER NOT NULL,
        changes      TEXT NOT NULL,
        note         TEXT
      );
      -- The incident as it stands after every update, kept beside the append-only report and updates.
      CREATE TABLE incident_state (
        code               TEXT PRIMARY KEY REFERENCES incidents(code),
        deaths             INTEGER NOT NULL,
        missing            INTEGER NOT NULL,
        serious_injuries   INTEGER NOT NULL,
        injuries           INTEGER NOT NULL,
        trapped            INTEGER NOT NULL,
        evacuated          INTEGER NOT NULL,
        at_risk            INTEGER,
        direct_loss_yuan   INTEGER NOT NULL,
        status             TEXT NOT NULL,
        updated_at         INTEGER NOT NULL
      );
    `);
  },
};
