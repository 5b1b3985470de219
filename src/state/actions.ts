import type { ServerMessage } from '../protocol/index.js';
import type { ConnectionProblem } from './watch-state.js';

/** Everything that changes a {@link WatchState}; `at` is the local time it happened (ms), never read inside the reducer. */
export type Action =
  | { type: 'server'; msg: ServerMessage; at: number }
  | { type: 'conn.connecting'; at: number; attempt: number }
  | { type: 'conn.live'; at: number }
  | { type: 'conn.lost'; at: number; reason: string; problem?: ConnectionProblem | undefined }
  | { type: 'conn.offline'; at: number }
  | { type: 'conn.refused'; at: number; httpStatus: number; reason: string };

/** The action types, for exhaustive tables. */
export type ActionType = Action['type'];
