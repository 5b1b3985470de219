import type { Logger } from '../src/log/logger.js';
import type { AlertEngine } from './alerts/engine.js';
import type { Db } from './db/open-database.js';
import type { StorageStatusTracker } from './db/storage-status.js';
import type { Metrics } from './http/metrics.js';

/** New data is judged at once when no pass ran lately, otherwise at most once per this many ms. */
const EVALUATE_DELAY_MS = 25;

/** Runs the alert engine's passes for the collector: the tick, and an evaluation soon after new data. */
export type EngineRunner = {
  /** Runs one pass now, logging instead of throwing (an evaluation given stations judges only their rules). */
  run(what: 'tick' | 'evaluate', stations?: ReadonlySet<string>): void;
  /**
   * Judges newly committed data soon (coalesced). Given stations (a commit of readings alone), the pass judges
   * only theirs, unless something else was committed before it ran.
   */
  scheduleEvaluate(stations?: Iterable<string>): void;
  /**
   * The periodic tick, from the collector's timer: runs after what the loop already has queued (a group commit,
   * the evaluation it scheduled), and judges a pending commit of readings before the full pass.
   */
  tick(): void;
  /** Cancels a pending evaluation and tick (before the database closes). */
  stop(): void;
};

export type EngineRunnerOptions = {
  engine: AlertEngine;
  db: Db;
  storage: StorageStatusTracker;
  metrics: Metrics;
  logger: Logger;
};

export function createEngineRunner({
  engine,
  db,
  storage,
  metrics,
  logger,
}: EngineRunnerOptions): EngineRunner {
  // A failed pass (a full disk, say) is retried by the next tick. A full disk fails every pass until room
  // returns: logged when the status changes, not each time.
  const run = (what: 'tick' | 'evaluate', stations?: ReadonlySet<string>) => {
    try {
      if (what === 'tick') engine.tick();
      else engine.evaluate(stations);
    } catch (error) {
      metrics.inc(
        'dutywatch_alert_pass_failures_total',
        'Alert engine passes that failed and were rolled back',
        {
          pass: what,
        },
      );
      const wasFull = storage.status === 'full';
      const kind = storage.failed(error);
      if (!(kind === 'full' && wasFull)) logger.error(`alerts.${what}_failed`, { error: String(error) });
    }
  };
  // A line crossing reaches the officer fast, and a flood of readings does not turn into a flood of full passes.
  let pending: { cancel(): void } | undefined;
  let lastEvaluateAt = 0;
  // The stations the pending evaluation must judge; undefined once anything but readings is waiting: all rules.
  let scope: Set<string> | undefined;
  const fire = () => {
    pending = undefined;
    lastEvaluateAt = Date.now();
    const stations = scope;
    scope = undefined;
    run('evaluate', stations);
  };
  let tickQueued: NodeJS.Immediate | undefined;
  let isStopped = false;
  // Issue 19.2: the tick's full pass takes ~8 ms at 10,000 open alerts (more under load). A line crossing whose
  // frame or commit is queued when the timer fires used to wait behind all of it; now the tick waits its turn
  // (setImmediate, after the group commit's flush), and a pending station-only evaluation runs first (~1 ms).
  // A pending evaluation of everything is dropped: the tick's pass judges every rule too.
  const tickNow = () => {
    tickQueued = undefined;
    if (isStopped || !db.open) return;
    if (pending) {
      pending.cancel();
      pending = undefined;
      const stations = scope;
      scope = undefined;
      lastEvaluateAt = Date.now();
      if (stations) run('evaluate', stations);
    }
    run('tick');
  };
  return {
    run,
    scheduleEvaluate(stations?: Iterable<string>) {
      if (isStopped || !db.open) return;
      if (pending) {
        if (!stations) scope = undefined;
        else if (scope) for (const code of stations) scope.add(code);
        return;
      }
      scope = stations ? new Set(stations) : undefined;
      const wait = Math.max(0, lastEvaluateAt + EVALUATE_DELAY_MS - Date.now());
      // Nothing to wait for: on the next turn of the loop, not behind setTimeout's 1 ms minimum. Not unref'd: an
      // unref'd immediate lets the loop sleep in its poll phase first (measured: 6–21 ms late).
      if (wait === 0) {
        const immediate = setImmediate(fire);
        pending = { cancel: () => clearImmediate(immediate) };
      } else {
        const timer = setTimeout(fire, wait).unref();
        pending = { cancel: () => clearTimeout(timer) };
      }
    },
    tick() {
      tickQueued ??= setImmediate(tickNow);
    },
    stop() {
      isStopped = true;
      pending?.cancel();
      pending = undefined;
      if (tickQueued) clearImmediate(tickQueued);
      tickQueued = undefined;
    },
  };
}
