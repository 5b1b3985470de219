import type { Action } from './actions.js';
import { applyClock, applyDelta, applyHistory, applySnapshot } from './apply-feed.js';
import { assertNever } from './assert-never.js';
import { safeStrings } from './safe-text.js';
import type { ConnectionState, WatchState } from './watch-state.js';

/** The next state after `action`; pure: time comes in `action.at`, nothing is read or mutated. */
export function reduce(state: WatchState, action: Action): WatchState {
  switch (action.type) {
    case 'server':
      return reduceServer(state, action);
    case 'conn.connecting':
    case 'conn.live':
    case 'conn.lost':
    case 'conn.offline':
    case 'conn.refused': {
      const connection = reduceConnection(state.connection, action);
      return connection === state.connection ? state : { ...state, connection };
    }
    default:
      return assertNever(action);
  }
}

function reduceServer(state: WatchState, action: Extract<Action, { type: 'server' }>): WatchState {
  // Everything the screens and reports draw comes through here: text a database written before the collector
  // refused terminal escapes (issue 13) is made harmless once, for the console, the wall and the handover alike.
  const msg = safeStrings(action.msg);
  const { at } = action;
  switch (msg.type) {
    case 'snapshot':
      return applySnapshot(state, msg, at);
    case 'delta':
      return applyDelta(state, msg, at);
    case 'clock':
      return applyClock(state, msg, at);
    case 'welcome':
      return { ...state, me: { token: msg.token, role: msg.role, person: msg.person }, lastHeardAt: at };
    case 'history':
      return applyHistory(state, msg, at);
    // Replies to our actions are matched by the connection; for the state they only prove the link alive.
    case 'ack':
    case 'error':
      return { ...state, lastHeardAt: at };
    default:
      return assertNever(msg);
  }
}

type ConnAction = Exclude<Action, { type: 'server' }>;

/**
 * The connection's status. An outage keeps the time of its first drop through retries and `offline`, so the
 * screen says how long the data has been frozen, not how long since the last attempt. `refused` is final until
 * something connects again.
 */
export function reduceConnection(conn: ConnectionState, action: ConnAction): ConnectionState {
  switch (action.type) {
    case 'conn.connecting':
      if (conn.status === 'reconnecting' || conn.status === 'offline') {
        return conn.attempt === action.attempt ? conn : { ...conn, attempt: action.attempt };
      }
      if (conn.status === 'connecting') return { ...conn, attempt: action.attempt };
      return { status: 'connecting', since: action.at, attempt: action.attempt };
    case 'conn.live':
      return { status: 'live', since: action.at };
    case 'conn.lost': {
      if (conn.status === 'refused') return conn;
      const problem = action.problem ? { problem: action.problem } : {};
      if (conn.status === 'reconnecting' || conn.status === 'offline') {
        const { problem: _old, ...rest } = conn;
        return { ...rest, reason: action.reason, ...problem };
      }
      return { status: 'reconnecting', since: action.at, attempt: 0, reason: action.reason, ...problem };
    }
    case 'conn.offline':
      if (conn.status === 'reconnecting') return { ...conn, status: 'offline' };
      // A late timer after the link came back (or after a refusal) changes nothing.
      if (conn.status === 'idle' || conn.status === 'connecting') {
        return { status: 'offline', since: action.at, attempt: 0, reason: 'no connection' };
      }
      return conn;
    case 'conn.refused':
      return { status: 'refused', since: action.at, httpStatus: action.httpStatus, reason: action.reason };
    default:
      return assertNever(action);
  }
}
