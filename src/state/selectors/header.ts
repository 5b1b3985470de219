import { formatAge, NO_VALUE } from '../../domain/format.js';
import { serverNow } from '../clock.js';
import type { ConnectionProblem, ConnectionStatus, WatchState } from '../watch-state.js';
import { formatClock, type NameStyle, nameOf, timeContext } from './context.js';

/** How long without any message from the collector before the data is flagged as not fresh. */
export const QUIET_AFTER_MS = 20_000;

/** The top line of every screen: where, what time it is there, and whether what is shown can be trusted. */
export type HeaderView = {
  countyName: string;
  /** The collector's clock in the county's offset, `HH:MM:SS`. */
  localTime: string;
  connection: {
    status: ConnectionStatus;
    /** e.g. `live`, `reconnecting since 02:14:05`, `offline since 02:14:05`, `refused (HTTP 401): …`. */
    text: string;
    /** How long the status has lasted, compact (`2m`); empty when idle. */
    age: string;
  };
  /** How long since anything was heard from the collector (local time). */
  freshness: { ageMs: number | undefined; text: string; isStale: boolean };
};

/** The header at local time `now`. */
export function selectHeader(state: WatchState, now: number, opts: { names: NameStyle }): HeaderView {
  const { at, utcOffset } = timeContext(state, now);
  const conn = state.connection;
  // Shown on the collector's clock like the header time, so "since 02:14:05" can be read against it.
  const sinceText = (since: number) => formatClock(serverNow(state, since), utcOffset);
  let text: string;
  switch (conn.status) {
    case 'idle':
      text = 'not connected';
      break;
    case 'connecting':
      text = 'connecting';
      break;
    case 'live':
      text = 'live';
      break;
    case 'reconnecting':
      text = `reconnecting since ${sinceText(conn.since)}${problemText(conn.problem)}`;
      break;
    case 'offline':
      text = `offline since ${sinceText(conn.since)}${problemText(conn.problem)}`;
      break;
    case 'refused':
      text = `refused (HTTP ${conn.httpStatus}): ${conn.reason}`;
      break;
  }
  const ageMs = state.lastHeardAt === undefined ? undefined : Math.max(0, now - state.lastHeardAt);
  return {
    countyName: state.county ? nameOf(state.county, opts.names) : NO_VALUE,
    localTime: formatClock(at, utcOffset),
    connection: {
      status: conn.status,
      text,
      age: conn.status === 'idle' ? '' : formatAge(now - conn.since),
    },
    freshness: {
      ageMs,
      text: formatAge(ageMs),
      isStale: conn.status !== 'live' || ageMs === undefined || ageMs > QUIET_AFTER_MS,
    },
  };
}

// A problem retrying will not mend is said outright, in `dutywatch watch`'s status lines too (issue 13).
function problemText(problem: ConnectionProblem | undefined): string {
  return problem === 'snapshot_too_large' ? ': the snapshot is too large for this client' : '';
}
