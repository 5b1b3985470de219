import { closeSync, fsyncSync, openSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

// A finished backup is `dutywatch-<UTC stamp>.db`; one being written is a dot-file ending `.partial`. Only the
// first kind is ever taken for a good backup, so a crash mid-backup leaves nothing that looks like one.
const GOOD = /^dutywatch-(\d{8}T\d{6}\d{3}Z)\.db$/;
const PARTIAL = /^\.dutywatch-\d{8}T\d{6}\d{3}Z\.db\.partial(-journal|-wal|-shm)?$/;

/** One finished backup in a backup directory. */
export type BackupFile = { path: string; name: string; takenAt: number; bytes: number };

/** `20261203T081500123Z` for an instant: sorts as text in time order, safe in every file system. */
export function backupStamp(at: number): string {
  return new Date(at).toISOString().replace(/[-:.]/g, '');
}

function stampToMs(stamp: string): number {
  const iso = `${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)}T${stamp.slice(9, 11)}:${stamp.slice(11, 13)}:${stamp.slice(13, 15)}.${stamp.slice(15, 18)}Z`;
  return Date.parse(iso);
}

export const backupName = (at: number) => `dutywatch-${backupStamp(at)}.db`;
export const partialName = (at: number) => `.dutywatch-${backupStamp(at)}.db.partial`;

/** The finished backups in `dir`, oldest first; an absent directory has none. */
export function listBackups(dir: string): BackupFile[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const out: BackupFile[] = [];
  for (const name of names) {
    const match = GOOD.exec(name);
    if (!match) continue;
    const path = join(dir, name);
    out.push({ path, name, takenAt: stampToMs(match[1] as string), bytes: statSync(path).size });
  }
  return out.sort((a, b) => a.takenAt - b.takenAt);
}

/** Leftovers of backups that never finished (the process died mid-copy), with their journals. */
export function listPartials(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((name) => PARTIAL.test(name))
      .map((name) => join(dir, name));
  } catch {
    return [];
  }
}

/** Flushes a file or a folder to disk: a rename is durable only once the folder holding it is. */
export function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
