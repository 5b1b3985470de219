import Database from 'better-sqlite3';
import { MIGRATIONS } from '../db/migrations/index.js';

/** Tables whose row counts a backup reports and checks: the append-only record and the alert history. */
export const COUNTED_TABLES = [
  'journal',
  'readings',
  'stock_ledger',
  'incidents',
  'alerts',
  'audit_log',
] as const;
export type TableCounts = Record<(typeof COUNTED_TABLES)[number], number>;

/** What a database file holds, or why it cannot be trusted. */
export type DatabaseCheck =
  | { ok: true; schemaVersion: number; counts: TableCounts }
  | { ok: false; problem: string };

/** The schema version this dutywatch writes. */
export const LATEST_SCHEMA = MIGRATIONS.length;

/** Row counts of the counted tables on an open connection (one read transaction, so they agree). */
export function countRows(db: Database.Database): TableCounts {
  return db.transaction(() => {
    const counts = {} as TableCounts;
    for (const table of COUNTED_TABLES) {
      counts[table] = (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    }
    return counts;
  })();
}

/**
 * Opens `path` read-only and checks it as a dutywatch database: SQLite's `integrity_check`, a schema version
 * this dutywatch knows, and the counted tables present. Never changes the file.
 */
export function checkDatabaseFile(path: string): DatabaseCheck {
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    const integrity = db.pragma('integrity_check') as { integrity_check: string }[];
    const verdict = integrity.map((row) => row.integrity_check);
    if (verdict.length !== 1 || verdict[0] !== 'ok') {
      return { ok: false, problem: `integrity_check failed: ${verdict.slice(0, 3).join('; ')}` };
    }
    const schemaVersion = db.pragma('user_version', { simple: true }) as number;
    if (schemaVersion === 0) return { ok: false, problem: 'not a dutywatch database (schema version 0)' };
    if (schemaVersion > LATEST_SCHEMA) {
      return {
        ok: false,
        problem: `written by a newer dutywatch (schema version ${schemaVersion}; this one knows up to ${LATEST_SCHEMA})`,
      };
    }
    return { ok: true, schemaVersion, counts: countRows(db) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, problem: `cannot be read as a dutywatch database: ${message}` };
  } finally {
    db?.close();
  }
}
