import { dirname, resolve } from 'node:path';
import type { BackupHealth } from '../../src/domain/rules/backup-rules.js';
import type { BackupSettings } from '../../src/protocol/index.js';

/** The backup directory: `server.backup.dir`, relative to the database file's folder unless absolute. */
export function backupDir(dbPath: string, settings: BackupSettings | undefined): string {
  return resolve(dirname(resolve(dbPath)), settings?.dir ?? 'backups');
}

/** `/metrics` gauges for the backups; none when they are not configured. */
export function backupGauges(health: BackupHealth | null): { name: string; help: string; value: number }[] {
  if (!health) return [];
  return [
    {
      name: 'dutywatch_backup_last_success_age_seconds',
      help: 'Age of the newest good backup, seconds (-1: none yet)',
      value: health.ageMs === null ? -1 : Math.round(health.ageMs / 1000),
    },
    {
      name: 'dutywatch_backup_failing',
      help: 'Whether the last backup attempt failed (1) or not (0)',
      value: health.failure ? 1 : 0,
    },
    {
      name: 'dutywatch_backup_failures_total',
      help: 'Backup attempts that failed since the collector started',
      value: health.failures,
    },
  ];
}
