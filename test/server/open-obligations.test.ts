import { afterEach, describe, expect, it } from 'vitest';
import { createObligationsRepo } from '../../server/alerts/obligations-repo.js';
import { trackOpenObligations } from '../../server/alerts/open-obligations.js';
import type { Db } from '../../server/db/open-database.js';
import { inFailedTransaction, openTempDatabase } from '../helpers/temp-database.js';

// The rules pass keeps the open reporting clocks in memory (issue 19.2); a write whose transaction is rolled back
// (a pass or a desk action that failed, a full disk) must not leave the copy saying something the database does not.
const CLOCK = {
  incident: 'INC-1',
  kind: 'statutory' as const,
  target: 'city' as const,
  level: 3,
  dueAt: 10_000,
  warnAt: 5_000,
};

describe('the open reporting clocks kept in memory', () => {
  let db: Db;
  let remove: () => void;
  afterEach(() => remove());
  const setUp = () => {
    ({ db, remove } = openTempDatabase('open-obligations'));
    // The clocks' incidents are not what is tested here: no incident rows behind them.
    db.pragma('foreign_keys = OFF');
    return trackOpenObligations(db, createObligationsRepo(db));
  };
  const fail = (fn: () => void) => inFailedTransaction(db, fn);
  // What a fresh read of the database says, to compare the copy with.
  const stored = () => createObligationsRepo(db).open();
  const ids = (list: { id: number }[]) => list.map((o) => o.id);

  it('starts from the clocks already stored, then follows what is committed: created and finished', () => {
    setUp();
    const first = createObligationsRepo(db).create(CLOCK, 1_000);
    const clocks = trackOpenObligations(db, createObligationsRepo(db));
    expect(ids(clocks.repo.open())).toEqual([first.id]);
    const second = db.transaction(() => clocks.repo.create({ ...CLOCK, incident: 'INC-2' }, 2_000))();
    expect(ids(clocks.repo.open())).toEqual([first.id, second.id]);
    db.transaction(() => clocks.repo.finish(first.id, 'done', 3_000, 'officer', 'sent'))();
    clocks.settle();
    expect(clocks.repo.open()).toEqual(stored());
    expect(ids(clocks.repo.open())).toEqual([second.id]);
  });

  it('forgets, at the next settle, writes whose transaction was rolled back', () => {
    const clocks = setUp();
    const kept = db.transaction(() => clocks.repo.create(CLOCK, 1_000))();
    expect(ids(clocks.repo.open())).toEqual([kept.id]);
    fail(() => clocks.repo.finish(kept.id, 'superseded', 2_000, 'system', 'upgraded'));
    fail(() => clocks.repo.create({ ...CLOCK, incident: 'INC-2' }, 2_000));
    clocks.settle();
    expect(clocks.repo.open()).toEqual(stored());
    expect(clocks.repo.open().map((o) => [o.id, o.state])).toEqual([[kept.id, 'open']]);
  });

  it('keeps a write read inside an open transaction unsettled until a settle outside it', () => {
    const clocks = setUp();
    const kept = db.transaction(() => clocks.repo.create(CLOCK, 1_000))();
    fail(() => {
      clocks.repo.finish(kept.id, 'done', 2_000, 'officer', 'sent');
      // A settle inside the doomed transaction sees the finish; the one after must still undo it.
      clocks.settle();
      expect(clocks.repo.open()).toEqual([]);
    });
    clocks.settle();
    expect(ids(clocks.repo.open())).toEqual([kept.id]);
  });

  it('hands out a copy: a caller that sorts or empties its list does not change the next one', () => {
    const clocks = setUp();
    db.transaction(() => {
      clocks.repo.create(CLOCK, 1_000);
      clocks.repo.create({ ...CLOCK, incident: 'INC-2' }, 1_000);
    })();
    clocks.repo.open().length = 0;
    expect(clocks.repo.open()).toHaveLength(2);
  });
});
