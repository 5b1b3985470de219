/** The part of a store a throttled source reads. */
export type Subscribable<S> = { getState(): S; subscribe(listener: (state: S) => void): () => void };

/** A store seen through a rate limit: `getSnapshot` changes at most once per interval. */
export type ThrottledSource<S> = {
  subscribe(listener: () => void): () => void;
  getSnapshot(): S;
  /** Stops listening to the store and cancels a pending flush. */
  dispose(): void;
};

/**
 * Decouples the data rate from the render rate (terminal-ui.md §7): every delta is applied to the store as it
 * arrives, but React hears about it at most once per `intervalMs`, one commit per flush, because every commit
 * re-runs Ink's layout even when `maxFps` skips the write. `intervalMs` 0 flushes at once (tests). A change
 * `isUrgent` names (the link going live or down) flushes at once: the first full frame waited up to a whole
 * interval behind the connecting frame (issue 12, measured ~200 ms of the console's start).
 */
export function throttleStore<S>(
  store: Subscribable<S>,
  intervalMs: number,
  clock: () => number = Date.now,
  isUrgent: (shown: S, next: S) => boolean = () => false,
): ThrottledSource<S> {
  let snapshot = store.getState();
  let timer: NodeJS.Timeout | undefined;
  let lastFlush = Number.NEGATIVE_INFINITY;
  const listeners = new Set<() => void>();
  const flush = () => {
    timer = undefined;
    lastFlush = clock();
    const next = store.getState();
    if (next === snapshot) return;
    snapshot = next;
    for (const listener of [...listeners]) listener();
  };
  const unsubscribe = store.subscribe(() => {
    if (intervalMs <= 0 || isUrgent(snapshot, store.getState())) {
      clearTimeout(timer);
      return flush();
    }
    if (timer) return;
    // Leading edge after a quiet spell, so the first change of a burst shows at once.
    timer = setTimeout(flush, Math.max(0, lastFlush + intervalMs - clock()));
  });
  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => snapshot,
    dispose() {
      unsubscribe();
      clearTimeout(timer);
      listeners.clear();
    },
  };
}
