import Database from 'better-sqlite3';

/**
 * Runs `read` on a read-only connection to a collector's database and closes it, whatever `read` does. The
 * collector may be running: WAL lets a reader in beside it.
 */
export function readDatabase<T>(dbPath: string, read: (db: Database.Database) => T): T {
  const db = new Database(dbPath, { readonly: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

/** Every row a query returns from a collector's database, read as `readDatabase` does. */
export const queryAll = <Row>(dbPath: string, sql: string, ...params: unknown[]): Row[] =>
  readDatabase(dbPath, (db) => db.prepare(sql).all(...params) as Row[]);
