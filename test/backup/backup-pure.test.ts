import { describe, expect, it } from 'vitest';
import { backupsToDelete } from '../../server/backup/retention.js';
import { backupConditions } from '../../src/domain/rules/backup-rules.js';
import type { RuleInput } from '../../src/domain/rules/rule-input.js';
import { testConfig } from '../helpers/test-config.js';

const HOUR = 3_600_000;
// 2026-12-03 00:00 in +08:00 is 2026-12-02 16:00 UTC.
const MIDNIGHT = Date.UTC(2026, 11, 2, 16, 0);

describe('backupsToDelete', () => {
  const retention = { keep: 3, keepDaily: 2, utcOffset: '+08:00' };

  it('keeps the newest `keep`, and the newest of each of the last `keepDaily` local days', () => {
    // Hourly backups over two and a half local days: 00:00..11:00 on day 3, all of day 2, 12:00..23:00 of day 1.
    const taken = Array.from({ length: 60 }, (_, i) => MIDNIGHT + 11 * HOUR - i * HOUR);
    const doomed = new Set(backupsToDelete(taken, retention));
    const kept = taken.filter((t) => !doomed.has(t)).sort((a, b) => a - b);
    // Newest three (09:00, 10:00, 11:00 on 12-03) and the newest of 12-02 (23:00); 12-01 is past keepDaily.
    expect(kept).toEqual([MIDNIGHT - HOUR, MIDNIGHT + 9 * HOUR, MIDNIGHT + 10 * HOUR, MIDNIGHT + 11 * HOUR]);
  });

  it('decides days by local time, not UTC', () => {
    // 23:30 and 00:30 local are one UTC day apart from what a UTC reading would say.
    const lateLocal = MIDNIGHT - 30 * 60_000;
    const earlyLocal = MIDNIGHT + 30 * 60_000;
    expect(backupsToDelete([lateLocal, earlyLocal], { keep: 1, keepDaily: 2, utcOffset: '+08:00' })).toEqual(
      [],
    );
    expect(
      backupsToDelete([lateLocal - HOUR, lateLocal, earlyLocal], {
        keep: 1,
        keepDaily: 2,
        utcOffset: '+08:00',
      }),
    ).toEqual([lateLocal - HOUR]);
  });

  it('deletes nothing when there are fewer than it keeps', () => {
    expect(backupsToDelete([1, 2], retention)).toEqual([]);
    expect(backupsToDelete([], retention)).toEqual([]);
  });
});

describe('backupConditions', () => {
  const base = { config: testConfig() } as RuleInput;
  const health = (over: Partial<NonNullable<RuleInput['backup']>>) => ({
    ...base,
    backup: {
      lastGoodAt: MIDNIGHT,
      ageMs: HOUR,
      overdueAfterMs: 2 * HOUR,
      failure: null,
      failures: 0,
      dir: '/backups',
      ...over,
    },
  });

  it('is quiet when backups are not configured, fresh, or at exactly the overdue bound', () => {
    expect(backupConditions(base)).toEqual([]);
    expect(backupConditions(health({}))).toEqual([]);
    expect(backupConditions(health({ ageMs: 2 * HOUR }))).toEqual([]);
  });

  it('waits for the first attempt on a collector with no backup yet', () => {
    expect(backupConditions(health({ lastGoodAt: null, ageMs: null }))).toEqual([]);
  });

  it('opens one system.backup alert when overdue, naming the age', () => {
    const [c] = backupConditions(health({ ageMs: 2 * HOUR + 1 }));
    expect(c).toMatchObject({
      key: 'system.backup:collector',
      severity: 'warning',
      subject: { kind: 'system' },
    });
    expect(c?.title.zh).toBe('数据库备份逾期：最近一次成功备份在 2 小时前');
    expect(c?.title.en).toBe('Database backup overdue: last good backup 2 h ago');
  });

  it('opens it when the last attempt failed, with the reason, even with a fresh backup', () => {
    const [c] = backupConditions(health({ failure: { at: MIDNIGHT, reason: 'ENOSPC' }, ageMs: 30 * 60_000 }));
    expect(c?.title.zh).toBe('数据库备份失败：ENOSPC（最近一次成功备份在 30 分钟前）');
    const [none] = backupConditions(
      health({ failure: { at: 0, reason: 'EACCES' }, lastGoodAt: null, ageMs: null }),
    );
    expect(none?.title.en).toBe('Database backup failed: EACCES (no good backup yet)');
  });
});
