import { afterEach, describe, expect, it } from 'vitest';
import { createStore } from '../../src/client/store.js';
import { connectWatch } from '../../src/client/watch-connection.js';
import { CLOSED_VISIBLE_MS } from '../../src/protocol/index.js';
import { reduce } from '../../src/state/reducer.js';
import { initialWatchState, type WatchState } from '../../src/state/watch-state.js';
import { alertHarness, MINUTE } from '../helpers/alert-harness.js';
import { TOKENS } from '../helpers/test-config.js';

// A console kept up by deltas for days held every alert it ever saw: it listed closed alerts a console started
// beside it did not (the snapshot carries those closed within a day), and every render walked them all.

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const clean of cleanups.splice(0).reverse()) await clean();
});

/** A console's store kept up by a real watch connection. */
async function consoleStore(url: string) {
  const store = createStore(reduce, initialWatchState);
  const connection = connectWatch({
    url,
    token: TOKENS.viewer,
    dispatch: (event) => store.dispatch(event),
    getState: () => store.getState(),
  });
  cleanups.push(() => connection.close());
  await until(() => store.getState().seq !== undefined);
  return store;
}

async function until(test: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !test(); i += 1) await new Promise((r) => setTimeout(r, 25));
  if (!test()) throw new Error('timed out');
}

const alertStates = (state: WatchState) =>
  [...state.alerts.values()].filter((a) => a.key === 'water.warning:G1').map((a) => a.state);

describe('closed alerts on a console kept up by deltas', () => {
  it('are dropped a day after they closed, as a fresh console never gets them', async () => {
    const h = await alertHarness();
    cleanups.push(() => h.stop());
    const along = await consoleStore(h.running.url);

    await h.level(10.2);
    for (let i = 0; i < 3; i++) {
      await h.level(9.5);
      h.advance(6 * MINUTE);
    }
    h.running.collector.feed.flush();
    await until(() => alertStates(along.getState()).join() === 'closed');

    // Just inside the day: still listed, by both.
    h.advance(CLOSED_VISIBLE_MS - 30 * MINUTE);
    await h.level(9.4);
    h.running.collector.feed.flush();
    await until(() => along.getState().seq === h.running.collector.feed.seq);
    expect(alertStates(along.getState())).toEqual(['closed']);
    expect(alertStates((await consoleStore(h.running.url)).getState())).toEqual(['closed']);

    // Past it: gone from the console that watched all along, as from one started now.
    h.advance(31 * MINUTE);
    await h.level(9.4);
    h.running.collector.feed.flush();
    await until(() => along.getState().seq === h.running.collector.feed.seq);
    const fresh = await consoleStore(h.running.url);
    expect(alertStates(fresh.getState())).toEqual([]);
    expect(alertStates(along.getState())).toEqual([]);
    expect([...along.getState().alerts.keys()].sort()).toEqual([...fresh.getState().alerts.keys()].sort());
  });
});
