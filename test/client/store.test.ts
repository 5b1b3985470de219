import { describe, expect, it } from 'vitest';
import { createStore } from '../../src/client/store.js';
import { reduce } from '../../src/state/reducer.js';
import { initialWatchState } from '../../src/state/watch-state.js';

describe('createStore', () => {
  it('advances the state through the reducer and tells subscribers', () => {
    const store = createStore(reduce, initialWatchState);
    const seen: string[] = [];
    store.subscribe((state) => seen.push(state.connection.status));
    store.dispatch({ type: 'conn.connecting', at: 1, attempt: 0 });
    store.dispatch({ type: 'conn.live', at: 2 });
    expect(store.getState().connection).toEqual({ status: 'live', since: 2 });
    expect(seen).toEqual(['connecting', 'live']);
  });

  it('does not notify when the reducer returns the same state', () => {
    const store = createStore(reduce, initialWatchState);
    store.dispatch({ type: 'conn.live', at: 1 });
    let calls = 0;
    store.subscribe(() => calls++);
    store.dispatch({ type: 'conn.offline', at: 2 });
    expect(calls).toBe(0);
  });

  it('stops notifying after unsubscribe, even from inside a notification', () => {
    const store = createStore((n: number, by: number) => n + by, 0);
    const calls: string[] = [];
    const offA = store.subscribe(() => {
      calls.push('a');
      offA();
    });
    store.subscribe(() => calls.push('b'));
    store.dispatch(1);
    store.dispatch(1);
    expect(calls).toEqual(['a', 'b', 'b']);
    expect(store.getState()).toBe(2);
  });
});
