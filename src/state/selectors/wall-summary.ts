import { FLOOD_COLOURS, type FloodColour } from '../../domain/flood-colour.js';
import { isSeriousLevel } from '../../domain/incident-level.js';
import type { StationCondition } from '../../domain/station-status.js';
import type { WatchState } from '../watch-state.js';
import type { SelectOptions } from './context.js';
import { type HeaderView, selectHeader } from './header.js';
import { type IncidentRow, type IncidentSelectOptions, selectIncidentRows } from './incidents.js';
import { type StationRow, selectStationRows } from './stations.js';
import { selectStockRows } from './stock.js';

/** A reservoir against today's 汛限: the first thing the leader on duty asks about. */
export type ReservoirSummary = {
  row: StationRow;
  /** Level − 汛限 in metres (positive: above the limit); undefined out of season or with no reading. */
  overLimitBy: number | undefined;
};

/** The worst of everything, for the wall display's big numbers and for a one-line status. */
export type WallSummary = {
  header: HeaderView;
  /** Reservoirs, worst first. */
  reservoirs: ReservoirSummary[];
  /** The station most in need of eyes, or undefined when there are none. */
  worstStation: StationRow | undefined;
  worstColour: FloodColour;
  /** Stations at 警戒/汛限 or worse (condition warning or danger). */
  stationsInWarning: number;
  /** Stations with no fresh reading: unknown, so counted apart from the normal ones. */
  staleStations: number;
  openIncidents: number;
  /** Open incidents at 较大 (III) or worse. */
  seriousIncidents: number;
  worstIncident: IncidentRow | undefined;
  /** Stock lines below their minimum, and how many of those are critical. */
  shortfalls: number;
  criticalShortfalls: number;
};

// Stale sits between warning and watch: an unknown level may be anything, but a known warning is worse.
const CONDITION_RANK: Readonly<Record<StationCondition, number>> = {
  danger: 0,
  warning: 1,
  stale: 2,
  'no-data': 3,
  watch: 4,
  normal: 5,
};

/**
 * How bad a station is for ordering: a stale one ranks by what it last showed, just after a live one in the same
 * state (a danger nobody can see any more is still a danger), and never better than "unknown".
 */
function rankOf(row: StationRow): number {
  if (row.condition !== 'stale' || row.lastCondition === undefined) return CONDITION_RANK[row.condition];
  return Math.min(CONDITION_RANK.stale, CONDITION_RANK[row.lastCondition] + 0.5);
}

/** Orders station rows worst first: condition (stale by its last known one), flood colour, the faster rise. */
export function compareStationRows(a: StationRow, b: StationRow): number {
  return (
    rankOf(a) - rankOf(b) ||
    FLOOD_COLOURS.indexOf(b.floodColour) - FLOOD_COLOURS.indexOf(a.floodColour) ||
    (b.rate ?? Number.NEGATIVE_INFINITY) - (a.rate ?? Number.NEGATIVE_INFINITY) ||
    a.code.localeCompare(b.code)
  );
}

/** The summary of the worst state at local time `now`. */
export function selectWallSummary(
  state: WatchState,
  now: number,
  opts: SelectOptions & IncidentSelectOptions,
  /** The station rows when the caller has them already: each costs a rate fit per station (issue 20.7). */
  rows?: StationRow[],
): WallSummary {
  const stations = [...(rows ?? selectStationRows(state, now, opts))].sort(compareStationRows);
  const incidents = selectIncidentRows(state, now, opts).filter((i) => i.status === 'open');
  const stock = selectStockRows(state, now, opts).filter((s) => s.isBelowMinimum || s.severity !== 'ok');
  const worstColour = stations.reduce<FloodColour>(
    (worst, s) =>
      FLOOD_COLOURS.indexOf(s.floodColour) > FLOOD_COLOURS.indexOf(worst) ? s.floodColour : worst,
    'none',
  );
  return {
    header: selectHeader(state, now, opts),
    reservoirs: stations
      .filter((s) => s.kind === 'reservoir')
      .map((row) => ({
        row,
        overLimitBy: row.level !== undefined && row.floodLimit ? row.level - row.floodLimit.level : undefined,
      })),
    worstStation: stations[0],
    worstColour,
    stationsInWarning: stations.filter((s) => s.condition === 'warning' || s.condition === 'danger').length,
    staleStations: stations.filter((s) => s.stale).length,
    // Those a bounded snapshot left out are open too (issue 13): the count stays true, the list shows the worst.
    openIncidents: incidents.length + (state.omitted?.openIncidents ?? 0),
    seriousIncidents: incidents.filter((i) => isSeriousLevel(i.level)).length,
    worstIncident: incidents[0],
    shortfalls: stock.length,
    criticalShortfalls: stock.filter((s) => s.severity === 'critical').length,
  };
}
