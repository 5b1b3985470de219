import { formatAge, NO_VALUE } from '../../domain/format.js';
import { serverNow } from '../clock.js';
import type { WatchState } from '../watch-state.js';
import type { HeaderView } from './header.js';
import type { WallTone } from './wall-tone.js';
import type { WallWords } from './wall-words.js';

/** The wall's top line: where, what time it is there, who is on duty, and whether what is shown can be trusted. */
export type WallHeader = {
  title: string;
  /** The county's name alone: a narrow wall drops "值班台" first, and the whole title if still short of room. */
  titleShort: string;
  time: string;
  duty: string;
  /** The same two names with shorter labels, for a narrow wall: names are never what gets cut. */
  dutyShort: string;
  /** The two names with their phone numbers, where the wall is wide enough (issue 20.4). */
  dutyPhones: string;
  /** When the shift on duty ends ("交班 08:00"), or '' when the roster does not say. */
  handover: string;
  connection: string;
  connectionTone: WallTone;
  /** How long since the collector was last heard: the link's age, not the data's. */
  freshness: string;
  freshnessShort: string;
  isStale: boolean;
  /**
   * How old the newest station reading is: a live link to a collector whose gauges all went quiet an hour ago
   * must not read "0s" (issue 20.5). Stale when every station is.
   */
  data: { text: string; short: string; isStale: boolean };
  /** 叫应 over the open call-outs ("叫应 31/40 · 逾期 3"), loud while anyone is overdue; absent when none is open. */
  callout?: { text: string; tone: WallTone };
};

/** What the link banner says for the current connection, and how loudly. */
export type LinkBanner = {
  isDown: boolean;
  text: string;
  /** What the banner says when `text` is wider than the screen: the words without the collector's own reason. */
  short?: string;
  tone: WallTone;
};

/** The header in the wall's words, from the shared header view; `person` names a person by id. */
export function wallHeader(
  state: WatchState,
  header: HeaderView,
  t: WallWords,
  person: (id: string) => string,
  stations: readonly { ageMs: number | undefined; stale: boolean }[] = [],
  clock?: (ms: number) => string,
): WallHeader {
  return {
    title: state.county ? `${header.countyName} ${t.wall}` : t.wall,
    titleShort: state.county ? header.countyName : t.wall,
    time: state.clock?.isSimulated ? `${t.simulatedClock} ${header.localTime}` : header.localTime,
    duty: state.duty ? t.duty(person(state.duty.officer), person(state.duty.leader)) : '',
    dutyShort: state.duty ? t.dutyShort(person(state.duty.officer), person(state.duty.leader)) : '',
    dutyPhones: state.duty
      ? t.duty(withPhone(state, state.duty.officer, person), withPhone(state, state.duty.leader, person))
      : '',
    handover: state.duty && clock ? t.handover(clock(state.duty.roster.shiftEnd).slice(0, 5)) : '',
    connection: t.conn[header.connection.status],
    connectionTone: header.connection.status === 'live' ? 'ok' : 'danger',
    freshness: t.link(header.freshness.text),
    freshnessShort: t.linkShort(header.freshness.text),
    isStale: header.freshness.isStale,
    data: dataAge(stations, t),
  };
}

function withPhone(state: WatchState, id: string, person: (id: string) => string): string {
  const phone = state.people.get(id)?.phone;
  return phone ? `${person(id)} ${phone}` : person(id);
}

/** The age of the newest reading of any station, and whether every station is stale. */
export function dataAge(
  stations: readonly { ageMs: number | undefined; stale: boolean }[],
  t: WallWords,
): { text: string; short: string; isStale: boolean } {
  const ages = stations.flatMap((s) => (s.ageMs === undefined ? [] : [s.ageMs]));
  if (ages.length === 0) return { text: t.noReadings, short: t.noReadings, isStale: stations.length > 0 };
  const age = formatAge(Math.max(0, Math.min(...ages)));
  return { text: t.data(age), short: t.dataShort(age), isStale: stations.every((s) => s.stale) };
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
      return {
        isDown: true,
        text: t.refused(conn.httpStatus, conn.reason),
        short: t.refusedShort(conn.httpStatus),
        tone: 'danger',
      };
    case 'idle':
      return { isDown: true, text: t.conn.idle, tone: 'warning' };
  }
}
