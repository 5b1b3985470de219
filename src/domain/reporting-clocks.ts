import type { ObligationKind, ReportingProfile, ReportingSettings } from '../protocol/index.js';
import { isSeriousLevel } from './incident-level.js';
import { HOUR_MS, MINUTE_MS } from './local-time.js';

/**
 * County → city within 2 h of receipt: 《生产安全事故报告和调查处理条例》 Art. 11 (R1) for accidents and
 * 《自然灾害情况统计调查制度》 Art. 6 (R3) for natural disasters (domain-rules.md §2.1, §2.2).
 */
export const STATUTORY_MINUTES = 120;

/** What the reporting clocks need to know about an incident; `level` 1 = 特别重大 … 4 = 一般. */
export type IncidentFacts = {
  code: string;
  category: 'natural' | 'accident' | 'public_health' | 'social';
  receivedAt: number;
  level: 1 | 2 | 3 | 4;
  isMajorRisk: boolean;
  isOpen: boolean;
};

/** Who a report is owed to, as in `ObligationFeed.target`. */
export type ReportTarget = 'city' | 'province' | 'ministry' | 'county_gov';

/** A reporting clock to store: a report of `kind` owed to `target` by `dueAt`, with a prompt at `warnAt`. */
export type PlannedObligation = {
  kind: ObligationKind;
  target: ReportTarget;
  level: number;
  dueAt: number;
  warnAt: number;
};

/** A reporting clock already stored for the incident. */
export type ExistingObligation = {
  id: number;
  kind: ObligationKind;
  level: number;
  state: 'open' | 'done' | 'superseded';
  dueAt: number;
  doneAt: number | null;
};

/** One "phone first, written after" deadline of a profile, in minutes from the moment the clock starts. */
export type ProfileClock = { kind: 'phone' | 'written'; minutes: number; target: ReportTarget };

/**
 * The "phone first, written after" clocks a profile sets for an incident (domain-rules.md §2.3, R2). The
 * profiles are policy, not law: no national text for 30/60 min was found, so `default` is the usual reading
 * and provinces override it.
 */
export function profileClocks(
  profile: ReportingProfile,
  level: number,
  isMajorRisk: boolean,
): readonly ProfileClock[] {
  if (profile === 'henan') {
    // 河南应急厅 notice [S][18]: 重大/特重 phone ≤15 + written ≤35 min; 较大 written ≤1 h; 一般 written ≤6 h. It
    // says 较大+ is also reported straight to the province (越级, 条例 Art. 10), so those go to the province.
    if (level <= 2) {
      return [
        { kind: 'phone', minutes: 15, target: 'province' },
        { kind: 'written', minutes: 35, target: 'province' },
      ];
    }
    // 较大涉险 is reportable like 较大 (SAWS Order 21), so it takes the 较大 clock.
    if (level === 3 || isMajorRisk) return [{ kind: 'written', minutes: 60, target: 'province' }];
    return [{ kind: 'written', minutes: 360, target: 'city' }];
  }
  // Default profile, R2: 较大 and above or 较大涉险 → phone ≤30, written ≤60 min to the next level up.
  if (isSeriousLevel(level) || isMajorRisk) {
    return [
      { kind: 'phone', minutes: 30, target: 'city' },
      { kind: 'written', minutes: 60, target: 'city' },
    ];
  }
  return [];
}

/**
 * The interval between follow-up reports (续报, R4): `followupHours`, halved for 重大 and above because SAWS
 * Order 21 practice asks ≥1 a day for 一般/较大/较大涉险 but ≥2 a day for 重大/特别重大 (§2.1 [S][14]).
 */
export function followupIntervalMs(level: number, settings: ReportingSettings): number {
  return (level <= 2 ? settings.followupHours / 2 : settings.followupHours) * HOUR_MS;
}

/**
 * The clocks that start when an incident is received: the statutory city report, the profile's phone and
 * written reports, and — while it is open — the first follow-up, all counted from `receivedAt`.
 */
export function planOnReport(facts: IncidentFacts, settings: ReportingSettings): PlannedObligation[] {
  const planned = initialReports(facts, facts.receivedAt, settings);
  if (facts.isOpen) planned.push(followup(facts.level, facts.receivedAt, settings));
  return planned;
}

/**
 * What a change of level, 较大涉险 or status does to the clocks. An upgrade (a numerically lower level, or
 * becoming 较大涉险) re-arms them (domain-rules.md §6: "an upgrade re-arms the clock"): a new statutory city
 * report and the new level's phone/written reports, counted from `now` (when the upgrade was received),
 * superseding the still-open ones of the lower level. A downgrade changes nothing: what was owed is still
 * owed. Closing supersedes open follow-ups only; a report on what happened is still due. Reopening starts
 * the follow-ups again.
 */
export function planOnChange(
  prev: { level: number; isMajorRisk: boolean; isOpen: boolean },
  next: IncidentFacts,
  existing: readonly ExistingObligation[],
  settings: ReportingSettings,
  now: number,
): { create: PlannedObligation[]; supersede: number[] } {
  const create: PlannedObligation[] = [];
  const supersede: number[] = [];
  const open = existing.filter((o) => o.state === 'open');
  const isUpgrade = next.level < prev.level || (next.isMajorRisk && !prev.isMajorRisk);

  if (isUpgrade) {
    // Obligations planned for a more serious level (left open by an earlier downgrade) stay: that report
    // is still owed as it was.
    const replaced = open.filter((o) => o.kind !== 'followup' && o.level >= next.level);
    for (const planned of initialReports(next, now, settings)) {
      create.push(neverLater(planned, replaced, now, settings));
    }
    supersede.push(...replaced.map((o) => o.id));
  }

  const openFollowups = open.filter((o) => o.kind === 'followup');
  if (!next.isOpen) {
    if (prev.isOpen) supersede.push(...openFollowups.map((o) => o.id));
  } else if (!prev.isOpen) {
    if (openFollowups.length === 0) create.push(followup(next.level, now, settings));
  } else if (isUpgrade) {
    // Reaching 重大 halves the interval: a follow-up due later than the new interval from now is pulled in.
    const due = now + followupIntervalMs(next.level, settings);
    const late = openFollowups.filter((o) => o.dueAt > due);
    if (late.length > 0) {
      supersede.push(...late.map((o) => o.id));
      create.push(followup(next.level, now, settings));
    }
  }
  return { create, supersede };
}

/**
 * The follow-up due after one was sent at `doneAt` (R4: the next one `followupHours` later, halved for 重大
 * and above); `undefined` once the incident is closed.
 */
export function planNextFollowup(
  facts: IncidentFacts,
  doneAt: number,
  settings: ReportingSettings,
): PlannedObligation | undefined {
  if (!facts.isOpen) return undefined;
  return followup(facts.level, doneAt, settings);
}

/** The statutory city report and the profile's phone/written reports, counted from `start`. */
function initialReports(
  facts: Pick<IncidentFacts, 'level' | 'isMajorRisk'>,
  start: number,
  settings: ReportingSettings,
): PlannedObligation[] {
  // Every category, not only accidents and natural disasters (R1, R3): the county desk passes every
  // emergency up to the city, and 武汉's plan (§2.3) gives even 一般 events 2 h. The further province and
  // ministry reports of R3 (≥10 dead+missing, sensitive) need facts this input does not carry.
  const planned = [
    obligation('statutory', 'city', facts.level, start, STATUTORY_MINUTES * MINUTE_MS, settings),
  ];
  for (const clock of profileClocks(settings.profile, facts.level, facts.isMajorRisk)) {
    planned.push(
      obligation(clock.kind, clock.target, facts.level, start, clock.minutes * MINUTE_MS, settings),
    );
  }
  return planned;
}

function followup(level: number, start: number, settings: ReportingSettings): PlannedObligation {
  return obligation('followup', 'city', level, start, followupIntervalMs(level, settings), settings);
}

/**
 * Keeps a re-armed clock from ending later than the open one of the same kind it supersedes: the upgrade
 * counts from `now`, but received at 11:50 for an accident received at 10:00, it must not push the 12:00
 * statutory report to 13:50 — Art. 11's 2 h still run from the first receipt. An upgrade only tightens.
 */
function neverLater(
  planned: PlannedObligation,
  replaced: readonly ExistingObligation[],
  start: number,
  settings: ReportingSettings,
): PlannedObligation {
  const earliest = Math.min(
    planned.dueAt,
    ...replaced.filter((o) => o.kind === planned.kind).map((o) => o.dueAt),
  );
  if (earliest === planned.dueAt) return planned;
  return { ...planned, dueAt: earliest, warnAt: warnAt(start, earliest, settings) };
}

function obligation(
  kind: ObligationKind,
  target: ReportTarget,
  level: number,
  start: number,
  durationMs: number,
  settings: ReportingSettings,
): PlannedObligation {
  const dueAt = start + durationMs;
  return { kind, target, level, dueAt, warnAt: warnAt(start, dueAt, settings) };
}

/**
 * `warnBeforeMinutes` before the deadline, but never before the clock started: a 15-minute phone clock
 * with a 20-minute warning prompts at once rather than at a moment already past. Never after `dueAt` either,
 * for a clock that is overdue the moment it is planned.
 */
function warnAt(start: number, dueAt: number, settings: ReportingSettings): number {
  return Math.min(dueAt, Math.max(start, dueAt - settings.warnBeforeMinutes * MINUTE_MS));
}
