import { localDate } from '../../src/domain/local-time.js';

/** How many backups to keep: the newest `keep`, and the newest of each of the last `keepDaily` local days. */
export type Retention = { keep: number; keepDaily: number; utcOffset: string };

/**
 * Which backups (by time taken) to delete. Pure: the newest `keep` stay, and so does the newest backup of
 * each of the `keepDaily` most recent local days that have one; the rest go.
 */
export function backupsToDelete(takenAt: readonly number[], retention: Retention): number[] {
  const newestFirst = [...takenAt].sort((a, b) => b - a);
  const kept = new Set(newestFirst.slice(0, retention.keep));
  const days = new Set<string>();
  for (const at of newestFirst) {
    const { year, month, day: date } = localDate(at, retention.utcOffset);
    const day = `${year}-${month}-${date}`;
    if (days.has(day)) continue;
    if (days.size >= retention.keepDaily) break;
    days.add(day);
    kept.add(at);
  }
  return newestFirst.filter((at) => !kept.has(at)).sort((a, b) => a - b);
}
