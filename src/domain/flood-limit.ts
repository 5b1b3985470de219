import type { FloodLimitPeriod, ReservoirLevels } from '../protocol/index.js';
import { isWithinMonthDays, localMonthDay } from './local-time.js';

/** The flood-limit level (汛限水位) in force on one day, with the period that sets it. */
export type FloodLimit = { level: number; label: string | undefined; period: { from: string; to: string } };

/** A season as two `MM-DD` days, both inclusive; `to` before `from` wraps the year end. */
export type Season = { from: string; to: string };

/**
 * The flood limit that applies on the local calendar day containing `now`, or undefined when no period covers
 * that day. Periods are matched on the local day (the county's `utcOffset`), never the UTC day.
 */
export function floodLimitAt(
  levels: ReservoirLevels,
  now: number,
  utcOffset: string,
): FloodLimit | undefined {
  const today = localMonthDay(now, utcOffset);
  let found: FloodLimitPeriod | undefined;
  for (const period of levels.floodLimits) {
    if (!isWithinMonthDays(today, period.from, period.to)) continue;
    // Overlapping periods are a config slip; the lower limit is the stricter one, so it wins.
    if (!found || period.level < found.level) found = period;
  }
  if (!found) return undefined;
  return { level: found.level, label: found.label, period: { from: found.from, to: found.to } };
}

/** Whether the local calendar day containing `now` lies within `season`. */
export function isInSeason(season: Season, now: number, utcOffset: string): boolean {
  return isWithinMonthDays(localMonthDay(now, utcOffset), season.from, season.to);
}
