// Over 250 lines on purpose: the schemas of everything the collector sends on /watch (snapshot, delta, clock,
// welcome) and the feed entities only they use, a quarter of it field docs; entities with files of their own are
// imported.
import { z } from 'zod';
import {
  alertFeedSchema,
  auditEntrySchema,
  obligationFeedSchema,
  watchDutySchema,
} from './alert-entities.js';
import { calloutFeedSchema, calloutRecipientFeedSchema, deliveryFeedSchema } from './callout-entities.js';
import { ladderSchema } from './config-alerting.js';
import { dutySchema, personSchema, roleSchema } from './config-people.js';
import { named, stationSchema } from './config-places.js';
import { itemSchema, warehouseSchema } from './config-stock.js';
import { PROTOCOL_VERSION } from './constants.js';
import { casualtiesSchema, incidentCategorySchema, incidentStatusSchema } from './ingest-messages.js';
import { codeSchema, monthDaySchema } from './primitives.js';
import { forcesSettingsFeedSchema, teamFeedSchema } from './team-feed.js';

/** Epoch milliseconds (the watch feed's time unit: cheap to compare, exact to the millisecond). */
const msSchema = z.number().int();

/** One stored water reading as the feed carries it. */
export const readingPointSchema = z.strictObject({
  at: msSchema,
  level: z.number(),
  sensorFault: z.boolean().optional(),
  /** Rain in mm since the station's previous report, where the station reports it (雨量). */
  rain: z.number().min(0).optional(),
  /**
   * Beyond what the station can physically do, and not (yet) confirmed by the next reading: shown with its value
   * as 可疑 / suspect, and judged by no flood or rise rule. A reading the next one confirms is sent again without it.
   */
  suspect: z.literal(true).optional(),
});
export type ReadingPoint = z.infer<typeof readingPointSchema>;

/** A station's configuration with its recent readings (oldest first, bounded in time and count). */
export const stationFeedSchema = z.strictObject({
  ...stationSchema.shape,
  history: z.array(readingPointSchema),
  /**
   * Set when the snapshot thinned `history` to stay small (issue 19.6, `server.snapshotHistoryPoints`): readings
   * within max(rateWindowMinutes, 60 min) of the newest are exact, older ones are a few points, each a span's last
   * reading carrying the span's summed rain — so status, rate, stale, suspect and rainfall read the same as from the
   * whole. Absent from older collectors and whenever the whole history was sent.
   */
  historyThinned: z.literal(true).optional(),
});
export type StationFeed = z.infer<typeof stationFeedSchema>;

export const lotFeedSchema = z.strictObject({
  batch: z.string(),
  expiresOn: z.string().nullable(),
  quantity: z.number().int(),
});

/** The current balance of one item in one warehouse. */
export const stockFeedSchema = z.strictObject({
  warehouse: codeSchema,
  item: codeSchema,
  quantity: z.number().int(),
  lots: z.array(lotFeedSchema),
  updatedAt: msSchema,
});
export type StockFeed = z.infer<typeof stockFeedSchema>;

/** An incident as it stands after every update. */
/** How many stock lines an incident's feed carries at most (the rest are in the ledger). */
export const STOCK_SENT_MAX = 40;

export const incidentFeedSchema = z.strictObject({
  code: codeSchema,
  category: incidentCategorySchema,
  kind: z.string(),
  title: z.string(),
  township: codeSchema,
  village: z.string().nullable(),
  location: z.string().nullable(),
  occurredAt: msSchema,
  receivedAt: msSchema,
  updatedAt: msSchema,
  casualties: casualtiesSchema,
  directLossYuan: z.number().int(),
  status: incidentStatusSchema,
  updates: z.number().int(),
  /**
   * The accident level (1 = I 特别重大 … 4 = IV 一般) as the collector decided it under the county's policy
   * (`reporting.countMissingTowardLevel`): consoles, walls and reports show this, never a level of their own.
   * Absent only from collectors older than this field.
   */
  level: z.literal([1, 2, 3, 4]).optional(),
  /** The 较大涉险 criteria that hold, as the collector decided them. */
  majorRisk: z.array(z.enum(['atRisk', 'trappedOrMissing', 'evacuated'])).optional(),
  /**
   * Stock issued (`out`) for the incident, summed per warehouse, item and the team it went with (null: none
   * named), in the order first issued; at most STOCK_SENT_MAX lines. Absent when none was.
   */
  stockSent: z
    .array(
      z.strictObject({
        warehouse: codeSchema,
        item: codeSchema,
        team: codeSchema.nullable(),
        quantity: z.number().int(),
      }),
    )
    .max(STOCK_SENT_MAX)
    .optional(),
});
export type IncidentFeed = z.infer<typeof incidentFeedSchema>;

/** The county's static picture: names and lines, sent once per snapshot. */
export const countyFeedSchema = z.strictObject({
  code: codeSchema,
  ...named,
  utcOffset: z.string(),
  floodSeason: z.strictObject({ from: monthDaySchema, to: monthDaySchema }),
  townships: z.array(z.strictObject({ code: codeSchema, ...named })),
});
export type CountyFeed = z.infer<typeof countyFeedSchema>;

/** One change in a delta. Readings append; everything else replaces the entity with the same key. */
export const feedChangeSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('reading'), station: codeSchema, reading: readingPointSchema }),
  z.strictObject({ kind: z.literal('stock'), stock: stockFeedSchema }),
  z.strictObject({ kind: z.literal('incident'), incident: incidentFeedSchema }),
  z.strictObject({ kind: z.literal('alert'), alert: alertFeedSchema }),
  z.strictObject({ kind: z.literal('obligation'), obligation: obligationFeedSchema }),
  z.strictObject({ kind: z.literal('log'), entry: auditEntrySchema }),
  z.strictObject({ kind: z.literal('duty'), duty: watchDutySchema }),
  z.strictObject({ kind: z.literal('callout'), callout: calloutFeedSchema }),
  z.strictObject({ kind: z.literal('callout.recipient'), recipient: calloutRecipientFeedSchema }),
  z.strictObject({ kind: z.literal('delivery'), delivery: deliveryFeedSchema }),
  z.strictObject({ kind: z.literal('team'), team: teamFeedSchema }),
]);
export type FeedChange = z.infer<typeof feedChangeSchema>;

const feedHeader = {
  v: z.literal(PROTOCOL_VERSION),
  /** Changes whenever the collector restarts: a `since` from another epoch gets a fresh snapshot. */
  epoch: z.string(),
  seq: z.number().int().min(0),
  /** The collector's clock when this was sent: clients show ages against it, not their own clock. */
  now: msSchema,
};

/**
 * The collector's database as sources and watchers need to know it: `full` (no room: ingest and actions are
 * refused with STORAGE_FULL until room returns) or `error` (writes fail for another reason, STORAGE_ERROR).
 */
export const storageStatusSchema = z.enum(['ok', 'full', 'error']);
export type StorageStatus = z.infer<typeof storageStatusSchema>;

/**
 * What a snapshot left out to stay small (issue 13; `server.snapshotMaxIncidents`, `snapshotMaxAlerts`): the
 * least serious and oldest incidents and alerts, and the reporting clocks of incidents left out. Screens say
 * how many; the deltas still carry every change.
 */
export const snapshotOmittedSchema = z.strictObject({
  openIncidents: z.number().int().min(0),
  closedIncidents: z.number().int().min(0),
  openAlerts: z.number().int().min(0),
  closedAlerts: z.number().int().min(0),
  obligations: z.number().int().min(0),
});
export type SnapshotOmitted = z.infer<typeof snapshotOmittedSchema>;

/** The whole live picture; `seq` is the last change it includes. */
export const snapshotSchema = z.strictObject({
  ...feedHeader,
  type: z.literal('snapshot'),
  /** True when sent to replace a feed the client could not resume (gap, stall, or deltas no longer kept). */
  resync: z.boolean(),
  /** How fast the collector's clock runs against real time (1 except in demos and drills). */
  clockRate: z.number().positive(),
  /** Whether the collector can store what it is sent; absent (collectors before it existed) means `ok`. */
  storage: storageStatusSchema.optional(),
  /**
   * Present when the collector runs on a clock set by hand (`serve --clock`, the demo): a drill, not the real
   * time, which every header says (演练时钟 / SIMULATED CLOCK). `startedAt` is where that clock began.
   */
  simulatedClock: z.strictObject({ startedAt: msSchema, rate: z.number().positive() }).optional(),
  county: countyFeedSchema,
  stations: z.array(stationFeedSchema),
  items: z.array(itemSchema),
  warehouses: z.array(warehouseSchema),
  stock: z.array(stockFeedSchema),
  incidents: z.array(incidentFeedSchema),
  people: z.array(personSchema),
  /** The configured rotation, and who holds the watch now. */
  roster: dutySchema,
  duty: watchDutySchema,
  /** Open alerts, and those closed within the last day. */
  alerts: z.array(alertFeedSchema),
  /** Reporting clocks of live incidents. */
  obligations: z.array(obligationFeedSchema),
  /** The most recent audit entries, oldest first. */
  log: z.array(auditEntrySchema),
  /** Absent when nothing was left out (and from collectors before snapshots were bounded). */
  omitted: snapshotOmittedSchema.optional(),
  /** Call-outs open or closed within the last day, their recipients and deliveries (absent: none). */
  callouts: z.array(calloutFeedSchema).optional(),
  calloutRecipients: z.array(calloutRecipientFeedSchema).optional(),
  deliveries: z.array(deliveryFeedSchema).optional(),
  /**
   * The configured escalation ladders by name (each alert names its `ladder`), so a console can say who is
   * called next and when; absent from collectors before it existed.
   */
  ladders: z.record(z.string(), ladderSchema).optional(),
  /**
   * What a handover reports, from the start of the watch being handed over: every note, acknowledgement,
   * escalation, snooze and call, oldest first — however many, unlike `log`; absent from older collectors.
   */
  shiftLog: z.array(auditEntrySchema).optional(),
  /** Rescue teams with their state; absent from collectors before forces existed. */
  teams: z.array(teamFeedSchema).optional(),
  forces: forcesSettingsFeedSchema.optional(),
});
export type Snapshot = z.infer<typeof snapshotSchema>;

/** Everything that changed since the previous `seq`, in commit order. */
export const deltaSchema = z.strictObject({
  ...feedHeader,
  type: z.literal('delta'),
  changes: z.array(feedChangeSchema),
});
export type Delta = z.infer<typeof deltaSchema>;

/**
 * Sent on an idle feed so clients can tell a quiet county from a dead link, and keep their clock in step; also
 * sent at once whenever the storage status changes, so a full disk is on every screen within a second.
 */
export const clockSchema = z.strictObject({
  v: z.literal(PROTOCOL_VERSION),
  type: z.literal('clock'),
  now: msSchema,
  clockRate: z.number().positive(),
  seq: z.number().int().min(0),
  /** As in the snapshot; absent means unchanged. */
  storage: storageStatusSchema.optional(),
});
export type ClockMessage = z.infer<typeof clockSchema>;

/** Sent first on every `/watch` connection: who the collector takes this client to be. */
export const welcomeSchema = z.strictObject({
  v: z.literal(PROTOCOL_VERSION),
  type: z.literal('welcome'),
  /** The token's name, its role, and the person it acts for (null for a wall or a shared viewer). */
  token: z.string(),
  role: roleSchema,
  person: z.string().nullable(),
  /** The collector's version, for the console's about line. */
  version: z.string(),
});
export type Welcome = z.infer<typeof welcomeSchema>;

/** Everything the collector sends on `/watch`. */
export const watchServerMessageSchema = z.discriminatedUnion('type', [
  welcomeSchema,
  snapshotSchema,
  deltaSchema,
  clockSchema,
]);
export type WatchServerMessage = z.infer<typeof watchServerMessageSchema>;
