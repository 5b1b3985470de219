// Over 250 lines on purpose: the alerts panel, the escalation prompt and their row share one reading of a ladder.
import { formatAge, formatDuration, NO_VALUE } from '../../domain/format.js';
import { RUNG_NAMES } from '../../domain/vocabulary.js';
import type { AlertFeed, AlertSeverity, RungTarget } from '../../protocol/index.js';
import type { WatchState } from '../watch-state.js';
import { formatClock, type NameStyle, nameOf, type SelectOptions, timeContext } from './context.js';
import { hasAlertedRole, myRoles, nextRungOf } from './rung-people.js';

/** One alert as the alerts panel and the escalation prompt show it; every time comes with its display text. */
export type AlertRow = {
  id: number;
  key: string;
  alertClass: string;
  severity: AlertSeverity;
  state: AlertFeed['state'];
  subject: AlertFeed['subject'];
  title: string;
  /** What to do, in the chosen language. */
  action: string;
  openedAt: number;
  /** Collector time since the alert opened. */
  ageText: string;
  /** The rung reached (1-based for people), its role and person; undefined for alerts that never escalate. */
  rung:
    | {
        step: number;
        loop: number;
        target: RungTarget;
        targetName: string;
        person: string | null;
        personName: string;
      }
    | undefined;
  /** e.g. `2 带班领导 刘建国`, or `--` when the alert climbs no ladder. */
  rungText: string;
  /** The phone of the person on the current rung, when the config has one. */
  currentPhone: string | undefined;
  /** The rung the ladder climbs to next (`2 带班领导 刘建国`), its person's phone, and when; undefined on the last rung. */
  next: { rungText: string; phone: string | undefined; at: number; clock: string } | undefined;
  /** Collector time left until the next rung (negative when the tick is late); null when none is due. */
  nextEscalationIn: number | null;
  nextEscalationAt: number | null;
  /** Countdown to the next rung (`4m`, `-10s` when the tick is late), `--` when none is due. */
  nextEscalationText: string;
  /** `HH:MM:SS` of the next rung in the county's time, `--` when none is due. */
  nextEscalationClock: string;
  ack:
    | {
        by: string;
        byName: string;
        at: number;
        atText: string;
        reason: string;
        recheckText: string;
        recheckInText: string;
      }
    | undefined;
  /** Set while a snooze is running. */
  snooze: { byName: string; untilText: string; leftText: string; reason: string } | undefined;
  isInhibited: boolean;
  /** Worse since it was acknowledged: the acknowledger should look again. */
  hasNewData: boolean;
  /** Triggered, not snoozed, not hidden by a worse alert: someone must act. */
  isActive: boolean;
  /** Active and on this console's rung (see {@link isAtMyRung}). */
  isAtMyRung: boolean;
  /**
   * Active and waiting for this console's person: its rung names them, or its ladder has alerted a duty role
   * they hold in this run (see {@link needsMe}). Derived from the alert as it stands, so every console of the
   * person — one started a minute ago or one running all night — shows the same prompts.
   */
  needsMe: boolean;
  /** An exercise (CAP Exercise/Test): its rung is named but nobody is to be called for real. */
  isDrill: boolean;
};

/** Said before the rung of a drill alert, wherever the rung is shown. */
const DRILL_MARK = { zh: '演练·', en: 'DRILL ' } as const;

/** The person and role this console acts as (from the collector's welcome). */
export type Me = NonNullable<WatchState['me']>;

const SEVERITY_RANK: Readonly<Record<AlertSeverity, number>> = { critical: 0, warning: 1, info: 2 };
const ABOVE_OFFICER: readonly RungTarget[] = ['leader', 'chief', 'government'];

/**
 * Whether an alert waits for this console: triggered, not inhibited, not snoozed at `at`, and its rung names
 * me — or, for a leader or admin, any such alert whose rung has reached the leader on duty or above.
 */
export function isAtMyRung(alert: AlertFeed, me: Me | undefined, at: number): boolean {
  if (!me || !isActive(alert, at) || !alert.rung) return false;
  if (me.person !== null && alert.rung.person === me.person) return true;
  return (me.role === 'leader' || me.role === 'admin') && ABOVE_OFFICER.includes(alert.rung.target);
}

/**
 * Whether an alert waits for this console's person: at their rung, or climbed past a duty role they hold without
 * anyone acknowledging it — they were alerted and still have to act. A leader's or admin's token without a person
 * sees what has reached the leader on duty or above (as {@link isAtMyRung}).
 */
export function needsMe(alert: AlertFeed, state: WatchState, at: number): boolean {
  if (isAtMyRung(alert, state.me, at)) return true;
  if (!isActive(alert, at) || !alert.rung) return false;
  return hasAlertedRole(state, alert, myRoles(state));
}

function isActive(alert: AlertFeed, at: number): boolean {
  return (
    alert.state === 'triggered' &&
    alert.inhibitedBy === null &&
    !(alert.snooze !== null && alert.snooze.until > at)
  );
}

/**
 * Every alert the feed holds, worst first: open before closed, then severity, then what needs a person
 * (active, then acknowledged, then snoozed or inhibited), then the longest waiting.
 */
export function selectAlertRows(state: WatchState, now: number, opts: SelectOptions): AlertRow[] {
  const { at, utcOffset } = timeContext(state, now);
  const personName = (id: string | null) => {
    if (id === null) return NO_VALUE;
    const person = state.people.get(id);
    return person ? nameOf(person, opts.names) : id;
  };
  const phone = (id: string | null | undefined) => (id ? state.people.get(id)?.phone : undefined);
  const lang = opts.names === 'zh' ? 'zh' : 'en';
  const rows = [...state.alerts.values()].map((alert) => {
    const row = alertRow(alert, state.me, at, utcOffset, opts.names, personName);
    const next = alert.state === 'triggered' ? nextRungOf(state, alert) : undefined;
    const roleName = (t: keyof typeof RUNG_NAMES) => RUNG_NAMES[t][lang];
    return {
      ...row,
      needsMe: needsMe(alert, state, at),
      currentPhone: phone(alert.rung?.person),
      next:
        next && alert.nextEscalationAt !== null
          ? {
              rungText: sayRung(next.step + 1, roleName(next.target), personName(next.person ?? null)),
              phone: phone(next.person),
              at: alert.nextEscalationAt,
              clock: formatClock(alert.nextEscalationAt, utcOffset),
            }
          : undefined,
    };
  });
  return rows.sort(compareAlertRows);
}

/** Alerts that wait for this console, in prompt order (see {@link comparePromptRows}). */
export function selectPromptAlerts(state: WatchState, now: number, opts: SelectOptions): AlertRow[] {
  return selectAlertRows(state, now, opts)
    .filter((row) => row.needsMe)
    .sort(comparePromptRows);
}

/**
 * The order in which waiting alerts are put in front of a person: critical first, then those on my rung now before
 * those that climbed past me unanswered, then the nearest escalation deadline — so a new critical alert is never
 * queued behind a pile of old warnings, and an unanswered critical one stays ahead of a fresh warning.
 */
export function comparePromptRows(a: AlertRow, b: AlertRow): number {
  const deadline = (r: AlertRow) => r.nextEscalationAt ?? Number.POSITIVE_INFINITY;
  return (
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    Number(b.isAtMyRung) - Number(a.isAtMyRung) ||
    deadline(a) - deadline(b) ||
    a.id - b.id
  );
}

/** How many alerts are triggered and not snoozed or inhibited: the header's count. */
export function countActiveAlerts(state: WatchState, now: number): number {
  const { at } = timeContext(state, now);
  let n = 0;
  for (const alert of state.alerts.values()) if (isActive(alert, at)) n += 1;
  return n;
}

/** Orders alert rows worst first (see {@link selectAlertRows}). */
export function compareAlertRows(a: AlertRow, b: AlertRow): number {
  return (
    Number(a.state === 'closed') - Number(b.state === 'closed') ||
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    needRank(a) - needRank(b) ||
    a.openedAt - b.openedAt ||
    a.id - b.id
  );
}

function needRank(row: AlertRow): number {
  if (row.isActive) return 0;
  if (row.state === 'acknowledged') return row.hasNewData ? 1 : 2;
  return 3;
}

// The government duty office is both the role and the "person": say it once.
function sayRung(step: number, roleName: string, personName: string): string {
  return personName === roleName || personName === NO_VALUE || roleName.includes(personName)
    ? `${step} ${roleName}`
    : `${step} ${roleName} ${personName}`;
}

function alertRow(
  alert: AlertFeed,
  me: Me | undefined,
  at: number,
  utcOffset: string,
  names: NameStyle,
  personName: (id: string | null) => string,
): AlertRow {
  const lang = names === 'zh' ? 'zh' : 'en';
  const rung = alert.rung
    ? {
        step: alert.step + 1,
        loop: alert.loop,
        target: alert.rung.target,
        targetName: RUNG_NAMES[alert.rung.target][lang],
        person: alert.rung.person,
        personName: personName(alert.rung.person),
      }
    : undefined;
  const isSnoozed = alert.snooze !== null && alert.snooze.until > at;
  const next = alert.state === 'closed' ? null : alert.nextEscalationAt;
  return {
    id: alert.id,
    key: alert.key,
    alertClass: alert.class,
    severity: alert.severity,
    state: alert.state,
    subject: alert.subject,
    title: alert.title[lang],
    action: alert.action[lang],
    openedAt: alert.openedAt,
    ageText: formatAge(at - alert.openedAt),
    rung,
    rungText: rung
      ? `${alert.drill ? DRILL_MARK[lang] : ''}${sayRung(rung.step, rung.targetName, rung.personName)}`
      : NO_VALUE,
    currentPhone: undefined,
    next: undefined,
    nextEscalationIn: next === null ? null : next - at,
    needsMe: false,
    nextEscalationAt: next,
    nextEscalationText: next === null ? NO_VALUE : formatDuration(next - at),
    nextEscalationClock: next === null ? NO_VALUE : formatClock(next, utcOffset),
    ack: alert.ack
      ? {
          by: alert.ack.by,
          byName: personName(alert.ack.by),
          at: alert.ack.at,
          atText: formatClock(alert.ack.at, utcOffset),
          reason: alert.ack.reason,
          recheckText: formatClock(alert.ack.recheckAt, utcOffset),
          recheckInText: formatDuration(alert.ack.recheckAt - at),
        }
      : undefined,
    snooze:
      alert.snooze && isSnoozed
        ? {
            byName: personName(alert.snooze.by),
            untilText: formatClock(alert.snooze.until, utcOffset),
            leftText: formatDuration(alert.snooze.until - at),
            reason: alert.snooze.reason,
          }
        : undefined,
    isInhibited: alert.inhibitedBy !== null,
    hasNewData: alert.hasNewData,
    isActive: isActive(alert, at),
    isAtMyRung: isAtMyRung(alert, me, at),
    isDrill: alert.drill === true,
  };
}
