import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Condition, InhibitSlot } from '../../../src/domain/rules/condition.js';
import { evaluateConditions, type RuleInput } from '../../../src/domain/rules/evaluate.js';
import { inhibitions } from '../../../src/domain/rules/inhibition.js';
import { reconcile, type TrackedAlert } from '../../../src/domain/rules/lifecycle.js';
import {
  type Casualties,
  type Config,
  type ConfigInput,
  configSchema,
  type IncidentFeed,
  type ReadingPoint,
} from '../../../src/protocol/index.js';
import { incident as incidentFeed } from '../../state/feed-fixtures.js';

/** One minute in ms. */
export const MIN = 60_000;

/** One hour in ms. */
export const HOUR = 60 * MIN;

/** A night in the main flood period (主汛期, 汛限 51.50 at 白鹭湖水库). */
export const NOW = Date.parse('2026-07-20T02:00+08:00');

const COUNTY_FILE = join(import.meta.dirname, '../../../fixtures/county/demo-county.json');

/** The demo county as written, for tests that tweak it before parsing. */
export function demoCountyInput(): ConfigInput {
  return JSON.parse(readFileSync(COUNTY_FILE, 'utf8'));
}

/** The demo county, parsed (defaults filled in: clearMargin 0.05 m, minHold 10 min, handover 30 min). */
export const DEMO: Config = configSchema.parse(demoCountyInput());

/** A rule input over the demo county with nothing in it; the collector started a day ago. */
export function ruleInput(over: Partial<RuleInput> = {}): RuleInput {
  return {
    config: DEMO,
    histories: new Map(),
    stock: [],
    incidents: [],
    sourcesLastSeen: new Map(),
    startedAt: NOW - 24 * HOUR,
    obligations: [],
    handover: null,
    capWarnings: [],
    openAlertKeys: new Set(),
    ...over,
  };
}

/** A level held steady for the hour before `now`, one reading every 5 min. */
export function steady(level: number, now = NOW): ReadingPoint[] {
  return Array.from({ length: 13 }, (_, i) => ({ at: now - (12 - i) * 5 * MIN, level }));
}

/** A level rising at `mPerH` for the hour before `now`, reaching `level` at `now`. */
export function rising(level: number, mPerH: number, now = NOW): ReadingPoint[] {
  return Array.from({ length: 13 }, (_, i) => {
    const minutesAgo = (12 - i) * 5;
    return { at: now - minutesAgo * MIN, level: level - (mPerH * minutesAgo) / 60 };
  });
}

/** The conditions of one class (or all), by key. */
export function byKey(conditions: readonly Condition[], cls?: string): Map<string, Condition> {
  return new Map(conditions.filter((c) => cls === undefined || c.class === cls).map((c) => [c.key, c]));
}

/** An open mine-flooding incident in T05 with nothing but the given figures, received 10 minutes before NOW. */
export function incident(
  code: string,
  casualties: Partial<Casualties> = {},
  over: Partial<IncidentFeed> = {},
): IncidentFeed {
  const feed = incidentFeed(code, {
    kind: 'production_safety',
    title: '某矿山透水事故',
    township: 'T05',
    occurredAt: NOW - 40 * MIN,
    receivedAt: NOW - 10 * MIN,
    updatedAt: NOW - 10 * MIN,
  });
  return { ...feed, casualties: { ...feed.casualties, ...casualties }, ...over };
}

/** An alert the simulated collector keeps open, with what inhibition and the lifecycle need. */
export type BookAlert = TrackedAlert & { id: number; autoClose: boolean; inhibit?: InhibitSlot | undefined };

/** A line of the simulated audit log. */
export type BookEvent = { at: number; key: string; kind: 'open' | 'clearing' | 'close' };

/**
 * A stand-in for the collector's alert bookkeeping: evaluate, reconcile every key, apply the transitions. It is
 * what the server does around the pure rules, minus storage and escalation.
 */
export function alertBook(minHoldMs = DEMO.alerts.minHoldMinutes * MIN) {
  const open = new Map<string, BookAlert>();
  const events: BookEvent[] = [];
  let nextId = 1;
  const tick = (input: Omit<RuleInput, 'openAlertKeys'>, now: number): Condition[] => {
    const conditions = evaluateConditions({ ...input, openAlertKeys: new Set(open.keys()) }, now);
    const current = byKey(conditions);
    for (const key of new Set([...open.keys(), ...current.keys()])) {
      const alert = open.get(key);
      const condition = current.get(key);
      const autoClose = alert?.autoClose ?? condition?.autoClose ?? true;
      const t = reconcile(alert, condition, now, { minHoldMs, autoClose, blockReopen: false });
      if (t.kind === 'open' && condition) {
        open.set(key, {
          id: nextId++,
          key,
          state: 'triggered',
          value: condition.value,
          ackValue: null,
          clearSince: null,
          hasNewData: false,
          autoClose: condition.autoClose,
          inhibit: condition.inhibit,
        });
        events.push({ at: now, key, kind: 'open' });
      } else if (t.kind === 'update' && alert) {
        Object.assign(alert, { value: t.value, hasNewData: t.hasNewData, clearSince: null });
      } else if (t.kind === 'clearing' && alert) {
        alert.clearSince = t.clearSince;
        events.push({ at: now, key, kind: 'clearing' });
      } else if (t.kind === 'close') {
        open.delete(key);
        events.push({ at: now, key, kind: 'close' });
      }
    }
    return conditions;
  };
  const inhibitedKeys = () => {
    const alerts = [...open.values()];
    const keyOf = new Map(alerts.map((a) => [a.id, a.key]));
    const result = new Map<string, string>();
    for (const [hidden, by] of inhibitions(alerts)) result.set(keyOf.get(hidden) ?? '', keyOf.get(by) ?? '');
    return result;
  };
  return { open, events, tick, inhibitedKeys };
}
