// Over 250 lines on purpose: the ConsoleView type and the one function that builds it from the watch state at one
// instant (header, shift, duty, log, panel rows), so a field added to the view is seen beside its builder. The row
// filter at the end (panelRows … filterView) could be a module of its own.
import { formatAge, NO_VALUE } from '../domain/format.js';
import { shiftStartOf } from '../domain/shift-window.js';
import type { AuditEntry } from '../protocol/index.js';
import { serverNow } from '../state/clock.js';
import { shiftActions } from '../state/handover/actions-section.js';
import { type AlertRow, countActiveAlerts, type Me, selectAlertRows } from '../state/selectors/alerts.js';
import { selectAlertNotifications } from '../state/selectors/callout.js';
import { formatClock, type NameStyle, nameOf, utcOffsetOf } from '../state/selectors/context.js';
import { type ForcesView, selectForces, selectForcesSent } from '../state/selectors/forces.js';
import { QUIET_AFTER_MS } from '../state/selectors/header.js';
import { type IncidentRow, selectIncidentRows } from '../state/selectors/incidents.js';
import { logTextSayer } from '../state/selectors/log-text.js';
import { type ObligationRow, selectOpenObligations } from '../state/selectors/obligations.js';
import { type StationRow, selectStationRows } from '../state/selectors/stations.js';
import { type StockRow, selectStockRows } from '../state/selectors/stock.js';
import { selectStockSent } from '../state/selectors/stock-sent.js';
import { compareStationRows } from '../state/selectors/wall-summary.js';
import type { PanelId } from '../state/ui-state.js';
import type { ConnectionStatus, WatchState } from '../state/watch-state.js';
import type { Lang, Strings } from './strings.js';
import { truncate } from './text-width.js';

/** The header line's content. */
export type HeaderModel = {
  county: string;
  time: string;
  officer: string;
  leader: string;
  /** Who this console acts as, with the role in the console's language: `王磊（值班员）`. */
  me: string;
  /**
   * The link: its state and how long it has been in it, how long since the collector was last heard (its
   * heartbeat), and since when it has been down (county time) while it is.
   */
  connection: {
    status: ConnectionStatus;
    text: string;
    age: string;
    isDown: boolean;
    heardAge: string;
    downSince: string | undefined;
  };
  triggered: number;
  /** How long since the data last changed (a quiet county is not a dead link: that is `heardAge`). */
  dataAge: string;
  handover: string | undefined;
};

/** An incident with its most pressing reporting deadline. */
export type IncidentLine = IncidentRow & { next: ObligationRow | undefined; displayTitle: string };

/** One audit entry as the log panel shows it, newest first. */
export type LogRow = {
  id: number;
  at: number;
  time: string;
  actor: string;
  action: string;
  /** What it is about: `#12 汝河大桥 超警戒`, an incident's code and title, or empty for the watch itself. */
  subject: string;
  /** Said in the console's language, with names and the county's clock. */
  text: string;
  alert: number | null;
  incident: string | null;
};

/** Everything the panels show, derived from the watch state at one instant. */
export type ConsoleView = {
  header: HeaderModel;
  alerts: AlertRow[];
  stations: StationRow[];
  stock: StockRow[];
  incidents: IncidentLine[];
  obligations: ObligationRow[];
  log: LogRow[];
  /** Who holds the watch, since when, and any handover waiting, by name and on the county's clock. */
  duty: {
    officer: string;
    since: string;
    sinceAt: number;
    handover: { from: string; to: string; since: string } | undefined;
  };
  /** Set when the data is not live: since when it has been frozen, and how long ago that was. */
  stale: { since: string; age: string } | undefined;
  me: Me | undefined;
  /**
   * 叫应: who each alert's messages reached, how, when, delivered or not, answered or not (by alert id); the first
   * line is the heading, none when nothing was sent.
   */
  notifications?: (alert: number) => string[];
  /**
   * The watch being handed over, from the collector's whole-shift entries: every note, and what people did
   * (acknowledged, snoozed, called, asked to escalate) and how far each alert climbed.
   */
  shift: {
    since: string;
    notes: { time: string; actor: string; subject: string; text: string }[];
    actions: { time: string; actor: string; action: string; subject: string; text: string }[];
    climbs: { subject: string; count: number; last: string }[];
  };
  /** Rescue teams by township and by team (the forces page, key f). */
  forces: ForcesView;
  /** The teams sent to each incident, as lines for its details. */
  forcesSent: { label: string; byIncident: ReadonlyMap<string, string[]> };
  /** The stock issued for each incident, a line per team it went with, for its details. */
  stockSent?: { label: string; byIncident: ReadonlyMap<string, string[]> };
};

/** How the view is worded: the language, which names, and whether only ASCII can be drawn. */
export type ViewOptions = { lang: Lang; names: NameStyle; isAscii: boolean; showSeconds: boolean };

/** Builds every panel's rows at local time `now` (ages use the collector's clock via the selectors). */
export function buildView(state: WatchState, now: number, opts: ViewOptions, s: Strings): ConsoleView {
  const sel = { names: opts.names };
  const obligations = selectOpenObligations(state, now, sel);
  const nextByIncident = new Map<string, ObligationRow>();
  for (const o of obligations) if (!nextByIncident.has(o.incident)) nextByIncident.set(o.incident, o);
  const incidents = selectIncidentRows(state, now, sel).map((row) => ({
    ...row,
    next: nextByIncident.get(row.code),
    // The title is free text from the township (Chinese); the Linux console gets the kind and code instead.
    displayTitle: opts.isAscii && /[^\x20-\x7e]/.test(row.title) ? `${row.kind} ${row.code}` : row.title,
  }));
  // Incidents with a deadline running come first, overdue before due, then the selector's order.
  incidents.sort((a, b) => deadlineRank(a) - deadlineRank(b) || (a.next?.dueAt ?? 0) - (b.next?.dueAt ?? 0));
  return {
    header: buildHeader(state, now, opts, s),
    alerts: selectAlertRows(state, now, sel),
    stations: selectStationRows(state, now, sel).sort(compareStationRows),
    stock: selectStockRows(state, now, sel),
    incidents,
    obligations,
    log: buildLog(state, opts, s),
    duty: dutyModel(state, opts.names),
    stale: staleness(state, now),
    me: state.me,
    notifications: (alert) => {
      const lines = selectAlertNotifications(state, alert, opts.lang, (ms) =>
        formatClock(ms, utcOffsetOf(state)),
      );
      return lines.length === 0 ? [] : [opts.lang === 'zh' ? '通知与叫应' : 'Notified', ...lines];
    },
    shift: shiftModel(state, opts, s),
    forces: selectForces(state, now, opts.names),
    forcesSent: {
      label: opts.lang === 'zh' ? '救援队伍' : 'Teams sent',
      byIncident: selectForcesSent(state, opts.names, opts.lang),
    },
    stockSent: {
      label: opts.lang === 'zh' ? '调拨物资' : 'Stock sent',
      byIncident: selectStockSent(state, opts.names, opts.lang),
    },
  };
}

function shiftModel(state: WatchState, opts: ViewOptions, s: Strings): ConsoleView['shift'] {
  const offset = utcOffsetOf(state);
  const since = state.duty ? shiftStartOf(state.duty) : Number.NEGATIVE_INFINITY;
  const say = logTextSayer(state, opts.names);
  const subject = subjectNamer(state, opts);
  const actor = (id: string) => {
    const p = state.people.get(id);
    return p ? nameOf(p, opts.names) : id === 'system' ? s.system : id;
  };
  const notes = (state.shiftLog ?? state.log)
    .filter((e) => e.action === 'note' && e.at >= since)
    .map((e) => ({
      time: formatClock(e.at, offset),
      actor: actor(e.actor),
      subject: subject(e),
      text: say(e),
    }));
  const { people, climbs } = shiftActions(state, since, opts.names);
  return {
    since: Number.isFinite(since) ? formatClock(since, offset) : NO_VALUE,
    notes,
    actions: people.map((p) => ({
      time: formatClock(p.at, offset),
      actor: actor(p.actor),
      action: p.action,
      subject: p.alert === null ? '' : subject({ alert: p.alert, incident: null }),
      text: p.text,
    })),
    climbs: climbs.map((c) => ({
      subject: subject({ alert: c.alert, incident: null }),
      count: c.count,
      last: c.last,
    })),
  };
}

// `#12 汝河大桥 超保…` for an alert, `INC-1 城关镇…` for an incident, empty for the watch itself.
function subjectNamer(state: WatchState, opts: ViewOptions) {
  const lang = opts.names === 'zh' ? 'zh' : 'en';
  return (e: Pick<AuditEntry, 'alert' | 'incident'>): string => {
    if (e.alert !== null) {
      const alert = state.alerts.get(e.alert);
      return alert ? `#${e.alert} ${truncate(alert.title[lang], SUBJECT_WIDTH)}` : `#${e.alert}`;
    }
    if (e.incident !== null) {
      const incident = state.incidents.get(e.incident);
      return incident ? `${e.incident} ${truncate(incident.title, SUBJECT_WIDTH)}` : e.incident;
    }
    return '';
  };
}

function dutyModel(state: WatchState, names: NameStyle): ConsoleView['duty'] {
  const offset = utcOffsetOf(state);
  const person = (id: string) => {
    const p = state.people.get(id);
    return p ? nameOf(p, names) : id;
  };
  const duty = state.duty;
  if (!duty) return { officer: NO_VALUE, since: NO_VALUE, sinceAt: 0, handover: undefined };
  return {
    officer: person(duty.officer),
    since: formatClock(duty.since, offset),
    sinceAt: duty.since,
    handover: duty.handover
      ? {
          from: person(duty.handover.from),
          to: person(duty.handover.to),
          since: formatClock(duty.handover.since, offset),
        }
      : undefined,
  };
}

function deadlineRank(line: IncidentLine): number {
  if (!line.next) return 2;
  return line.next.isOverdue ? 0 : 1;
}

/**
 * The header at local `now`; built on every clock tick, unlike the panels. Its ages use `ageNow` (the panels'
 * coarser step), so over SSH only the clock's line changes every second.
 */
export function buildHeader(
  state: WatchState,
  now: number,
  opts: ViewOptions,
  s: Strings,
  ageNow = now,
): HeaderModel {
  const offset = utcOffsetOf(state);
  const at = serverNow(state, now);
  const person = (id: string | undefined | null) => {
    if (!id) return NO_VALUE;
    const p = state.people.get(id);
    return p ? nameOf(p, opts.names) : id;
  };
  const conn = state.connection;
  const since = 'since' in conn ? formatClock(serverNow(state, conn.since), offset) : '';
  const text =
    conn.status === 'reconnecting' || conn.status === 'offline'
      ? `${s.connection[conn.status](since)}${conn.problem === 'snapshot_too_large' ? ` · ${s.snapshotTooLarge}` : ''}`
      : conn.status === 'refused'
        ? s.connection.refused(conn.reason)
        : s.connection[conn.status];
  const duty = state.duty;
  const me = state.me;
  const time = formatClock(at, offset);
  const isDown = conn.status === 'reconnecting' || conn.status === 'offline' || conn.status === 'refused';
  return {
    county: state.county ? nameOf(state.county, opts.names) : NO_VALUE,
    // A drill's clock is not the real time: the header says so before the time (issue 15.7).
    time: `${state.clock?.isSimulated ? `${s.simulatedClock} ` : ''}${opts.showSeconds ? time : time.slice(0, 5)}`,
    officer: person(duty?.officer),
    leader: person(duty?.leader),
    me: me ? s.meAs(me.person ? person(me.person) : me.token, s.roles[me.role]) : NO_VALUE,
    connection: {
      status: conn.status,
      text,
      age: 'since' in conn ? formatAge(ageNow - conn.since) : '',
      isDown,
      heardAge: formatAge(state.lastHeardAt === undefined ? undefined : ageNow - state.lastHeardAt),
      downSince: isDown ? since : undefined,
    },
    triggered: countActiveAlerts(state, now),
    dataAge: formatAge(state.lastChangeAt === undefined ? undefined : ageNow - state.lastChangeAt),
    handover: duty?.handover
      ? s.handoverPending(person(duty.handover.from), person(duty.handover.to))
      : undefined,
  };
}

/**
 * Since when the data has been frozen: from the first drop of an outage, or from the last message when a
 * live link has gone quiet. Undefined while live and fresh, and before any data arrived.
 */
export function staleness(state: WatchState, now: number): { since: string; age: string } | undefined {
  if (state.seq === undefined) return undefined;
  const conn = state.connection;
  const isDown = conn.status === 'reconnecting' || conn.status === 'offline' || conn.status === 'refused';
  const quietSince = state.lastHeardAt;
  let from: number | undefined;
  if (isDown) from = conn.since;
  else if (quietSince !== undefined && now - quietSince > QUIET_AFTER_MS) from = quietSince;
  if (from === undefined) return undefined;
  return { since: formatClock(serverNow(state, from), utcOffsetOf(state)), age: formatAge(now - from) };
}

function buildLog(state: WatchState, opts: ViewOptions, s: Strings): LogRow[] {
  const offset = utcOffsetOf(state);
  const say = logTextSayer(state, opts.names);
  const subjectOf = subjectNamer(state, opts);
  const rows: LogRow[] = [];
  for (let i = state.log.length - 1; i >= 0; i -= 1) {
    const e = state.log[i];
    if (!e) continue;
    const person = state.people.get(e.actor);
    rows.push({
      id: e.id,
      at: e.at,
      time: formatClock(e.at, offset),
      actor: person ? nameOf(person, opts.names) : e.actor === 'system' ? s.system : e.actor,
      action: e.action,
      subject: subjectOf(e),
      text: say(e),
      alert: e.alert,
      incident: e.incident,
    });
  }
  return rows;
}

/** How much of an alert's title a log row repeats: enough to recognise it. */
const SUBJECT_WIDTH = 16;

/**
 * When the alert was triggered again after an acknowledgement or a snooze ran out (county time), if it is
 * triggered now because of that: the prompt must not look like the earlier, handled one.
 */
export function retriggeredAt(state: WatchState, alert: number, opts: ViewOptions): string | undefined {
  const feed = state.alerts.get(alert);
  if (feed?.state !== 'triggered') return undefined;
  for (let i = state.log.length - 1; i >= 0; i -= 1) {
    const e = state.log[i];
    if (!e || e.alert !== alert) continue;
    if (e.action === 'auto_un_ack' || e.action === 'snooze_expired') {
      const text = formatClock(e.at, utcOffsetOf(state));
      return opts.showSeconds ? text : text.slice(0, 5);
    }
    if (e.action === 'acknowledged' || e.action === 'snoozed' || e.action === 'created') return undefined;
  }
  return undefined;
}

/** Every row of a panel as keys and the words a filter matches against. */
export function panelRows(view: ConsoleView, panel: PanelId): { key: string; search: string }[] {
  switch (panel) {
    case 'alerts':
      return view.alerts.map((a) => ({
        key: String(a.id),
        search: `#${a.id} ${a.title} ${a.key} ${a.rungText}`,
      }));
    case 'incidents':
      return view.incidents.map((i) => ({
        key: i.code,
        search: `${i.code} ${i.title} ${i.townshipName} ${i.kind} ${i.levelName}`,
      }));
    case 'water':
      return view.stations.map((r) => ({ key: r.code, search: `${r.code} ${r.name} ${r.townshipName}` }));
    case 'stock':
      return view.stock.map((r) => ({
        key: `${r.warehouse}/${r.item}`,
        search: `${r.warehouseName} ${r.itemName} ${r.warehouse} ${r.item}`,
      }));
    case 'log':
      return view.log.map((r) => ({
        key: String(r.id),
        search: `${r.actor} ${r.action} ${r.subject} ${r.text}`,
      }));
  }
}

/** Whether a row matches the filter: every space-separated word appears, ignoring case. */
export function matchesFilter(search: string, filter: string): boolean {
  if (filter === '') return true;
  const haystack = search.toLowerCase();
  return filter
    .toLowerCase()
    .split(/\s+/)
    .every((word) => haystack.includes(word));
}

/** The keys of a panel's rows that pass the filter, in display order. */
export function visibleKeys(view: ConsoleView, panel: PanelId, filter: string): string[] {
  return panelRows(view, panel)
    .filter((r) => matchesFilter(r.search, filter))
    .map((r) => r.key);
}

/** The view with every panel narrowed to the rows that match `filter` (the same view when there is none). */
export function filterView(view: ConsoleView, filter: string): ConsoleView {
  if (filter === '') return view;
  const keep = (panel: PanelId) => new Set(visibleKeys(view, panel, filter));
  const alerts = keep('alerts');
  const incidents = keep('incidents');
  const water = keep('water');
  const stock = keep('stock');
  const log = keep('log');
  return {
    ...view,
    alerts: view.alerts.filter((r) => alerts.has(String(r.id))),
    incidents: view.incidents.filter((r) => incidents.has(r.code)),
    stations: view.stations.filter((r) => water.has(r.code)),
    stock: view.stock.filter((r) => stock.has(`${r.warehouse}/${r.item}`)),
    log: view.log.filter((r) => log.has(String(r.id))),
  };
}
