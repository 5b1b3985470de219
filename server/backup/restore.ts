import { chmodSync, copyFileSync, existsSync, renameSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { backupStamp, fsyncPath } from './backup-files.js';
import { checkDatabaseFile, type TableCounts } from './check-database.js';
import { processesHolding } from './held-by.js';

/** A restore that was refused before anything was changed. */
export class RestoreRefused extends Error {
  override name = 'RestoreRefused';
}

export type RestoreResult = {
  /** Where the database that was replaced now lies (with its -wal and -shm beside it), or null if there was none. */
  replacedAside: string | null;
  schemaVersion: number;
  counts: TableCounts;
};

/**
 * Puts `backupPath` in place as the database at `dbPath`. Refuses — changing nothing — a backup that fails its
 * check (corrupt, not a dutywatch database, from a newer dutywatch) and a database some process holds open (a
 * running collector). The database it replaces is kept aside with its WAL, never deleted.
 */
export function restoreBackup(backupPath: string, dbPath: string, now: number): RestoreResult {
  if (!existsSync(backupPath)) throw new RestoreRefused(`no backup at ${backupPath}`);
  const check = checkDatabaseFile(backupPath);
  if (!check.ok) throw new RestoreRefused(`the backup ${backupPath} is not usable: ${check.problem}`);
  const holders = processesHolding(dbPath);
  if (holders === null)
    throw new RestoreRefused('cannot tell whether a collector holds the database (/proc unreadable)');
  if (holders.length > 0) {
    throw new RestoreRefused(
      `${dbPath} is open in process ${holders.join(', ')} (a running collector?): stop it first`,
    );
  }
  const target = resolve(dbPath);
  const incoming = `${target}.restoring`;
  copyFileSync(backupPath, incoming);
  chmodSync(incoming, 0o600);
  fsyncPath(incoming);
  let replacedAside: string | null = null;
  if (existsSync(target)) {
    replacedAside = `${target}.replaced-${backupStamp(now)}`;
    renameSync(target, replacedAside);
    for (const suffix of ['-wal', '-shm']) {
      if (existsSync(target + suffix)) renameSync(target + suffix, replacedAside + suffix);
    }
  } else {
    for (const suffix of ['-wal', '-shm']) rmSync(target + suffix, { force: true });
  }
  renameSync(incoming, target);
  fsyncPath(dirname(target));
  return { replacedAside, schemaVersion: check.schemaVersion, counts: check.counts };
}
