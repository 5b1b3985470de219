import type { FloodColour } from '../../domain/flood-colour.js';
import { formatAge, formatDuration, formatLevel, formatRate, NO_VALUE } from '../../domain/format.js';
import type { LineKey } from '../../domain/station-lines.js';
import {
  conditionOf,
  type StationCondition,
  type StationStatusOptions,
  stationStatus,
} from '../../domain/station-status.js';
import type { CountyFeed, StationFeed } from '../../protocol/index.js';
import type { WatchState } from '../watch-state.js';
import { type NameStyle, nameOf, type SelectOptions, timeContext } from './context.js';

/** One station as a table row or a wall tile shows it; every number comes with its display text. */
export type StationRow = {
  code: string;
  name: string;
  kind: StationFeed['kind'];
  townshipName: string;
  level: number | undefined;
  levelText: string;
  rate: number | undefined;
  rateText: string;
  floodColour: FloodColour;
  condition: StationCondition;
  /** The next characteristic line above the level, with the signed distance (level − line, metres). */
  nextLine:
    | { key: LineKey; label: string; level: number; distance: number; distanceText: string }
    | undefined;
  timeToNextLineMs: number | undefined;
  timeToNextLineText: string;
  /** Today's 汛限 when it binds (a reservoir in flood season). */
  floodLimit: { level: number; label: string | undefined } | undefined;
  overFloodLimit: boolean;
  nearDesign: boolean;
  riseAlarm: boolean;
  /** Collector time since the latest reading. */
  ageMs: number | undefined;
  ageText: string;
  /** No reading within the station's stale interval (or none at all): never to be shown as normal. */
  stale: boolean;
  /**
   * What the latest reading said, stale or not: a stale station keeps its last known danger on every screen
   * ("过期 · 最后 超警戒"), never a bare colour word and never a grey that hides it. Undefined with no reading.
   */
  lastCondition: Exclude<StationCondition, 'stale' | 'no-data'> | undefined;
  /** When the latest reading was observed (collector time), for "last reading at 03:10". */
  observedAt: number | undefined;
  /** The latest reading came with the sensor's fault bit set. */
  sensorFault: boolean;
  /** The newest reading, held as suspect (可疑) until the next one confirms it; level and colour ignore it. */
  suspect: { level: number; levelText: string; at: number } | undefined;
  /** Levels of the history, oldest first, for a sparkline or a chart. */
  sparkline: number[];
  /** The snapshot sent the older readings as a few sampled points (`historyThinned`): a chart of them is coarse. */
  isHistoryThinned: boolean;
};

/** Every station in config order, measured by the domain rules at the collector's time for local `now`. */
export function selectStationRows(state: WatchState, now: number, opts: SelectOptions): StationRow[] {
  const county = state.county;
  // Stations and the county arrive in the same snapshot; before it there is nothing to show.
  if (!county) return [];
  const { at, utcOffset } = timeContext(state, now);
  const ctx = { at, county, names: opts.names, statusOpts: { utcOffset, floodSeason: county.floodSeason } };
  return [...state.stations.values()].map((station) => stationRow(station, ctx));
}

type RowContext = {
  at: number;
  county: CountyFeed;
  names: NameStyle;
  statusOpts: StationStatusOptions;
};

function stationRow(station: StationFeed, ctx: RowContext): StationRow {
  const { names } = ctx;
  const status = stationStatus(station, station.history, ctx.at, ctx.statusOpts);
  const township = ctx.county.townships.find((t) => t.code === station.township);
  const next = status.nextLine;
  return {
    code: station.code,
    name: nameOf(station, names),
    kind: station.kind,
    townshipName: township ? nameOf(township, names) : station.township,
    level: status.level,
    levelText: formatLevel(status.level),
    rate: status.rate,
    rateText: formatRate(status.rate),
    floodColour: status.floodColour,
    condition: status.condition,
    nextLine:
      next && next.distance !== undefined
        ? {
            key: next.key,
            label: names === 'zh' ? next.label.zh : next.label.en,
            level: next.level,
            distance: next.distance,
            distanceText: formatLevel(next.distance),
          }
        : undefined,
    timeToNextLineMs: status.timeToNextLineMs,
    timeToNextLineText:
      status.timeToNextLineMs === undefined ? NO_VALUE : formatDuration(status.timeToNextLineMs),
    floodLimit: status.floodLimit
      ? { level: status.floodLimit.level, label: status.floodLimit.label }
      : undefined,
    overFloodLimit: status.overFloodLimit,
    nearDesign: status.nearDesign,
    riseAlarm: status.riseAlarm,
    ageMs: status.ageMs,
    ageText: formatAge(status.ageMs),
    stale: status.stale,
    lastCondition: status.level === undefined ? undefined : conditionOf(status.floodColour, status.riseAlarm),
    observedAt: status.observedAt,
    sensorFault: station.history[station.history.length - 1]?.sensorFault === true,
    suspect: status.suspect ? { ...status.suspect, levelText: formatLevel(status.suspect.level) } : undefined,
    sparkline: station.history.map((p) => p.level),
    isHistoryThinned: station.historyThinned === true,
  };
}
