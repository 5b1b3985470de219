import { chmodSync, closeSync, existsSync, openSync } from 'node:fs';
import Database from 'better-sqlite3';

/** A better-sqlite3 connection. */
export type Db = Database.Database;

// Casualty figures and names: readable by the collector's own user only (issue 13).
const PRIVATE_FILE_MODE = 0o600;

/**
 * Opens the collector's database with the pragmas durability depends on: WAL so watchers' reads never block
 * ingest, and `synchronous=FULL` so a commit that returned survives power loss, not just a process crash —
 * an ack is a promise (DESIGN.md, "nothing acknowledged is ever lost").
 */
export function openDatabase(path: string, options: { readonly?: boolean } = {}): Db {
  if (!options.readonly) makePrivate(path);
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

/**
 * Creates the database file 0600 before SQLite opens it, and tightens one made earlier. SQLite gives the
 * `-wal` and `-shm` files it creates the mode of the database file, so they follow; ones left by an older
 * dutywatch are tightened here too.
 */
function makePrivate(path: string): void {
  if (path === '' || path === ':memory:' || path.startsWith('file:')) return;
  if (!existsSync(path)) closeSync(openSync(path, 'a', PRIVATE_FILE_MODE));
  for (const file of [path, `${path}-wal`, `${path}-shm`]) {
    if (existsSync(file)) chmodSync(file, PRIVATE_FILE_MODE);
  }
}
