/** A state container around a pure reducer: what the connection dispatches into and the UIs subscribe to. */
export type Store<S, A> = {
  getState(): S;
  dispatch(action: A): void;
  /** Calls `listener` after every dispatch that changed the state; returns the unsubscribe function. */
  subscribe(listener: (state: S) => void): () => void;
};

/** Creates a store holding `initial`, advanced by `reduce` on every dispatch. */
export function createStore<S, A>(reduce: (state: S, action: A) => S, initial: S): Store<S, A> {
  let state = initial;
  const listeners = new Set<(state: S) => void>();
  return {
    getState: () => state,
    dispatch(action) {
      const next = reduce(state, action);
      // The reducer returns the same object when nothing changed; listeners (React, blessed) skip a redraw.
      if (next === state) return;
      state = next;
      // A copy, so a listener that unsubscribes while being called does not skip its neighbour.
      for (const listener of [...listeners]) listener(state);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
