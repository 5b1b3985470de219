import { rmSync } from 'node:fs';
import { MINUTE_MS } from '../../src/domain/local-time.js';
import type { BackupHealth } from '../../src/domain/rules/backup-rules.js';
import type { Logger } from '../../src/log/logger.js';
import type { BackupSettings } from '../../src/protocol/index.js';
import type { Db } from '../db/open-database.js';
import { listBackups } from './backup-files.js';
import { backupsToDelete } from './retention.js';
import { takeBackup } from './take-backup.js';

export type BackupSchedule = {
  /** Starts a backup when one is due and none is running; called by the collector's tick. */
  tick(realNow: number): void;
  /** What the alert rules and `/metrics` are told; null when backups are not configured. */
  health(realNow: number): BackupHealth | null;
  /** Resolves once no backup is running (shutdown waits for it, so the database is not closed under it). */
  idle(): Promise<void>;
};

/**
 * Runs the collector's own backups on the wall clock (a drill's simulated clock does not make backups due; the
 * disk is real). The directory is the durable record of when the last good one was taken, so a restart picks
 * the schedule up where it was, and a failure is retried after a tenth of the interval (at least a minute).
 */
export function createBackupSchedule(options: {
  db: Db;
  dir: string;
  settings: () => BackupSettings | undefined;
  utcOffset: () => string;
  logger: Logger;
}): BackupSchedule {
  let lastGoodAt: number | null = listBackups(options.dir).at(-1)?.takenAt ?? null;
  let failure: { at: number; reason: string } | null = null;
  let running: Promise<void> | null = null;
  let failures = 0;

  function isDue(settings: BackupSettings, now: number): boolean {
    const interval = settings.intervalMinutes * MINUTE_MS;
    if (failure && now - failure.at < Math.max(MINUTE_MS, interval / 10)) return false;
    return lastGoodAt === null || now - lastGoodAt >= interval;
  }

  function prune(settings: BackupSettings): void {
    const files = listBackups(options.dir);
    const doomed = new Set(
      backupsToDelete(
        files.map((f) => f.takenAt),
        { keep: settings.keep, keepDaily: settings.keepDaily, utcOffset: options.utcOffset() },
      ),
    );
    for (const file of files) if (doomed.has(file.takenAt)) rmSync(file.path, { force: true });
  }

  async function run(settings: BackupSettings, now: number): Promise<void> {
    try {
      const result = await takeBackup(options.db, options.dir, { now, sameConnectionWrites: true });
      lastGoodAt = result.takenAt;
      failure = null;
      options.logger.info('backup.done', {
        path: result.path,
        bytes: result.bytes,
        ms: result.elapsedMs,
        journal: result.counts.journal,
      });
      prune(settings);
    } catch (error) {
      failures += 1;
      const reason = error instanceof Error ? error.message : String(error);
      failure = { at: Date.now(), reason };
      options.logger.error('backup.failed', { dir: options.dir, reason });
    }
  }

  return {
    tick(realNow) {
      const settings = options.settings();
      if (!settings || running || !options.db.open || !isDue(settings, realNow)) return;
      running = run(settings, realNow).finally(() => {
        running = null;
      });
    },
    health(realNow) {
      const settings = options.settings();
      if (!settings) return null;
      return {
        lastGoodAt,
        ageMs: lastGoodAt === null ? null : realNow - lastGoodAt,
        overdueAfterMs: settings.intervalMinutes * settings.overdueIntervals * MINUTE_MS,
        failure,
        failures,
        dir: options.dir,
      };
    },
    async idle() {
      await running;
    },
  };
}
