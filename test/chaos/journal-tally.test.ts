import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkStored, JournalTally } from '../../chaos/checks.js';
import { migrate } from '../../server/db/migrate.js';
import { type Db, openDatabase } from '../../server/db/open-database.js';

// The long crash-cycles run checks the journal a piece at a time (issue 13's 1,000 cycles); it must find a lost ack
// and a row stored twice exactly as the whole-journal check does, including ones that span two of its checks.
describe('the journal checked a piece at a time', () => {
  let dir: string;
  let path: string;
  let db: Db;
  let seq = 0;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dutywatch-tally-'));
    path = join(dir, 'c.db');
    db = openDatabase(path);
    migrate(db);
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const store = (token: string, id: string, type = 'stock') => {
    seq += 1;
    db.prepare(
      "INSERT INTO journal (seq, token, msg_id, type, received_at, body_hash, body) VALUES (?, ?, ?, ?, 0, 'h', '{}')",
    ).run(seq, token, id, type);
  };
  const acked = (ids: Record<string, string[]>) =>
    new Map(Object.entries(ids).map(([t, l]) => [t, new Set(l)]));

  it('finds what is missing and what is stored twice, across checks, as the whole check does', () => {
    const tally = new JournalTally();
    store('s1', 'a');
    store('s1', 'b');
    store('s2', 'a');
    expect(tally.check(path, acked({ s1: ['a', 'b'], s2: ['a'] }))).toEqual({
      stored: 3,
      lost: [],
      duplicated: [],
    });
    // 'c' acked but never stored; 'a' of s1 stored a second time after the first check read it.
    store('s1', 'a');
    store('s2', 'b');
    const second = tally.check(path, acked({ s1: ['a', 'b', 'c'], s2: ['a', 'b'] }));
    expect(second.lost).toEqual(['s1/c']);
    expect(second.duplicated).toEqual(['s1/a']);
    const whole = checkStored(path, acked({ s1: ['a', 'b', 'c'], s2: ['a', 'b'] }));
    expect(whole.lost).toEqual(second.lost);
    expect(whole.duplicated).toEqual(second.duplicated);
    // A duplicate is reported by the check that first sees it, not again by every later one.
    expect(tally.check(path, acked({ s1: ['a', 'b'] })).duplicated).toEqual([]);
  });

  it('counts a reading without its readings row as the whole check does', () => {
    const tally = new JournalTally();
    store('s1', 'r1', 'reading');
    expect(tally.check(path, acked({ s1: ['r1'] })).duplicated).toEqual([
      'readings table holds 0 rows for 1 readings',
    ]);
    expect(checkStored(path, acked({ s1: ['r1'] })).duplicated).toEqual([
      'readings table holds 0 rows for 1 readings',
    ]);
  });
});
