import type { ConnectionProblem } from '../client/watch-events.js';
import type {
  AlertFeed,
  AuditEntry,
  CalloutFeed,
  CalloutRecipientFeed,
  CountyFeed,
  DeliveryFeed,
  Duty,
  ForcesSettingsFeed,
  IncidentFeed,
  Item,
  Ladder,
  ObligationFeed,
  Person,
  Role,
  SnapshotOmitted,
  StationFeed,
  StockFeed,
  StorageStatus,
  TeamFeed,
  Warehouse,
  WatchDuty,
} from '../protocol/index.js';

/**
 * The link to the collector as people need to see it. `since` is the local time the status began; an outage
 * keeps the `since` of its first drop through `reconnecting` and `offline`, so "offline since" means the data
 * has been frozen since then.
 */
export type ConnectionState =
  | { status: 'idle' }
  | { status: 'connecting'; since: number; attempt: number }
  | { status: 'live'; since: number }
  | { status: 'reconnecting'; since: number; attempt: number; reason: string; problem?: ConnectionProblem }
  | { status: 'offline'; since: number; attempt: number; reason: string; problem?: ConnectionProblem }
  | { status: 'refused'; since: number; httpStatus: number; reason: string };

/**
 * Why the link keeps failing, when retrying alone will not mend it and a person must be told on every screen
 * (issue 13): `snapshot_too_large` — the collector's snapshot is bigger than this client takes.
 */
export type { ConnectionProblem };

/** The connection statuses, for exhaustive tables in the UIs. */
export type ConnectionStatus = ConnectionState['status'];

/** The last reading of the collector's clock: what it said (`serverNow`), when we heard it (`localAt`), how fast it runs. */
export type ClockSync = {
  serverNow: number;
  localAt: number;
  rate: number;
  /** The collector runs on a clock set by hand (a drill or the demo): headers say so. */
  isSimulated?: boolean;
};

/** Everything a console or wall knows about the county, rebuilt from snapshots and kept current by deltas. */
export type WatchState = {
  connection: ConnectionState;
  /** Who the collector takes this client to be (its welcome): actions are carried out as this person. */
  me: { token: string; role: Role; person: string | null } | undefined;
  clock: ClockSync | undefined;
  /** The collector run the data comes from; a delta from another epoch cannot be applied. */
  epoch: string | undefined;
  /**
   * Whether the collector can store data: `full` or `error` means sources are being refused and nothing new
   * arrives, which the screens must say rather than show a quiet county.
   */
  storage: StorageStatus;
  /** The last change applied; undefined until the first snapshot. */
  seq: number | undefined;
  /** Set when a delta could not be applied (gap, other epoch, no snapshot yet): the connection resumes from `seq`. */
  needsResync: boolean;
  /** Local time of the last message of any kind from the collector. */
  lastHeardAt: number | undefined;
  /** Local time of the last snapshot or delta that changed the data. */
  lastChangeAt: number | undefined;
  county: CountyFeed | undefined;
  /** Stations by code, in the config's order; each carries its bounded history, oldest first. */
  stations: ReadonlyMap<string, StationFeed>;
  items: ReadonlyMap<string, Item>;
  warehouses: ReadonlyMap<string, Warehouse>;
  /** Balances keyed by {@link stockKey}. */
  stock: ReadonlyMap<string, StockFeed>;
  incidents: ReadonlyMap<string, IncidentFeed>;
  people: ReadonlyMap<string, Person>;
  /** The configured rotation. */
  roster: Duty | undefined;
  /** Who holds the watch now, and any handover waiting. */
  duty: WatchDuty | undefined;
  alerts: ReadonlyMap<number, AlertFeed>;
  obligations: ReadonlyMap<number, ObligationFeed>;
  /** The most recent audit entries, oldest first, at most {@link LOG_LIMIT}. */
  log: readonly AuditEntry[];
  /** What the last snapshot left out to stay small (issue 13): screens say how many more there are. */
  omitted?: SnapshotOmitted | undefined;
  /** Call-outs (叫应) open or closed within the last day, their recipients and their deliveries, by id. */
  callouts: ReadonlyMap<number, CalloutFeed>;
  calloutRecipients: ReadonlyMap<number, CalloutRecipientFeed>;
  deliveries: ReadonlyMap<number, DeliveryFeed>;
  /** The escalation ladders by name, to say who is called next (empty from collectors that do not send them). */
  ladders: ReadonlyMap<string, Ladder>;
  /**
   * Every note, acknowledgement, escalation, snooze and call of the watch being handed over, oldest first, kept
   * current by deltas; undefined when the collector does not send it (the handover then falls back to `log`).
   */
  shiftLog: readonly AuditEntry[] | undefined;
  /** Rescue teams by code, in the config's order, each with its roll call and dispatches. */
  teams: ReadonlyMap<string, TeamFeed>;
  /** The forces' clocks as configured; undefined from a collector without forces. */
  forces: ForcesSettingsFeed | undefined;
};

/** How many audit entries a client keeps. */
export const LOG_LIMIT = 200;

/** The key of one (warehouse, item) balance; codes cannot contain `/`, so it is unambiguous. */
export function stockKey(warehouse: string, item: string): string {
  return `${warehouse}/${item}`;
}

/** The state before anything is connected or received. */
export const initialWatchState: WatchState = {
  connection: { status: 'idle' },
  me: undefined,
  clock: undefined,
  epoch: undefined,
  storage: 'ok',
  seq: undefined,
  needsResync: false,
  lastHeardAt: undefined,
  lastChangeAt: undefined,
  county: undefined,
  stations: new Map(),
  items: new Map(),
  warehouses: new Map(),
  stock: new Map(),
  incidents: new Map(),
  people: new Map(),
  roster: undefined,
  duty: undefined,
  alerts: new Map(),
  obligations: new Map(),
  log: [],
  callouts: new Map(),
  calloutRecipients: new Map(),
  deliveries: new Map(),
  ladders: new Map(),
  shiftLog: undefined,
  teams: new Map(),
  forces: undefined,
};
