import type { WatchState } from './watch-state.js';

/**
 * The collector's clock at local time `localNow`, extrapolated from the last sync at its rate. Ages are shown
 * against the collector's clock, not ours: a desk PC's clock drifts, and demos run the collector faster.
 * Before the first sync there is nothing better than our own clock.
 */
export function serverNow(state: Pick<WatchState, 'clock'>, localNow: number): number {
  const sync = state.clock;
  if (!sync) return localNow;
  return sync.serverNow + (localNow - sync.localAt) * sync.rate;
}
