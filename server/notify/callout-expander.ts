import type { Logger } from '../../src/log/logger.js';
import type { FeedChange } from '../../src/protocol/index.js';
import type { Clock } from '../clock.js';
import type { Db } from '../db/open-database.js';
import type { Callouts } from './callouts.js';
import type { CalloutsRepo } from './callouts-repo.js';

export type ExpanderOptions = {
  db: Db;
  clock: Clock;
  repo: CalloutsRepo;
  callouts: Callouts;
  publish: (changes: FeedChange[]) => void;
  /** New outbox rows were committed: send them. */
  kick: () => void;
  logger: Logger;
  onStorageError?: (error: unknown) => void;
};

/**
 * Recipients written per transaction. Each chunk costs a commit (an fsync), but holds the event loop for a few
 * milliseconds, not the tens a 300-person call-out written at once takes — so an ingest ack waits at most one
 * chunk.
 */
const CHUNK = 24;

/**
 * Between chunks the loop is left alone this long, ms: back to back, chunks kept it busy for the whole
 * expansion and every ingest ack queued behind one. 300 recipients take ~13 chunks, so this costs ~0.1 s.
 */
const CHUNK_GAP_MS = 10;

// A test hook, as in sender.ts: `callout-expanding` dies after a call-out's first recipients are committed and
// before the next chunk is written. Read once at start; never set it outside tests.
const CRASH_AT = process.env['DUTYWATCH_TEST_CRASH_AT'];

export type CalloutExpander = {
  /** Writes what is left of expanding call-outs after the current transaction has committed, a chunk per turn. */
  schedule: () => void;
  /** Writes no more chunks (what is left is resumed at the next start). */
  stop(): void;
};

/**
 * Writes out expanding call-outs one chunk per event-loop turn, each chunk in its own transaction, until none is
 * left. Driven by the database, not by memory: `schedule` after a call-out starts, at start-up (resuming one a
 * crash interrupted) and on every tick, and it finds what is left to write in the `callouts` table.
 */
export function createCalloutExpander(options: ExpanderOptions): CalloutExpander {
  const { db, repo, logger } = options;
  let isScheduled = false;
  let isStopped = false;

  const step = db.transaction((now: number) => {
    const out: FeedChange[] = [];
    const c = repo.expanding();
    if (!c) return { out, isDone: true };
    const left = options.callouts.expand(c, CHUNK, now, out);
    return { out, isDone: left === 0 && repo.expanding() === undefined };
  });

  function run(): void {
    isScheduled = false;
    if (isStopped || !db.open) return;
    if (CRASH_AT === 'callout-expanding' && (repo.expanding()?.expanded ?? 0) > 0)
      process.kill(process.pid, 'SIGKILL');
    let result: ReturnType<typeof step>;
    try {
      result = step(options.clock.now());
    } catch (error) {
      // Nothing of this chunk was written; the next tick tries again from the same place.
      options.onStorageError?.(error);
      logger.error('notify.expand_failed', { error: String(error) });
      return;
    }
    if (result.out.length > 0) {
      options.publish(result.out);
      options.kick();
    }
    if (!result.isDone) schedule(CHUNK_GAP_MS);
  }

  /** Writes what is left after the current transaction has committed, a chunk per turn. */
  function schedule(afterMs = 0): void {
    if (isScheduled || isStopped) return;
    isScheduled = true;
    if (afterMs === 0) setImmediate(run);
    else setTimeout(run, afterMs);
  }

  return {
    schedule: () => schedule(),
    stop(): void {
      isStopped = true;
    },
  };
}
