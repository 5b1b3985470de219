import { describe, expect, it } from 'vitest';
import { createStore } from '../../src/client/store.js';
import { throttleStore } from '../../src/console/throttled-source.js';

type S = { status: string; n: number };
type A = Partial<S>;

function setup() {
  const store = createStore<S, A>((s, a) => ({ ...s, ...a }), { status: 'connecting', n: 0 });
  let clock = 1000;
  const source = throttleStore(
    store,
    250,
    () => clock,
    (shown, next) => shown.status !== next.status,
  );
  let heard = 0;
  source.subscribe(() => {
    heard += 1;
  });
  return { store, source, heardCount: () => heard, advance: (ms: number) => (clock += ms) };
}

describe('throttleStore', () => {
  it('holds back an ordinary change until the next flush', () => {
    const { store, source, heardCount } = setup();
    store.dispatch({ n: 1 });
    expect(heardCount()).toBe(0);
    expect(source.getSnapshot().n).toBe(0);
    source.dispose();
  });

  it('shows a link change at once, with everything that arrived before it (issue 12: the first full frame)', () => {
    const { store, source, heardCount } = setup();
    store.dispatch({ n: 1 });
    store.dispatch({ status: 'live', n: 2 });
    expect(heardCount()).toBe(1);
    expect(source.getSnapshot()).toEqual({ status: 'live', n: 2 });
    // The pending timer was cancelled: nothing more is heard for the same state.
    store.dispatch({ n: 3 });
    expect(heardCount()).toBe(1);
    source.dispose();
  });
});
