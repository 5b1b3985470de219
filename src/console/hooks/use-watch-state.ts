import { useEffect, useMemo, useSyncExternalStore } from 'react';
import type { WatchState } from '../../state/watch-state.js';
import { type Subscribable, throttleStore } from '../throttled-source.js';

/** The link's status changing (connecting → live, live → reconnecting) is shown at once, not at the next flush. */
const isLinkChange = (shown: WatchState, next: WatchState) =>
  shown.connection.status !== next.connection.status;

/** The watch state, re-read at most once per `flushMs` however fast deltas arrive (one React commit per flush). */
export function useWatchState(store: Subscribable<WatchState>, flushMs: number): WatchState {
  const source = useMemo(() => throttleStore(store, flushMs, Date.now, isLinkChange), [store, flushMs]);
  useEffect(() => () => source.dispose(), [source]);
  return useSyncExternalStore(source.subscribe, source.getSnapshot);
}
