import { useEffect, useMemo, useSyncExternalStore } from 'react';
import type { WatchState } from '../../state/watch-state.js';
import { type Subscribable, throttleStore } from '../throttled-source.js';

/**
 * Shown at once, not at the next flush: the link's status changing (connecting → live, live → reconnecting), and
 * an alert that is new, changed state or climbed a rung — what puts a prompt in front of the officer (issue 19:
 * the 4 Hz flush alone was up to 250 ms between a line crossing and its prompt).
 */
export function isUrgentChange(shown: WatchState, next: WatchState): boolean {
  if (shown.connection.status !== next.connection.status) return true;
  if (shown.alerts === next.alerts) return false;
  for (const [id, alert] of next.alerts) {
    const before = shown.alerts.get(id);
    if (before === alert) continue;
    if (!before || before.state !== alert.state || before.step !== alert.step || before.loop !== alert.loop)
      return true;
  }
  return false;
}

/** The watch state, re-read at most once per `flushMs` however fast deltas arrive (one React commit per flush). */
export function useWatchState(store: Subscribable<WatchState>, flushMs: number): WatchState {
  const source = useMemo(() => throttleStore(store, flushMs, Date.now, isUrgentChange), [store, flushMs]);
  useEffect(() => () => source.dispose(), [source]);
  return useSyncExternalStore(source.subscribe, source.getSnapshot);
}
