import { type Condition, conditionOf, type RuleClass } from './condition.js';
import type { RuleInput } from './rule-input.js';

/**
 * How the collector's backups stand, measured by the collector on the wall clock (backups happen on a real
 * disk, also during a drill on a simulated clock): the rules only judge it.
 */
export type BackupHealth = {
  /** When the newest good backup was taken; null when there is none yet. */
  lastGoodAt: number | null;
  /** How old it is, ms; null when there is none. */
  ageMs: number | null;
  /** Older than this is overdue. */
  overdueAfterMs: number;
  /** The last attempt's failure, while no good backup has followed it. */
  failure: { at: number; reason: string } | null;
  failures: number;
  dir: string;
};

/** The county's record is not being backed up: the last backup failed, or the newest good one is too old. */
export const SYSTEM_BACKUP: RuleClass = {
  class: 'system.backup',
  severity: 'warning',
  autoClose: true,
  action: {
    zh: '检查备份目录的磁盘空间与权限，联系系统管理员；恢复前不要删除数据库文件',
    en: 'Check the backup directory’s disk space and permissions and call the system administrator; keep the database file',
  },
};

function ageText(ms: number): { zh: string; en: string } {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 120) return { zh: `${minutes} 分钟`, en: `${minutes} min` };
  const hours = Math.round(minutes / 60);
  return { zh: `${hours} 小时`, en: `${hours} h` };
}

/** One condition while backups fail or fall behind; clear once a good backup is taken in time. */
export function backupConditions(input: RuleInput): Condition[] {
  const health = input.backup;
  if (!health) return [];
  const overdue = health.ageMs === null || health.ageMs > health.overdueAfterMs;
  if (!health.failure && !overdue) return [];
  // A new collector with no backup yet is not alarming until the first attempt had its chance.
  if (!health.failure && health.lastGoodAt === null) return [];
  const age = health.ageMs === null ? null : ageText(health.ageMs);
  const reason = health.failure ? `：${health.failure.reason}` : '';
  const title = health.failure
    ? {
        zh: `数据库备份失败${reason}${age ? `（最近一次成功备份在 ${age.zh}前）` : '（尚无成功备份）'}`,
        en: `Database backup failed: ${health.failure.reason}${age ? ` (last good backup ${age.en} ago)` : ' (no good backup yet)'}`,
      }
    : {
        zh: `数据库备份逾期：最近一次成功备份在 ${age?.zh}前`,
        en: `Database backup overdue: last good backup ${age?.en} ago`,
      };
  return [
    conditionOf(SYSTEM_BACKUP, 'collector', {
      subject: { kind: 'system', code: 'backup' },
      title,
      value: health.ageMs === null ? null : Math.round(health.ageMs / 60_000),
      status: 'set',
    }),
  ];
}
