import { createStore, type Store } from '../src/client/store.js';
import { connectWatch, type WatchConnection } from '../src/client/watch-connection.js';
import type { Action } from '../src/state/actions.js';
import { reduce } from '../src/state/reducer.js';
import { initialWatchState, type WatchState } from '../src/state/watch-state.js';

/** A watcher as the console runs one: the real connection (reconnects by itself) feeding the real reducer. */
export type ChaosWatcher = {
  store: Store<WatchState, Action>;
  connection: WatchConnection;
  /** Frames the client dropped as malformed, and error replies nobody waited for (must stay empty). */
  warnings: string[];
  close(): Promise<void>;
};

/** Connects a watcher that retries quickly (a collector restart takes about a second). */
export function startWatcher(url: string, token: string): ChaosWatcher {
  const store = createStore(reduce, initialWatchState);
  const warnings: string[] = [];
  const connection = connectWatch({
    url,
    token,
    dispatch: store.dispatch,
    getState: store.getState,
    backoff: { initialMs: 100, maxMs: 1000 },
    onWarning: (message) => warnings.push(message),
  });
  return { store, connection, warnings, close: () => connection.close() };
}
