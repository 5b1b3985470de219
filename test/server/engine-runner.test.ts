import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { AlertEngine } from '../../server/alerts/engine.js';
import { type Db, openDatabase } from '../../server/db/open-database.js';
import { createStorageStatus } from '../../server/db/storage-status.js';
import { createEngineRunner } from '../../server/engine-runner.js';
import { Metrics } from '../../server/http/metrics.js';
import { createLogger } from '../../src/log/logger.js';

// Issue 19.2: the tick's full pass takes ~8 ms at 10,000 open alerts, and a line crossing committed just before the
// timer fired used to wait behind all of it. The order the runner calls the engine in is what is asserted here;
// the engine records its calls (the passes themselves are tested against a real collector elsewhere).
type Call = 'tick' | 'evaluate all' | `evaluate ${string}`;

let dir: string | undefined;
let db: Db | undefined;
afterEach(() => {
  db?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  db = undefined;
  dir = undefined;
});

function setUp() {
  dir = mkdtempSync(join(tmpdir(), 'dutywatch-runner-'));
  const database = openDatabase(join(dir, 'r.db'));
  db = database;
  const calls: Call[] = [];
  const engine = {
    tick: () => calls.push('tick'),
    evaluate: (stations?: ReadonlySet<string>) =>
      calls.push(stations ? `evaluate ${[...stations].sort().join(',')}` : 'evaluate all'),
  } as unknown as AlertEngine;
  const logger = createLogger(new PassThrough(), true);
  const storage = createStorageStatus({
    db: database,
    dbPath: join(dir, 'r.db'),
    logger,
    onChange: () => {},
  });
  const runner = createEngineRunner({ engine, db: database, storage, metrics: new Metrics(), logger });
  return { runner, calls };
}

const nextTurns = () => new Promise((resolve) => setTimeout(resolve, 30));

describe('the tick and the evaluation after new data', () => {
  it('judges a commit of readings before the full pass when the tick comes in the same turn', async () => {
    const { runner, calls } = setUp();
    runner.scheduleEvaluate(['G1']);
    runner.tick();
    runner.scheduleEvaluate(['G2']);
    await nextTurns();
    expect(calls).toEqual(['evaluate G1,G2', 'tick']);
  });

  it('lets the tick stand for a pending evaluation of every rule instead of running both', async () => {
    const { runner, calls } = setUp();
    runner.scheduleEvaluate(['G1']);
    await new Promise((resolve) => setImmediate(resolve));
    // Within 25 ms of that evaluation the next one waits on a timer; the tick comes first and stands for it.
    runner.scheduleEvaluate();
    runner.tick();
    await nextTurns();
    expect(calls).toEqual(['evaluate G1', 'tick']);
  });

  it('runs the tick after what the loop already had queued, once however often the timer asked', async () => {
    const { runner, calls } = setUp();
    runner.tick();
    runner.tick();
    // Queued before the tick could run: a group commit's flush, whose readings schedule their evaluation.
    setImmediate(() => runner.scheduleEvaluate(['G1']));
    expect(calls).toEqual([]);
    await nextTurns();
    expect(calls).toEqual(['tick', 'evaluate G1']);
  });

  it('runs nothing after stop, neither a queued tick nor a pending evaluation', async () => {
    const { runner, calls } = setUp();
    runner.scheduleEvaluate(['G1']);
    runner.tick();
    runner.stop();
    runner.scheduleEvaluate(['G2']);
    await nextTurns();
    expect(calls).toEqual([]);
  });
});
