import Database from 'better-sqlite3';

/** A better-sqlite3 connection. */
export type Db = Database.Database;

/**
 * Opens the collector's database with the pragmas durability depends on: WAL so watchers' reads never block
 * ingest, and `synchronous=FULL` so a commit that returned survives power loss, not just a process crash —
 * an ack is a promise (DESIGN.md, "nothing acknowledged is ever lost").
 */
export function openDatabase(path: string, options: { readonly?: boolean } = {}): Db {
  const db = new Database(path, {
    readonly: options.readonly ?? false,
    fileMustExist: options.readonly ?? false,
  });
  if (!options.readonly) db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  return db;
}
