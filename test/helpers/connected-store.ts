import { createStore } from '../../src/client/store.js';
import { connectWatch } from '../../src/client/watch-connection.js';
import { reduce } from '../../src/state/reducer.js';
import { initialWatchState } from '../../src/state/watch-state.js';
import { TOKENS } from './test-config.js';

/** What a console holds: the real store and reducer, fed by a real watch connection (as the officer by default). */
export function connectedStore(url: string, token: string = TOKENS.officer) {
  const store = createStore(reduce, initialWatchState);
  const connection = connectWatch({
    url,
    token,
    dispatch: store.dispatch,
    getState: store.getState,
  });
  return { store, connection };
}
