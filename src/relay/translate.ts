// Over 250 lines on purpose: every rule by which a county feed change becomes a city ingest message (stable ids,
// one translator per kind, time order, snapshot as changes), so what the relay sends up is decided in one place.
import { exactTailStart } from '../domain/history-tail.js';
import { type IncidentLevel, incidentLevel } from '../domain/incident-level.js';
import {
  type AlertFeed,
  type FeedChange,
  type IncidentFeed,
  type IncidentReport,
  type IncidentUpdate,
  type Reading,
  type ReadingPoint,
  type SingleIngestMessage,
  type Snapshot,
  singleIngestMessageSchema,
} from '../protocol/index.js';
import { type AlertIssuer, alertCapMessages, isForwardedAlert } from './alert-cap.js';

/** What the relay can be told to forward (`--kinds`); each names the feed changes it takes. */
export type RelayKind = 'readings' | 'incidents' | 'alerts';
export const RELAY_KINDS: readonly RelayKind[] = ['readings', 'incidents', 'alerts'];
/**
 * What is forwarded unless `--kinds` says otherwise. Alerts are asked for by name: a city wants the county's
 * figures, but whether it also wants every alert of the county's desk (stale stations, low stock) is its call.
 */
export const DEFAULT_RELAY_KINDS: readonly RelayKind[] = ['readings', 'incidents'];

/** How far an incident has been forwarded: the feed state of its last forwarded report or update. */
export type IncidentMark = { code: string; updatedAt: number; updates: number };

/** One ingest message the relay derived from the county feed, as the spool keeps it. */
export type Derived = {
  /** The message id: derived from what the message is, so deriving it again gives the same id. */
  id: string;
  kind: RelayKind;
  /** The frame text, sent byte for byte on every attempt (PROTOCOL.md §2, rule 6). */
  body: string;
  /** The time the message is about (ms): delivered ids are remembered, and messages derived, this far back. */
  aboutAt: number;
  /** For an incident: what to remember as forwarded, in the same transaction as the message. */
  incident?: IncidentMark;
};

/** What a translation may look at besides the change itself. */
export type TranslateContext = {
  /** Stations whose readings are forwarded; undefined: all. */
  stations: ReadonlySet<string> | undefined;
  /** Incidents of this level or more serious (1 = most serious) are reported. */
  minLevel: IncidentLevel;
  /** Whether missing persons count with deaths toward the level (the county's reporting rule). */
  countMissingTowardLevel: boolean;
  /** Nothing about an earlier time than this is derived (ms): its delivery may already be forgotten. */
  horizon: number;
  /** How far an incident was forwarded so far; undefined when it was never reported. */
  forwarded(code: string): IncidentMark | undefined;
  /** The CAP `sender` (and `senderName`) the county's alerts go out under. */
  capIssuer: AlertIssuer;
};

type ChangeOf<K extends FeedChange['kind']> = Extract<FeedChange, { kind: K }>;

/** How one kind of feed change becomes ingest messages, and under which `--kinds` value. */
export type Translator<K extends FeedChange['kind']> = {
  relayKind: RelayKind;
  /** `kinds`: everything this relay forwards, for a translator whose choice depends on what else goes up. */
  translate(change: ChangeOf<K>, ctx: TranslateContext, kinds: ReadonlySet<RelayKind>): Derived[];
};

/**
 * The message as its exact frame text, in the form the collector normalises to (schema key order, defaults
 * filled in): so the same message hashes alike whether it is sent alone or inside a batch (PROTOCOL.md §3.6).
 * A message that fails the schema is kept as it is; the city refuses it and the relay dead-letters it.
 */
export function frameText(message: SingleIngestMessage): string {
  const parsed = singleIngestMessageSchema.safeParse(message);
  return JSON.stringify(parsed.success ? parsed.data : message);
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const iso = (ms: number) => new Date(ms).toISOString();

/** `rd:<station>:<observedAt>`: one observation of one station is one message, however often it is derived. */
export const readingId = (station: string, at: number) => `rd:${station}:${iso(at)}`;
/** `ir:<incident>`: an incident is reported once. */
export const reportId = (code: string) => `ir:${code}`;
/** `iu:<incident>:<update count>:<updatedAt>`: one state of an incident is one update. */
export const updateId = (mark: IncidentMark) => `iu:${mark.code}:${mark.updates}:${iso(mark.updatedAt)}`;

function translateReading(change: ChangeOf<'reading'>, ctx: TranslateContext): Derived[] {
  const { station, reading } = change;
  if (ctx.stations && !ctx.stations.has(station)) return [];
  if (reading.at < ctx.horizon) return [];
  const message: Reading = {
    type: 'reading',
    id: readingId(station, reading.at),
    station,
    observedAt: iso(reading.at),
    level: reading.level,
    ...(reading.rain === undefined ? {} : { rain: reading.rain }),
    ...(reading.sensorFault ? { sensorFault: true } : {}),
  };
  return [{ id: message.id, kind: 'readings', body: frameText(message), aboutAt: reading.at }];
}

/** The level (1 most serious … 4) an incident's current figures reach. */
export function levelOf(incident: IncidentFeed, countMissingTowardLevel: boolean): IncidentLevel {
  return incidentLevel(incident.casualties, incident.directLossYuan, { countMissingTowardLevel });
}

const isNewer = (a: IncidentMark, b: IncidentMark) =>
  a.updatedAt > b.updatedAt || (a.updatedAt === b.updatedAt && a.updates > b.updates);

// The first time an incident qualifies it is reported with its figures as they stand; every later state of it
// (more serious or less, closed or reopened) is an update with all the figures, which replace the city's.
function translateIncident(change: ChangeOf<'incident'>, ctx: TranslateContext): Derived[] {
  const incident = change.incident;
  const mark: IncidentMark = {
    code: incident.code,
    updatedAt: incident.updatedAt,
    updates: incident.updates,
  };
  const before = ctx.forwarded(incident.code);
  if (!before) {
    if (levelOf(incident, ctx.countMissingTowardLevel) > ctx.minLevel) return [];
    const message: IncidentReport = {
      type: 'incident.report',
      id: reportId(incident.code),
      incident: incident.code,
      category: incident.category,
      kind: incident.kind,
      title: incident.title,
      township: incident.township,
      ...(incident.village !== null ? { village: incident.village } : {}),
      ...(incident.location !== null ? { location: incident.location } : {}),
      occurredAt: iso(incident.occurredAt),
      casualties: incident.casualties,
      directLossYuan: incident.directLossYuan,
      status: incident.status,
    };
    return [incidentDerived(message, mark)];
  }
  if (!isNewer(mark, before)) return [];
  const message: IncidentUpdate = {
    type: 'incident.update',
    id: updateId(mark),
    incident: incident.code,
    at: iso(incident.updatedAt),
    casualties: incident.casualties,
    directLossYuan: incident.directLossYuan,
    status: incident.status,
  };
  return [incidentDerived(message, mark)];
}

/** A report or update as spooled, with the incident's new mark written in the same transaction. */
function incidentDerived(message: IncidentReport | IncidentUpdate, mark: IncidentMark): Derived {
  return {
    id: message.id,
    kind: 'incidents',
    body: frameText(message),
    aboutAt: mark.updatedAt,
    incident: mark,
  };
}

/**
 * Whether the city raises this alert itself, from figures this relay forwards: a station's alerts when its
 * readings go up, an incident's when incidents go up. Such an alert is not sent as CAP as well, or the city would
 * show each county condition twice, once as its own alert and once as the county's warning (issue 14, RELAY.md).
 */
export function isDerivedAtCity(
  subject: AlertFeed['subject'],
  ctx: Pick<TranslateContext, 'stations'>,
  kinds: ReadonlySet<RelayKind>,
): boolean {
  if (subject.kind === 'station') {
    return kinds.has('readings') && (!ctx.stations || ctx.stations.has(subject.code));
  }
  return subject.kind === 'incident' && kinds.has('incidents');
}

// An open alert goes up as a CAP Alert, a closed one as the Cancel of it (src/relay/alert-cap.ts).
function translateAlert(
  change: ChangeOf<'alert'>,
  ctx: TranslateContext,
  kinds: ReadonlySet<RelayKind>,
): Derived[] {
  const { alert } = change;
  if (!isForwardedAlert(alert) || isDerivedAtCity(alert.subject, ctx, kinds)) return [];
  const aboutAt = alert.state === 'closed' ? (alert.closedAt ?? alert.updatedAt) : alert.openedAt;
  if (aboutAt < ctx.horizon) return [];
  return alertCapMessages(alert, ctx.capIssuer).map((message) => ({
    id: message.id,
    kind: 'alerts',
    body: JSON.stringify(message),
    aboutAt,
  }));
}

/**
 * One entry per feed-change kind that is forwarded. To forward another kind, add its translator here and its
 * name to {@link RelayKind}; the rest of the relay (spool, ordering, retries) is the same for every kind.
 */
export const TRANSLATORS: { readonly [K in FeedChange['kind']]?: Translator<K> } = {
  reading: { relayKind: 'readings', translate: translateReading },
  incident: { relayKind: 'incidents', translate: translateIncident },
  alert: { relayKind: 'alerts', translate: translateAlert },
};

/** The messages one feed change yields, if its kind is among those forwarded. */
export function translateChange(
  change: FeedChange,
  kinds: ReadonlySet<RelayKind>,
  ctx: TranslateContext,
): Derived[] {
  // The table is keyed by kind, so the entry found takes exactly this change's type.
  const translator = TRANSLATORS[change.kind] as Translator<FeedChange['kind']> | undefined;
  if (!translator || !kinds.has(translator.relayKind)) return [];
  return translator.translate(change, ctx, kinds);
}

/**
 * A delta's changes with its readings in time order (oldest first, then by station), each other change where it
 * was. The county's feed sends one commit's readings grouped by station (it judges a station's readings together),
 * so forwarding them as they come would store them at the city out of the order they were observed in.
 */
export function inTimeOrder(changes: readonly FeedChange[]): FeedChange[] {
  const slots: number[] = [];
  const readings: ChangeOf<'reading'>[] = [];
  changes.forEach((change, i) => {
    if (change.kind !== 'reading') return;
    slots.push(i);
    readings.push(change);
  });
  if (readings.length < 2) return [...changes];
  readings.sort(byObservation);
  const out = [...changes];
  slots.forEach((slot, i) => {
    out[slot] = readings[i] as FeedChange;
  });
  return out;
}

const byObservation = (a: ChangeOf<'reading'>, b: ChangeOf<'reading'>) =>
  a.reading.at - b.reading.at || compareText(a.station, b.station);

/**
 * The readings of a snapshot station that were observed as they are. A thinned history (issue 19.6) holds span
 * points whose rain is a sum, never sent by the station: only its oldest reading and its exact newest part —
 * within max(rateWindowMinutes, 60 min) of the newest trusted reading — are forwarded.
 */
function realReadings(station: Snapshot['stations'][number]): readonly ReadingPoint[] {
  const { history } = station;
  if (!station.historyThinned) return history;
  const oldest = history[0];
  const cut = exactTailStart(history, station.rateWindowMinutes);
  if (!oldest || cut === undefined) return history;
  // As the collector thins: every reading stamped at the oldest instant is kept whole, then the exact part.
  return history.filter((p) => p.at === oldest.at || p.at >= cut);
}

/**
 * A snapshot as the changes it stands for, so a first connection or a resync derives the same messages (and
 * ids) as the deltas did: the readings it holds, oldest first, then incidents and alerts as they stand.
 */
export function snapshotChanges(snapshot: Snapshot): FeedChange[] {
  const readings: ChangeOf<'reading'>[] = snapshot.stations.flatMap((station) =>
    realReadings(station).map((reading) => ({ kind: 'reading' as const, station: station.code, reading })),
  );
  readings.sort(byObservation);
  return [
    ...readings,
    ...snapshot.incidents.map((incident) => ({ kind: 'incident' as const, incident })),
    ...snapshot.alerts.map((alert) => ({ kind: 'alert' as const, alert })),
  ];
}
