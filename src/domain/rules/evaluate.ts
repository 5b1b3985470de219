import type { Condition } from './condition.js';
import { RULE_GROUPS } from './rule-groups.js';
import type { RuleInput } from './rule-input.js';
import { staleConditions } from './stale-rules.js';
import { waterConditions } from './water-rules.js';

export type { RuleInput } from './rule-input.js';

/**
 * Every alert condition that holds at `now`, one per key. Pure: the same input and `now` give the same list, in
 * a fixed order (water, stale, sources, stock, incidents, reports, duty, CAP warnings, backups), so callers can diff runs.
 */
export function evaluateConditions(input: RuleInput, now: number): Condition[] {
  return RULE_GROUPS.flatMap(([, group]) => group(input, now));
}

/**
 * The conditions about the stations in `codes` alone: exactly those of {@link evaluateConditions} whose subject is
 * one of them (the station rules look at nothing but their own station's readings). After a commit of readings
 * the collector judges only the stations it touched, so a line crossing does not wait for every other rule.
 */
export function stationConditions(input: RuleInput, now: number, codes: ReadonlySet<string>): Condition[] {
  const stations = input.config.stations.filter((station) => codes.has(station.code));
  const scoped = { ...input, config: { ...input.config, stations } };
  return [...waterConditions(scoped, now), ...staleConditions(scoped, now)];
}
