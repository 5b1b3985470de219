import type Database from 'better-sqlite3';

/** One schema step: `up` runs inside the migration transaction. */
export type Migration = { version: number; name: string; up: (db: Database.Database) => void };

/** Thrown when the database was written by a newer dutywatch than this one. */
export class DatabaseFromFutureError extends Error {
  override name = 'DatabaseFromFutureError';
}

/**
 * Brings the schema to the latest version using `PRAGMA user_version`. Refuses a database from a newer
 * version rather than guessing at its meaning; applies all pending steps in one transaction so a crash
 * mid-migration leaves the old schema intact. Shared by the collector's database and the relay's spool.
 */
export function migrate(
  db: Database.Database,
  migrations: readonly Migration[],
): { from: number; to: number } {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1)
      throw new Error(`migration ${m.name} has version ${m.version}, expected ${i + 1}`);
  });
  const latest = migrations.length;
  const from = db.pragma('user_version', { simple: true }) as number;
  if (from > latest) {
    throw new DatabaseFromFutureError(
      `the database is at schema version ${from}, but this dutywatch knows only up to ${latest}; upgrade dutywatch`,
    );
  }
  if (from === latest) return { from, to: latest };
  db.transaction(() => {
    for (const m of migrations.slice(from)) {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    }
  })();
  return { from, to: latest };
}
