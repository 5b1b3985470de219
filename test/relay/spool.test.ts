import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openSpool, type Spool } from '../../src/relay/spool.js';
import type { Derived } from '../../src/relay/translate.js';

const NOW = Date.UTC(2026, 6, 20, 2, 0);
const dirs: string[] = [];
const spools: Spool[] = [];

afterEach(() => {
  for (const s of spools.splice(0)) {
    try {
      s.close();
    } catch {
      // already closed by the test
    }
  }
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dutywatch-spool-'));
  dirs.push(dir);
  return join(dir, 'relay.db');
}

function open(path: string): Spool {
  const spool = openSpool(path);
  spools.push(spool);
  return spool;
}

const msg = (n: number, aboutAt = NOW + n): Derived => ({
  id: `rd:G1:${n}`,
  kind: 'readings',
  body: JSON.stringify({ type: 'reading', id: `rd:G1:${n}`, n }),
  aboutAt,
});

const ids = (spool: Spool) => spool.head(1000).map((m) => m.id);

describe('spool', () => {
  it('keeps messages in spool order with the cursor, across closing and reopening the file', () => {
    const path = tempPath();
    const first = open(path);
    expect(first.cursor()).toBeUndefined();
    expect(first.append([msg(3), msg(1)], { epoch: 'e1', seq: 4 }, NOW)).toBe(2);
    expect(first.append([msg(2)], { epoch: 'e1', seq: 5 }, NOW)).toBe(1);
    first.close();

    const again = open(path);
    expect(again.cursor()).toEqual({ epoch: 'e1', seq: 5 });
    expect(ids(again)).toEqual(['rd:G1:3', 'rd:G1:1', 'rd:G1:2']);
    expect(again.head(2).map((m) => m.body)).toEqual([msg(3).body, msg(1).body]);
    expect(again.counts()).toEqual({ queued: 3, delivered: 0, dead: 0 });
  });

  it('writes the messages and the cursor in one transaction: a failure leaves neither', () => {
    const spool = open(tempPath());
    spool.append([msg(1)], { epoch: 'e1', seq: 1 }, NOW);
    // A NOT NULL column refused half-way through the second message: the first must not stay either.
    const broken = { ...msg(3), body: null } as unknown as Derived;
    expect(() => spool.append([msg(2), broken], { epoch: 'e1', seq: 2 }, NOW)).toThrow();
    expect(spool.cursor()).toEqual({ epoch: 'e1', seq: 1 });
    expect(ids(spool)).toEqual(['rd:G1:1']);
  });

  it('ignores an id it has already: queued, delivered or dead', () => {
    const path = tempPath();
    const spool = open(path);
    spool.append([msg(1), msg(2), msg(3)], { epoch: 'e1', seq: 1 }, NOW);
    spool.delivered(['rd:G1:1'], NOW + 10);
    spool.deadLetter('rd:G1:2', 'UNKNOWN_REFERENCE', 'no station', NOW + 10);
    // A resync snapshot derives all of them again, plus one new one; the same id twice in one batch counts once.
    expect(spool.append([msg(1), msg(2), msg(3), msg(4), msg(4)], { epoch: 'e2', seq: 9 }, NOW)).toBe(1);
    expect(ids(spool)).toEqual(['rd:G1:3', 'rd:G1:4']);
    spool.close();
    const again = open(path);
    expect(again.append([msg(1), msg(2), msg(3), msg(4)], { epoch: 'e2', seq: 10 }, NOW)).toBe(0);
    expect(again.counts()).toEqual({ queued: 2, delivered: 1, dead: 1 });
  });

  it('remembers delivered ids in spool order, and forgets them only past the horizon', () => {
    const spool = open(tempPath());
    spool.append([msg(1, NOW - 10_000), msg(2, NOW)], { epoch: 'e1', seq: 1 }, NOW);
    spool.delivered(['rd:G1:1', 'rd:G1:2'], NOW + 5, true);
    expect(spool.deliveredIds()).toEqual(['rd:G1:1', 'rd:G1:2']);
    expect(spool.prune(NOW - 5000)).toBe(1);
    expect(spool.deliveredIds()).toEqual(['rd:G1:2']);
    expect(ids(spool)).toEqual([]);
  });

  it('moves a refused message to the dead letters with its refusal, and the queue goes on', () => {
    const spool = open(tempPath());
    spool.append([msg(1), msg(2)], { epoch: 'e1', seq: 1 }, NOW);
    expect(spool.deadLetter('rd:G1:1', 'OUT_OF_SCOPE', 'station: not in scope', NOW + 1)).toBe(true);
    expect(spool.deadLetter('rd:G1:1', 'OUT_OF_SCOPE', 'again', NOW + 2)).toBe(false);
    expect(ids(spool)).toEqual(['rd:G1:2']);
    const [dead] = spool.deadLetters();
    expect(dead).toMatchObject({
      id: 'rd:G1:1',
      kind: 'readings',
      body: msg(1).body,
      code: 'OUT_OF_SCOPE',
      reason: 'station: not in scope',
      failedAt: NOW + 1,
    });
  });

  it('keeps how far each incident was forwarded, only ever moving forward', () => {
    const path = tempPath();
    const spool = open(path);
    const report: Derived = { ...msg(1), id: 'ir:I1', incident: { code: 'I1', updatedAt: NOW, updates: 0 } };
    const update: Derived = {
      ...msg(2),
      id: 'iu:I1:1',
      incident: { code: 'I1', updatedAt: NOW + 5, updates: 1 },
    };
    const stale: Derived = {
      ...msg(3),
      id: 'iu:I1:0',
      incident: { code: 'I1', updatedAt: NOW + 1, updates: 0 },
    };
    spool.append([report, update, stale], { epoch: 'e1', seq: 1 }, NOW);
    spool.close();
    const again = open(path);
    expect(again.forwarded('I1')).toEqual({ code: 'I1', updatedAt: NOW + 5, updates: 1 });
    expect(again.forwarded('I2')).toBeUndefined();
  });
});

describe('the spool schema, through the migration runner (issue 18)', () => {
  it('creates a spool at schema version 1, opens it again as it is, and refuses one from a newer dutywatch', () => {
    const path = tempPath();
    openSpool(path).close();
    const db = new Database(path);
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    db.close();
    const again = openSpool(path);
    spools.push(again);
    again.close();
    const future = new Database(path);
    future.pragma('user_version = 2');
    future.close();
    expect(() => openSpool(path)).toThrow(/is a relay spool of a newer version \(2\); upgrade dutywatch/);
  });
});
