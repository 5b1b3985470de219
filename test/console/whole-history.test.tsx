import { describe, expect, it } from 'vitest';
import { LOCAL, storeWith, thinnedG1State } from './console-fixtures.js';
import { KEYS, renderApp, settleFrame } from './render-app.js';

// A station whose snapshot history was thinned (issue 19.6): opening its details asks the collector for the whole
// day once, says the chart is sampled until it lands, and draws the whole history when it does.

function thinnedStore() {
  const { state, whole } = thinnedG1State();
  return { store: storeWith(state), whole };
}

const SAMPLED = '较早的读数为抽样';

describe('the details of a thinned station', () => {
  it('asks for the whole history once, says the chart is sampled, and stops saying so when it lands', async () => {
    const { store, whole } = thinnedStore();
    const a = renderApp({
      store,
      size: { columns: 120, rows: 40 },
      readHistory: async (station, id) => ({ v: 1, type: 'history', id, station, seq: 0, history: whole }),
    });
    await a.press(KEYS.tab, KEYS.tab);
    expect(a.reads).toEqual([]);
    await a.press(KEYS.enter);
    expect(a.frame()).toContain('G1');
    expect(a.frame()).toContain(SAMPLED);
    expect(a.reads.map((r) => r.station)).toEqual(['G1']);

    // The answer reaches the store as a frame does (the connection dispatches every frame).
    const state = store.getState();
    store.dispatch({
      type: 'server',
      msg: { v: 1, type: 'history', id: 'x', station: 'G1', seq: state.seq ?? 0, history: whole },
      at: LOCAL,
    });
    await settleFrame(a.frame);
    expect(a.frame()).not.toContain(SAMPLED);
    // Scrolling, re-rendering and the whole history arriving ask nothing more.
    await a.press(KEYS.down);
    expect(a.reads).toHaveLength(1);
    a.unmount();
  });

  it('asks again when the link comes back live with the history thinned again', async () => {
    const { store } = thinnedStore();
    const a = renderApp({
      store,
      size: { columns: 120, rows: 40 },
      readHistory: () => Promise.reject(new Error('the link dropped before a reply')),
    });
    await a.press(KEYS.tab, KEYS.tab, KEYS.enter);
    expect(a.reads).toHaveLength(1);
    store.dispatch({ type: 'conn.lost', at: LOCAL + 1000, reason: 'link closed (1006)' });
    await settleFrame(a.frame);
    expect(a.reads).toHaveLength(1);
    store.dispatch({ type: 'conn.live', at: LOCAL + 2000 });
    await settleFrame(a.frame);
    expect(a.reads).toHaveLength(2);
    expect(a.frame()).toContain(SAMPLED);
    a.unmount();
  });

  it('asks nothing for a station sent whole', async () => {
    const a = renderApp({
      size: { columns: 120, rows: 40 },
      readHistory: () => Promise.reject(new Error('not expected')),
    });
    await a.press(KEYS.tab, KEYS.tab, KEYS.enter);
    expect(a.frame()).toContain('G1');
    expect(a.frame()).not.toContain(SAMPLED);
    expect(a.reads).toEqual([]);
    a.unmount();
  });
});
