import type { Station } from '../protocol/index.js';
import {
  type FloodColour,
  isNearDesign,
  isOverFloodLimit,
  reservoirColour,
  riverColour,
} from './flood-colour.js';
import type { FloodLimit, Season } from './flood-limit.js';
import { HOUR_MS } from './local-time.js';
import { plausibilityOf } from './plausibility.js';
import { type LevelSample, rateOfRise } from './rate-of-rise.js';
import { reservoirCeiling } from './reservoir-ceiling.js';
import { type CharacteristicLine, characteristicLines, LEVEL_EPSILON } from './station-lines.js';

/** A one-word summary for display; `stale` and `no-data` are never shown as normal. */
export type StationCondition = 'normal' | 'watch' | 'warning' | 'danger' | 'stale' | 'no-data';

/** A characteristic line with the current level's signed distance from it (level − line, metres). */
export type StationLine = CharacteristicLine & { distance: number | undefined };

/** What a station's readings mean right now: level, freshness, trend, lines and colour. */
export type StationStatus = {
  code: string;
  kind: Station['kind'];
  level: number | undefined;
  observedAt: number | undefined;
  /** How old the latest reading is; a reading stamped slightly ahead (source clock skew) counts as 0. */
  ageMs: number | undefined;
  stale: boolean;
  /** Rate of rise in m/h over the station's window; undefined when it cannot be fitted. */
  rate: number | undefined;
  /** Today's 汛限 when it binds (a reservoir in flood season). */
  floodLimit: FloodLimit | undefined;
  lines: StationLine[];
  nextLine: StationLine | undefined;
  /** From `now` at the current rate; undefined when not rising, unknown, or stale. */
  timeToNextLineMs: number | undefined;
  floodColour: FloodColour;
  overFloodLimit: boolean;
  nearDesign: boolean;
  riseAlarm: boolean;
  condition: StationCondition;
  /**
   * The newest reading when it is suspect (beyond what the station can do, not yet confirmed): shown with its
   * value as 可疑 / suspect, while level, colour and rate come from the trusted readings (issue 15.1).
   */
  suspect: { level: number; at: number } | undefined;
};

/** A reading as the status reads it: suspect and faulty ones are flagged by the collector. */
export type StatusSample = LevelSample & { suspect?: boolean; sensorFault?: boolean };

/** Options shared by every station: the county's offset and flood season. */
export type StationStatusOptions = { utcOffset: string; floodSeason: Season };

/** Derives a station's status at `now` from its config and its readings (ascending by time, possibly empty). */
export function stationStatus(
  station: Station,
  readings: readonly StatusSample[],
  now: number,
  opts: StationStatusOptions,
): StationStatus {
  const newest = readings[readings.length - 1];
  const suspect = newest?.suspect ? { level: newest.level, at: newest.at } : undefined;
  // A suspect reading is shown beside the status, never as it: no colour, no rate, no line is judged on it.
  const history = readings.some((r) => r.suspect) ? readings.filter((r) => !r.suspect) : readings;
  // 汛限 binds only in flood season (防洪法 Art. 44); outside every period a reservoir may fill to 正常蓄水位.
  const ceiling = station.reservoir ? reservoirCeiling(station.reservoir, now, opts) : undefined;
  const floodLimit = ceiling?.kind === 'floodLimit' ? ceiling.floodLimit : undefined;
  const baseLines = characteristicLines(station, floodLimit?.level);
  const latest = history[history.length - 1];
  if (!latest) {
    return {
      ...blank(station, floodLimit),
      lines: baseLines.map((l) => ({ ...l, distance: undefined })),
      stale: true,
      condition: 'no-data',
      suspect,
    };
  }
  const level = latest.level;
  const ageMs = Math.max(0, now - latest.at);
  const stale = ageMs > station.staleAfterMinutes * 60_000;
  // Fit up to the newest reading even when its stamp is a little ahead of `now`, so skew does not hide it.
  const trusted = history.filter((r) => !r.sensorFault);
  const rate = rateOfRise(
    trusted,
    Math.max(now, latest.at),
    station.rateWindowMinutes,
    plausibilityOf(station).rateMinSpanMinutes,
  );
  const lines = baseLines.map((l) => ({ ...l, distance: level - l.level }));
  const nextLine = lines.find((l) => l.level > level + LEVEL_EPSILON);
  // Counted from now, not from the reading: the trend has been running for `ageMs` already. A stale reading is
  // not extrapolated, since the level may have crossed the line unseen.
  const timeToNextLineMs =
    nextLine && rate !== undefined && rate > 0 && !stale
      ? Math.max(0, ((nextLine.level - level) / rate) * HOUR_MS - ageMs)
      : undefined;
  const floodColour =
    station.reservoir && ceiling
      ? reservoirColour(station.reservoir, level, station.approachMargin, ceiling)
      : station.gauge
        ? riverColour(station.gauge, level, station.approachMargin)
        : 'none';
  const riseAlarm = rate !== undefined && station.riseAlarm !== undefined && rate > station.riseAlarm;
  return {
    ...blank(station, floodLimit),
    level,
    observedAt: latest.at,
    ageMs,
    stale,
    rate,
    lines,
    nextLine,
    timeToNextLineMs,
    floodColour,
    overFloodLimit: isOverFloodLimit(level, floodLimit?.level),
    nearDesign: station.reservoir ? isNearDesign(station.reservoir, level) : false,
    riseAlarm,
    condition: stale ? 'stale' : conditionOf(floodColour, riseAlarm),
    suspect,
  };
}

function blank(station: Station, floodLimit: FloodLimit | undefined): StationStatus {
  return {
    code: station.code,
    kind: station.kind,
    level: undefined,
    observedAt: undefined,
    ageMs: undefined,
    stale: false,
    rate: undefined,
    floodLimit,
    lines: [],
    nextLine: undefined,
    timeToNextLineMs: undefined,
    floodColour: 'none',
    overFloodLimit: false,
    nearDesign: false,
    riseAlarm: false,
    condition: 'normal',
    suspect: undefined,
  };
}

// A fast rise below every line still needs eyes on it, so it lifts 'normal' to 'watch' but no further.
export function conditionOf(
  colour: FloodColour,
  riseAlarm: boolean,
): Exclude<StationCondition, 'stale' | 'no-data'> {
  switch (colour) {
    case 'red':
    case 'orange':
      return 'danger';
    case 'yellow':
      return 'warning';
    case 'blue':
      return 'watch';
    case 'none':
      return riseAlarm ? 'watch' : 'normal';
  }
}
