import { chmodSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Db } from '../db/open-database.js';
import { backupName, fsyncPath, listPartials, partialName } from './backup-files.js';
import { checkDatabaseFile, countRows, type TableCounts } from './check-database.js';

/** A backup that was written, checked and renamed into place. */
export type BackupResult = {
  path: string;
  takenAt: number;
  bytes: number;
  schemaVersion: number;
  counts: TableCounts;
  /** Wall time spent, ms. */
  elapsedMs: number;
};

/** A backup that did not complete; nothing named like a good backup was left behind. */
export class BackupError extends Error {
  override name = 'BackupError';
}

export type BackupOptions = {
  /** When it is taken (names the file); the caller's clock. */
  now: number;
  /**
   * Whether `db` is the only connection that writes (the collector's own): then the copy goes a few pages at a
   * time between other work, and the collector's own writes are carried into it. From another process, writes
   * by the collector would restart a slow copy forever, so it is copied in one step inside one read snapshot —
   * which under WAL never blocks the writer.
   */
  sameConnectionWrites: boolean;
  /** Pages copied per step from another process (default: all at once); fewer spreads the disk load. */
  pagesPerStep?: number;
  /** Told after each step: pages left and in all. */
  onProgress?: (remaining: number, total: number) => void;
};

/**
 * Takes a consistent online backup of `db` into `dir`: SQLite's backup API into a temporary `.partial` file,
 * then `integrity_check`, the schema version and the row counts checked against what the source held before the
 * copy began (append-only tables can only have grown), then fsync and rename into place — so a file named like
 * a backup is always a whole, checked one. Backups are created 0600: they hold casualty data.
 */
export async function takeBackup(db: Db, dir: string, options: BackupOptions): Promise<BackupResult> {
  const started = Date.now();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  for (const stale of listPartials(dir)) rmSync(stale, { force: true });
  const before = countRows(db);
  const schemaVersion = db.pragma('user_version', { simple: true }) as number;
  const partial = join(dir, partialName(options.now));
  const final = join(dir, backupName(options.now));
  try {
    await db.backup(partial, {
      progress: ({ totalPages, remainingPages }) => {
        options.onProgress?.(remainingPages, totalPages);
        if (options.sameConnectionWrites) return 256;
        return options.pagesPerStep ?? Math.max(totalPages, 1) * 2;
      },
    });
    // The copy carries the source's WAL flag; a backup is one self-contained file, so it goes back to a rollback
    // journal (the collector that restores it switches to WAL again) and leaves no -wal or -shm beside it.
    const copy = new Database(partial);
    copy.pragma('journal_mode = DELETE');
    copy.close();
    chmodSync(partial, 0o600);
    const check = checkDatabaseFile(partial);
    if (!check.ok) throw new BackupError(`the copy failed its check: ${check.problem}`);
    if (check.schemaVersion !== schemaVersion) {
      throw new BackupError(`the copy is at schema ${check.schemaVersion}, the database at ${schemaVersion}`);
    }
    for (const [table, n] of Object.entries(before) as [keyof TableCounts, number][]) {
      if (table === 'alerts' || table === 'incidents') continue; // not append-only in principle; reported only
      if (check.counts[table] < n) {
        throw new BackupError(
          `the copy holds ${check.counts[table]} ${table} rows, the database held ${n} before`,
        );
      }
    }
    fsyncPath(partial);
    renameSync(partial, final);
    fsyncPath(dir);
    const bytes = statSync(final).size;
    return {
      path: final,
      takenAt: options.now,
      bytes,
      schemaVersion,
      counts: check.counts,
      elapsedMs: Date.now() - started,
    };
  } catch (error) {
    for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(partial + suffix, { force: true });
    if (error instanceof BackupError) throw error;
    throw new BackupError(error instanceof Error ? error.message : String(error));
  }
}
