import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate } from '../../server/db/migrate.js';
import { type Db, openDatabase } from '../../server/db/open-database.js';

/** A migrated database in a temporary directory, for tests of what sits right on it (repos, in-memory copies). */
export function openTempDatabase(prefix: string): { db: Db; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), `dutywatch-${prefix}-`));
  const db = openDatabase(join(dir, 'test.db'));
  migrate(db);
  return {
    db,
    remove() {
      if (db.open) db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs `fn` in a transaction that then fails (a full disk, say), so everything it wrote is rolled back. */
export function inFailedTransaction(db: Db, fn: () => void): void {
  try {
    db.transaction(() => {
      fn();
      throw new Error('disk full');
    })();
  } catch {
    // rolled back, as intended
  }
}
