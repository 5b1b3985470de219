import type { WatchEvent } from '../client/watch-events.js';

/**
 * Everything that changes a {@link WatchState}: what the watch link reports (`at` is the local time it happened,
 * never read inside the reducer).
 */
export type Action = WatchEvent;

/** The action types, for exhaustive tables. */
export type ActionType = Action['type'];
