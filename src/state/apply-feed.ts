import { HANDOVER_ACTIONS, shiftStartOf } from '../domain/shift-window.js';
import type {
  AlertFeed,
  AuditEntry,
  CalloutFeed,
  CalloutRecipientFeed,
  ClockMessage,
  DeliveryFeed,
  Delta,
  FeedChange,
  HistoryReply,
  IncidentFeed,
  ObligationFeed,
  Snapshot,
  StationFeed,
  StockFeed,
  TeamFeed,
  WatchDuty,
} from '../protocol/index.js';
import { serverNow } from './clock.js';
import { dropExpiredClosed } from './closed-expiry.js';
import { appendReading, wholeHistory } from './history.js';
import { type ClockSync, LOG_LIMIT, stockKey, type WatchState } from './watch-state.js';

// `isSimulated` is left out rather than false on a real clock, so a state compares equal to one built without it.
function clockSync(now: number, at: number, rate: number, isSimulated: boolean | undefined): ClockSync {
  return { serverNow: now, localAt: at, rate, ...(isSimulated ? { isSimulated: true } : {}) };
}

const byKey = <T, K>(list: readonly T[], key: (item: T) => K): Map<K, T> =>
  new Map(list.map((x) => [key(x), x]));

/** Replaces all data with a snapshot: the collector may send one at any time, and it is always the whole truth. */
export function applySnapshot(state: WatchState, msg: Snapshot, at: number): WatchState {
  return {
    ...state,
    clock: clockSync(msg.now, at, msg.clockRate, msg.simulatedClock !== undefined),
    epoch: msg.epoch,
    storage: msg.storage ?? 'ok',
    seq: msg.seq,
    needsResync: false,
    lastHeardAt: at,
    lastChangeAt: at,
    county: msg.county,
    stations: byKey(msg.stations, (s) => s.code),
    items: byKey(msg.items, (i) => i.code),
    warehouses: byKey(msg.warehouses, (w) => w.code),
    stock: byKey(msg.stock, (s) => stockKey(s.warehouse, s.item)),
    incidents: byKey(msg.incidents, (i) => i.code),
    people: byKey(msg.people, (p) => p.id),
    roster: msg.roster,
    duty: msg.duty,
    alerts: byKey(msg.alerts, (a) => a.id),
    obligations: byKey(msg.obligations, (o) => o.id),
    log: msg.log.slice(-LOG_LIMIT),
    omitted: msg.omitted,
    callouts: byKey(msg.callouts ?? [], (c) => c.id),
    calloutRecipients: byKey(msg.calloutRecipients ?? [], (r) => r.id),
    deliveries: byKey(msg.deliveries ?? [], (d) => d.id),
    ladders: new Map(Object.entries(msg.ladders ?? {})),
    shiftLog: msg.shiftLog,
    teams: byKey(msg.teams ?? [], (t) => t.code),
    forces: msg.forces,
  };
}

/**
 * Applies a delta only when it is the next one of the same epoch. An old or repeated one (a resume overlapping
 * what we have) is dropped; anything else means changes were lost, so nothing is applied and `needsResync` asks
 * the connection to resume from the last good `seq`.
 */
export function applyDelta(state: WatchState, msg: Delta, at: number): WatchState {
  const heard = { ...state, lastHeardAt: at };
  if (state.seq === undefined || msg.epoch !== state.epoch) return { ...heard, needsResync: true };
  if (msg.seq <= state.seq) return heard;
  if (msg.seq !== state.seq + 1) return { ...heard, needsResync: true };
  const next: Mutable = {
    stations: new Map(state.stations),
    stock: new Map(state.stock),
    incidents: new Map(state.incidents),
    alerts: new Map(state.alerts),
    obligations: new Map(state.obligations),
    log: [...state.log],
    duty: state.duty,
    // Call-out maps are copied only when a delta touches them: most deltas are readings.
    callouts: lazyCopy(state.callouts),
    calloutRecipients: lazyCopy(state.calloutRecipients),
    deliveries: lazyCopy(state.deliveries),
    teams: new Map(state.teams),
  };
  for (const change of msg.changes) applyChange(change, next);
  dropExpiredClosed(next, msg.now);
  return {
    ...heard,
    clock: clockFromDelta(state, msg, at),
    seq: msg.seq,
    needsResync: false,
    lastChangeAt: at,
    ...next,
    log: next.log.length > LOG_LIMIT ? next.log.slice(-LOG_LIMIT) : next.log,
    callouts: next.callouts.current(),
    calloutRecipients: next.calloutRecipients.current(),
    deliveries: next.deliveries.current(),
    shiftLog: nextShiftLog(state.shiftLog, msg.changes, next.duty),
  };
}

/** A map copied on its first write. */
type LazyMap<K, V> = { current(): ReadonlyMap<K, V>; set(key: K, value: V): void };
function lazyCopy<K, V>(base: ReadonlyMap<K, V>): LazyMap<K, V> {
  let copy: Map<K, V> | undefined;
  return {
    current: () => copy ?? base,
    set(key, value) {
      copy ??= new Map(base);
      copy.set(key, value);
    },
  };
}

const IS_HANDOVER_ACTION = new Set(HANDOVER_ACTIONS);

// The shift's entries grow with the log's; a new shift (a handover accepted, the roster moving on) drops what
// came before it, as the collector's next snapshot would.
function nextShiftLog(
  shiftLog: readonly AuditEntry[] | undefined,
  changes: readonly FeedChange[],
  duty: WatchDuty | undefined,
): readonly AuditEntry[] | undefined {
  if (shiftLog === undefined) return undefined;
  const lastId = shiftLog.at(-1)?.id ?? 0;
  const added = changes.flatMap((c) =>
    c.kind === 'log' && c.entry.id > lastId && IS_HANDOVER_ACTION.has(c.entry.action) ? [c.entry] : [],
  );
  const since = duty ? shiftStartOf(duty) : Number.NEGATIVE_INFINITY;
  const first = shiftLog[0];
  if (added.length === 0 && (first === undefined || first.at >= since)) return shiftLog;
  return [...shiftLog, ...added].filter((e) => e.at >= since);
}

/** Deltas this far (real time) behind our estimate of the collector's clock are replays, not news of the time. */
export const REPLAY_LAG_MS = 2_000;

// A resume replays kept deltas stamped when they were made, minutes ago perhaps: taking their `now` would turn
// the clock back and make every age look younger, so only a delta that is about current moves the clock.
function clockFromDelta(state: WatchState, msg: Delta, at: number): ClockSync | undefined {
  // Deltas carry no rate; it changes only with a collector restart, which brings a snapshot.
  const rate = state.clock?.rate ?? 1;
  if (state.clock && (serverNow(state, at) - msg.now) / rate > REPLAY_LAG_MS) return state.clock;
  return clockSync(msg.now, at, rate, state.clock?.isSimulated);
}

/** The parts of the state a delta may change, as fresh copies. */
type Mutable = {
  stations: Map<string, StationFeed>;
  stock: Map<string, StockFeed>;
  incidents: Map<string, IncidentFeed>;
  alerts: Map<number, AlertFeed>;
  obligations: Map<number, ObligationFeed>;
  log: AuditEntry[];
  duty: WatchDuty | undefined;
  callouts: LazyMap<number, CalloutFeed>;
  calloutRecipients: LazyMap<number, CalloutRecipientFeed>;
  deliveries: LazyMap<number, DeliveryFeed>;
  teams: Map<string, TeamFeed>;
};

/** A change that is simply the newest version of one record. */
type RecordChange = Exclude<FeedChange, { kind: 'reading' | 'log' | 'duty' }>;

// Each such change goes into its map under the record's key; one row a kind (the type makes sure none is missed).
const RECORD_WRITES: {
  [K in RecordChange['kind']]: (change: Extract<RecordChange, { kind: K }>, next: Mutable) => void;
} = {
  stock: ({ stock }, next) => next.stock.set(stockKey(stock.warehouse, stock.item), stock),
  incident: ({ incident }, next) => next.incidents.set(incident.code, incident),
  alert: ({ alert }, next) => next.alerts.set(alert.id, alert),
  obligation: ({ obligation }, next) => next.obligations.set(obligation.id, obligation),
  callout: ({ callout }, next) => next.callouts.set(callout.id, callout),
  'callout.recipient': ({ recipient }, next) => next.calloutRecipients.set(recipient.id, recipient),
  delivery: ({ delivery }, next) => next.deliveries.set(delivery.id, delivery),
  team: ({ team }, next) => next.teams.set(team.code, team),
};

function applyChange(change: FeedChange, next: Mutable): void {
  switch (change.kind) {
    case 'reading': {
      const station = next.stations.get(change.station);
      // A station unknown to our snapshot is config we never received; the next snapshot brings it.
      if (station)
        next.stations.set(change.station, {
          ...station,
          history: appendReading(station.history, change.reading),
        });
      return;
    }
    case 'log':
      // A resume can overlap what a snapshot already held; an entry is kept once.
      if (!next.log.some((e) => e.id === change.entry.id)) next.log.push(change.entry);
      return;
    case 'duty':
      next.duty = change.duty;
      return;
    default: {
      // The table's row for this kind takes this kind's change; TypeScript cannot tie the two through the index.
      const write = RECORD_WRITES[change.kind] as (change: RecordChange, next: Mutable) => void;
      write(change, next);
    }
  }
}

/**
 * Puts a station's whole history (the answer to `history.get`) in place of the thinned one a snapshot carried.
 * An answer for a station the picture does not have (its config changed since) changes nothing.
 */
export function applyHistory(state: WatchState, msg: HistoryReply, at: number): WatchState {
  const heard = { ...state, lastHeardAt: at };
  const station = state.stations.get(msg.station);
  // A reply comes on the socket it was asked on, after every delta up to its `seq`: it is never older than the
  // picture. Deltas after it may repeat its newest readings; appendReading keeps each once.
  if (!station) return heard;
  const { historyThinned: _thinned, ...rest } = station;
  const stations = new Map(state.stations);
  stations.set(msg.station, { ...rest, history: wholeHistory(msg.history, station.history) });
  return { ...heard, stations };
}

/**
 * Keeps the clock in step on an idle feed, and the storage status when the collector announces a change.
 * Its `seq` is the collector's latest: if that is ahead of ours, a delta was lost without a later one to
 * reveal the gap.
 */
export function applyClock(state: WatchState, msg: ClockMessage, at: number): WatchState {
  const isBehind = state.seq !== undefined && msg.seq > state.seq;
  return {
    ...state,
    clock: clockSync(msg.now, at, msg.clockRate, state.clock?.isSimulated),
    storage: msg.storage ?? state.storage,
    lastHeardAt: at,
    needsResync: state.needsResync || isBehind,
  };
}
