import { formatAge, NO_VALUE } from '../../domain/format.js';
import { serverNow } from '../clock.js';
import type { WatchState } from '../watch-state.js';
import type { HeaderView } from './header.js';
import type { WallTone } from './wall-tone.js';
import type { WallWords } from './wall-words.js';

/** The wall's top line: where, what time it is there, who is on duty, and whether what is shown can be trusted. */
export type WallHeader = {
  title: string;
  time: string;
  duty: string;
  connection: string;
  connectionTone: WallTone;
  freshness: string;
  isStale: boolean;
  /** 叫应 over the open call-outs ("叫应 31/40 · 逾期 3"), loud while anyone is overdue; absent when none is open. */
  callout?: { text: string; tone: WallTone };
};

/** What the link banner says for the current connection, and how loudly. */
export type LinkBanner = { isDown: boolean; text: string; tone: WallTone };

/** The header in the wall's words, from the shared header view; `person` names a person by id. */
export function wallHeader(
  state: WatchState,
  header: HeaderView,
  t: WallWords,
  person: (id: string) => string,
): WallHeader {
  return {
    title: state.county ? `${header.countyName} ${t.wall}` : t.wall,
    time: state.clock?.isSimulated ? `${t.simulatedClock} ${header.localTime}` : header.localTime,
    duty: state.duty ? t.duty(person(state.duty.officer), person(state.duty.leader)) : '',
    connection: t.conn[header.connection.status],
    connectionTone: header.connection.status === 'live' ? 'ok' : 'danger',
    freshness: t.data(header.freshness.text),
    isStale: header.freshness.isStale,
  };
}

/** The link banner at local time `now`: down while the collector is unreachable or has gone quiet. */
export function linkBanner(
  state: WatchState,
  now: number,
  t: WallWords,
  clock: (ms: number) => string,
  freshness: { text: string; isStale: boolean },
): LinkBanner {
  const conn = state.connection;
  // Shown on the collector's clock, like the header time, so the start of an outage can be read against it.
  const onServer = (local: number) => clock(serverNow(state, local));
  switch (conn.status) {
    case 'live':
      return { isDown: freshness.isStale, text: t.quiet(freshness.text), tone: 'warning' };
    case 'reconnecting':
    case 'offline': {
      const frozen = state.lastChangeAt === undefined ? NO_VALUE : onServer(state.lastChangeAt);
      // The age on the collector's clock too, so it agrees with the times beside it when a drill runs fast.
      const age = formatAge(serverNow(state, now) - serverNow(state, conn.since));
      const down = t.down(onServer(conn.since), age, frozen, conn.attempt + 1);
      const text = conn.problem === 'snapshot_too_large' ? `${t.snapshotTooLarge} · ${down}` : down;
      return { isDown: true, text, tone: 'danger' };
    }
    case 'connecting':
      return { isDown: true, text: t.connecting(conn.attempt + 1), tone: 'warning' };
    case 'refused':
      return { isDown: true, text: t.refused(conn.httpStatus, conn.reason), tone: 'danger' };
    case 'idle':
      return { isDown: true, text: t.conn.idle, tone: 'warning' };
  }
}
