import { createStore, type Store } from '../client/store.js';
import { connectWatch, type WatchConnection } from '../client/watch-connection.js';
import type { Action } from '../state/actions.js';
import { reduceBounded } from '../state/bounded-state.js';
import { initialWatchState, type WatchState } from '../state/watch-state.js';

/** The console's link to the collector: the store the connection feeds. */
export type ConsoleLink = { store: Store<WatchState, Action>; connection: WatchConnection };

export type OpenLinkOptions = {
  url: string;
  token: string;
  heartbeatMs?: number;
  onWarning?: (message: string) => void;
};

/**
 * Opens the link without loading Ink or React, so `dutywatch console` can connect first and let the collector
 * build its snapshot while the UI modules load (issue 12: the two used to run one after the other).
 */
export function openLink(options: OpenLinkOptions): ConsoleLink {
  const store = createStore(reduceBounded, initialWatchState);
  const connection = connectWatch({
    url: options.url,
    token: options.token,
    dispatch: store.dispatch,
    getState: store.getState,
    ...(options.heartbeatMs ? { heartbeatMs: options.heartbeatMs } : {}),
    onWarning: options.onWarning ?? (() => {}),
  });
  return { store, connection };
}

/** Whether the link has something to show: the snapshot arrived, or it failed (the screens say why). */
export function hasSettled(state: WatchState): boolean {
  const { status } = state.connection;
  if (status === 'live') return state.seq !== undefined;
  return status === 'reconnecting' || status === 'offline' || status === 'refused';
}

/**
 * Resolves when the link has settled or after `capMs`, whichever is first: the first frame is then the full one
 * rather than a "connecting" frame redrawn a moment later, and a collector that is slow or down costs at most
 * `capMs` of blank screen before the console says so.
 */
export function whenSettled(store: Store<WatchState, Action>, capMs: number): Promise<void> {
  if (hasSettled(store.getState())) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      unsubscribe();
      resolve();
    };
    const timer = setTimeout(done, capMs);
    const unsubscribe = store.subscribe((state) => {
      if (hasSettled(state)) done();
    });
  });
}
