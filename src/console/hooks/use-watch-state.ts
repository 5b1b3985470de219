import { useEffect, useMemo, useSyncExternalStore } from 'react';
import type { WatchState } from '../../state/watch-state.js';
import { type Subscribable, throttleStore } from '../throttled-source.js';

/** The watch state, re-read at most once per `flushMs` however fast deltas arrive (one React commit per flush). */
export function useWatchState(store: Subscribable<WatchState>, flushMs: number): WatchState {
  const source = useMemo(() => throttleStore(store, flushMs), [store, flushMs]);
  useEffect(() => () => source.dispose(), [source]);
  return useSyncExternalStore(source.subscribe, source.getSnapshot);
}
