import { countyFeed } from '../../server/live/snapshot.js';
import type {
  AlertFeed,
  Delta,
  DispatchFeed,
  FeedChange,
  IncidentFeed,
  ObligationFeed,
  ReadingPoint,
  Snapshot,
  StationFeed,
  StockFeed,
} from '../../src/protocol/index.js';
import type { Action } from '../../src/state/actions.js';
import { testConfig } from '../helpers/test-config.js';

/** 02:00 on a July night in the county (+08:00): flood season, 主汛期 (R1's 汛限 is 101 m). */
export const NIGHT = Date.parse('2026-07-20T02:00:00+08:00');
export const MIN = 60_000;
export const EPOCH = 'ep-1';

/** A snapshot of the test county at `seq`, its clock at `now`; histories and lists are overridable. */
export function snapshot(
  options: {
    seq?: number;
    now?: number;
    epoch?: string;
    clockRate?: number;
    resync?: boolean;
    histories?: Record<string, ReadingPoint[]>;
    stock?: StockFeed[];
    incidents?: IncidentFeed[];
  } = {},
): Snapshot {
  const config = testConfig();
  const stations: StationFeed[] = config.stations.map((s) => ({
    ...s,
    history: options.histories?.[s.code] ?? [],
  }));
  return {
    v: 1,
    type: 'snapshot',
    epoch: options.epoch ?? EPOCH,
    seq: options.seq ?? 0,
    now: options.now ?? NIGHT,
    resync: options.resync ?? false,
    clockRate: options.clockRate ?? 1,
    county: countyFeed(config),
    stations,
    items: config.items,
    warehouses: config.warehouses,
    stock: options.stock ?? [],
    incidents: options.incidents ?? [],
    people: config.people,
    roster: config.duty,
    duty: {
      officer: config.duty.rotation[0]?.officer ?? '',
      leader: config.duty.rotation[0]?.leader ?? '',
      since: NIGHT - 3_600_000,
      roster: {
        officer: config.duty.rotation[0]?.officer ?? '',
        leader: config.duty.rotation[0]?.leader ?? '',
        shiftStart: NIGHT - 12 * 3_600_000,
        shiftEnd: NIGHT + 12 * 3_600_000,
      },
      handover: null,
    },
    alerts: [],
    obligations: [],
    log: [],
  };
}

/** A delta of `changes` at `seq`. */
export function delta(
  seq: number,
  changes: FeedChange[],
  options: { now?: number; epoch?: string } = {},
): Delta {
  return { v: 1, type: 'delta', epoch: options.epoch ?? EPOCH, seq, now: options.now ?? NIGHT, changes };
}

/** A reading change. */
export function reading(station: string, at: number, level: number): FeedChange {
  return { kind: 'reading', station, reading: { at, level } };
}

/** A balance. */
export function stock(
  warehouse: string,
  item: string,
  quantity: number,
  lots: StockFeed['lots'] = [],
): StockFeed {
  return { warehouse, item, quantity, lots, updatedAt: NIGHT - 10 * MIN };
}

/** An open incident in township T1 with no casualties unless given. */
export function incident(code: string, overrides: Partial<IncidentFeed> = {}): IncidentFeed {
  return {
    code,
    category: 'accident',
    kind: 'landslide',
    title: `incident ${code}`,
    township: 'T1',
    village: null,
    location: null,
    occurredAt: NIGHT - 30 * MIN,
    receivedAt: NIGHT - 25 * MIN,
    updatedAt: NIGHT - 20 * MIN,
    casualties: { deaths: 0, missing: 0, seriousInjuries: 0, injuries: 0, trapped: 0, evacuated: 0 },
    directLossYuan: 0,
    status: 'open',
    updates: 0,
    ...overrides,
  };
}

/** Wraps a server message as the connection dispatches it. */
export function server(msg: Extract<Action, { type: 'server' }>['msg'], at = NIGHT): Action {
  return { type: 'server', msg, at };
}

/** An alert of the test county; triggered on G1 at the officer's rung (P1) unless overridden. */
export function alertFeed(overrides: Partial<AlertFeed> = {}): AlertFeed {
  return {
    id: 12,
    key: 'water.guarantee:G1',
    class: 'water.guarantee',
    severity: 'critical',
    subject: { kind: 'station', code: 'G1' },
    title: { zh: '汝河大桥 超保证水位 12.10 m', en: 'Ruhe Bridge over guaranteed level 12.10 m' },
    action: {
      zh: '核实水位，通知带班领导和下游乡镇',
      en: 'Check the level; tell the leader on duty and the towns downstream',
    },
    value: 12.1,
    state: 'triggered',
    openedAt: NIGHT - 3 * MIN,
    updatedAt: NIGHT - 3 * MIN,
    closedAt: null,
    step: 0,
    loop: 0,
    rung: { target: 'officer', person: 'P1' },
    nextEscalationAt: NIGHT + 2 * MIN,
    ladder: 'default',
    ack: null,
    snooze: null,
    hasNewData: false,
    inhibitedBy: null,
    ...overrides,
  };
}

/** An open reporting clock of incident INC-1: phone the city at level III, due at 02:25 and warning from 02:15. */
export function obligationFeed(id: number, overrides: Partial<ObligationFeed> = {}): ObligationFeed {
  return {
    id,
    incident: 'INC-1',
    kind: 'phone',
    target: 'city',
    level: 3,
    dueAt: NIGHT + 25 * MIN,
    warnAt: NIGHT + 15 * MIN,
    state: 'open',
    doneAt: null,
    doneBy: null,
    doneNote: null,
    ...overrides,
  };
}

/** The county team's dispatch #1 to INC-1: 30 people, left 40 minutes before the night's instant, still out. */
export function dispatchFeed(overrides: Partial<DispatchFeed> = {}): DispatchFeed {
  return {
    id: 1,
    team: 'TEAM-C',
    incident: 'INC-1',
    headcount: 30,
    departedAt: NIGHT - 40 * MIN,
    arrivedAt: null,
    returnedAt: null,
    ...overrides,
  };
}
