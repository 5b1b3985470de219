import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from '../../server/db/open-database.js';
import { relaxedCommit } from '../../server/db/relaxed-commit.js';

// The sender's pumps commit without an fsync (issue 16); every other commit — an ingest ack above all — must
// still be FULL, whether the pump committed or threw.
const FULL = 2;
const NORMAL = 1;

describe('a transaction committed with synchronous=NORMAL', () => {
  let dir: string;
  let db: Db;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dutywatch-relaxed-'));
    db = openDatabase(join(dir, 'r.db'));
    db.exec('CREATE TABLE t (x INTEGER)');
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const level = () => db.pragma('synchronous', { simple: true });

  it('runs NORMAL inside, commits, and leaves the connection FULL', () => {
    const seen: unknown[] = [];
    const insert = relaxedCommit(
      db,
      db.transaction((x: number) => {
        seen.push(level());
        db.prepare('INSERT INTO t VALUES (?)').run(x);
        return x * 2;
      }),
    );
    expect(level()).toBe(FULL);
    expect(insert(21)).toBe(42);
    expect(seen).toEqual([NORMAL]);
    expect(level()).toBe(FULL);
    expect(db.prepare('SELECT x FROM t').pluck().all()).toEqual([21]);
  });

  it('leaves the connection FULL and nothing written when the transaction throws', () => {
    const failing = relaxedCommit(
      db,
      db.transaction(() => {
        db.prepare('INSERT INTO t VALUES (1)').run();
        throw new Error('disk full');
      }),
    );
    expect(() => failing()).toThrow('disk full');
    expect(level()).toBe(FULL);
    expect(db.prepare('SELECT COUNT(*) FROM t').pluck().get()).toBe(0);
  });
});
