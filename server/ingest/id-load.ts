import type { Logger } from '../../src/log/logger.js';
import type { GroupCommit } from './group-commit.js';
import type { IdWindow } from './id-window.js';

export type IdLoad = {
  /** Loads what is left at once and releases ingest (at shutdown, so queued messages are judged and answered). */
  finishNow(): void;
  /** Whether ingest is still held for the load. */
  readonly isLoading: boolean;
  /** Resolves when the load is done and ingest released. */
  readonly done: Promise<void>;
};

/**
 * Loads the id window a slice at a time on the event loop, then releases the group commit it holds. The port
 * opens at once: consoles and the wall get their snapshot while a month of ids is read (issue 19: start-up with
 * a million readings spent 0.5–4 s here before listening), and a source's frames wait in the queue, answered
 * as soon as every id they could repeat is known.
 */
export function startIdLoad(options: {
  ids: IdWindow;
  commit: GroupCommit;
  now: number;
  logger: Logger;
  sliceRows?: number;
}): IdLoad {
  const started = performance.now();
  const load = () => options.ids.loading(options.now, options.sliceRows);
  let slices = load();
  let isLoading = true;
  let resolveDone = () => {};
  const loaded = new Promise<void>((resolve) => {
    resolveDone = resolve;
  });

  function done(remembered: number): void {
    isLoading = false;
    options.logger.info('ingest.ids_loaded', {
      ids: remembered,
      ms: Math.round(performance.now() - started),
    });
    options.commit.release();
    resolveDone();
  }

  function step(): void {
    if (!isLoading) return;
    try {
      const next = slices.next();
      if (next.done) done(next.value);
      else setImmediate(step);
    } catch (error) {
      // Ingest stays held (a message judged without its window could be stored twice); the load starts over.
      options.logger.error('ingest.ids_load_failed', { error: String(error), retryInSeconds: 5 });
      slices = load();
      setTimeout(step, 5_000).unref();
    }
  }
  setImmediate(step);

  return {
    finishNow(): void {
      if (!isLoading) return;
      for (;;) {
        const next = slices.next();
        if (next.done) {
          done(next.value);
          return;
        }
      }
    },
    get isLoading() {
      return isLoading;
    },
    done: loaded,
  };
}
