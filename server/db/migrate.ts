import { type Migration, migrate as migrateWith } from '../../src/db/migrate.js';
import { MIGRATIONS } from './migrations/index.js';
import type { Db } from './open-database.js';

export { DatabaseFromFutureError, type Migration } from '../../src/db/migrate.js';

/** Brings the collector's database to the latest schema (the runner is shared with the relay's spool). */
export function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS): { from: number; to: number } {
  return migrateWith(db, migrations);
}
