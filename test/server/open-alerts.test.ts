import { afterEach, describe, expect, it } from 'vitest';
import { createAlertsRepo } from '../../server/alerts/alerts-repo.js';
import { trackOpenAlerts } from '../../server/alerts/open-alerts.js';
import type { Db } from '../../server/db/open-database.js';
import { inFailedTransaction, openTempDatabase } from '../helpers/temp-database.js';

// The rules pass keeps the open alerts in memory (issue 19); a write whose transaction is rolled back (a pass or
// an action that failed, a full disk) must not leave the copy saying something the database does not.
const ALERT = {
  key: 'water.warning:G1',
  class: 'water.warning',
  severity: 'warning' as const,
  subject_kind: 'station' as const,
  subject_code: 'G1',
  title_zh: '超警',
  title_en: 'over warning',
  action_zh: '',
  action_en: '',
  value: 10.5,
  inhibit_group: null,
  inhibit_rank: null,
  auto_close: 1,
  ladder: 'none',
  drill: 0,
  at: 1_000,
};

describe('the open alerts kept in memory', () => {
  let db: Db;
  let remove: () => void;
  afterEach(() => remove());
  const setUp = () => {
    ({ db, remove } = openTempDatabase('open-alerts'));
    return trackOpenAlerts(db, createAlertsRepo(db));
  };
  const fail = (fn: () => void) => inFailedTransaction(db, fn);

  it('follows what is committed: opened, changed and closed alerts', () => {
    const open = setUp();
    expect([...open.keys()]).toEqual([]);
    const id = db.transaction(() => open.repo.insert(ALERT))();
    expect([...open.keys()]).toEqual(['water.warning:G1']);
    db.transaction(() => open.repo.update(id, { clear_since: 2_000 }))();
    open.settle();
    expect([...open.all()].map((a) => a.clear_since)).toEqual([2_000]);
    db.transaction(() => open.repo.update(id, { state: 'closed', closed_at: 3_000 }))();
    open.settle();
    expect([...open.keys()]).toEqual([]);
  });

  it('forgets, at the next settle, writes whose transaction was rolled back', () => {
    const open = setUp();
    const id = db.transaction(() => open.repo.insert(ALERT))();
    fail(() => open.repo.update(id, { state: 'closed', closed_at: 3_000 }));
    fail(() => open.repo.insert({ ...ALERT, key: 'water.danger:G1', class: 'water.danger' }));
    open.settle();
    expect([...open.keys()].sort()).toEqual(['water.warning:G1']);
    expect([...open.all()].map((a) => [a.id, a.state])).toEqual([[id, 'triggered']]);
  });

  it('loads again after a first load inside a transaction that was rolled back', () => {
    const open = setUp();
    const id = db.transaction(() => open.repo.insert(ALERT))();
    const fresh = trackOpenAlerts(db, createAlertsRepo(db));
    // A pass loads the copy on first use, inside its transaction; this one closes the alert and then fails.
    fail(() => {
      fresh.repo.update(id, { state: 'closed', closed_at: 3_000 });
      expect([...fresh.keys()]).toEqual([]);
    });
    fresh.settle();
    expect([...fresh.keys()]).toEqual(['water.warning:G1']);
  });
});
