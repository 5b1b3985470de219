import type { WatchState } from '../watch-state.js';
import { selectWallCallout } from './callout.js';
import { formatClock, nameOf, timeContext } from './context.js';
import { selectForces } from './forces.js';
import { type IncidentSelectOptions, selectIncidentRows } from './incidents.js';
import { selectStationRows } from './stations.js';
import { selectStockRows } from './stock.js';
import { type AlertsPage, alertsPage, groupAlerts } from './wall-alerts.js';
import { type ForcesPage, forcesPage } from './wall-forces.js';
import { type LinkBanner, linkBanner, type WallHeader, wallHeader } from './wall-header.js';
import { type IncidentsPage, incidentsPage } from './wall-incidents.js';
import { type StockLists, stockLists } from './wall-stock.js';
import { compareStationRows, selectWallSummary } from './wall-summary.js';
import { type StationTile, stationTile } from './wall-water.js';
import { WALL_WORDS, type WallLang } from './wall-words.js';
import { type WorstSegment, worstCounts, worstForces, worstWater } from './wall-worst.js';

/** The wall's pages, in carousel order. */
export type WallPageKey = 'water' | 'trend' | 'stock' | 'incidents' | 'alerts' | 'forces';

/** Options of {@link selectWallView}: names (`zh` shows Chinese everywhere, `ascii` English and ASCII names). */
export type WallViewOptions = IncidentSelectOptions & {
  /** Points in each 24-hour chart (default 48: one every half hour over a full day). */
  chartPoints?: number;
  /** Most rows in a list page (default 40); the layout shows what fits. */
  maxRows?: number;
};

/** Everything the wall shows, as strings and numbers; `src/wall/apply-view.ts` only places it. */
export type WallView = {
  lang: WallLang;
  header: WallHeader;
  /** The link-down banner: shown while `isDown`, with the time the outage began. */
  link: LinkBanner;
  worst: WorstSegment[];
  titles: Record<WallPageKey, string>;
  /** Which page of the carousel this is, in words that say it counts pages ("第1/6页", "page 1/6"), and shorter. */
  pageOf: (n: number, of: number) => { text: string; short: string };
  /** `shownText` says how many stations a page with room for `shown` tiles shows ("测站 5 个", "4 of 5 stations"). */
  water: { stations: StationTile[]; empty: string; shownText: (shown: number) => string };
  stock: StockLists;
  incidents: IncidentsPage & { totals: string };
  alerts: AlertsPage;
  forces: ForcesPage;
};

/** The whole wall at local time `now`, composed from the shared selectors. */
export function selectWallView(state: WatchState, now: number, opts: WallViewOptions): WallView {
  const lang: WallLang = opts.names === 'zh' ? 'zh' : 'en';
  const t = WALL_WORDS[lang];
  const { at, utcOffset } = timeContext(state, now);
  const clock = (ms: number) => formatClock(ms, utcOffset);
  // Once per redraw: a station's row fits its rate over up to 240 readings (Theil–Sen, ~29k slopes), and with a
  // full hour of history that is most of what a redraw costs.
  const stations = selectStationRows(state, now, opts).sort(compareStationRows);
  const summary = selectWallSummary(state, now, opts, stations);
  const incidents = selectIncidentRows(state, now, opts).filter((i) => i.status === 'open');
  const stock = selectStockRows(state, now, opts);
  const alerts = groupAlerts(state.alerts.values(), at);
  const maxRows = opts.maxRows ?? 40;
  const person = (id: string) => {
    const p = state.people.get(id);
    return p ? nameOf(p, opts.names) : id;
  };
  const tiles = stations.map((row) =>
    stationTile(row, state.stations.get(row.code), { at, t, lang, clock, points: opts.chartPoints ?? 48 }),
  );
  const risky = incidents.filter((i) => i.majorRisk.length > 0).length;
  const callout = selectWallCallout(state, at, lang);
  const forces = selectForces(state, now, opts.names);
  return {
    lang,
    header: {
      ...wallHeader(state, summary.header, t, person, stations, clock),
      ...(callout
        ? { callout: { text: callout, tone: /逾期|overdue/.test(callout) ? 'danger' : 'warning' } }
        : {}),
    },
    link: linkBanner(state, now, t, clock, summary.header.freshness),
    worst: [
      worstWater(tiles[0], stations[0], t),
      // Before the counts: when there is room to spare, the forces caption is the one that grows to be read whole.
      ...worstForces(forces.totals, t, state.county !== undefined),
      ...worstCounts(
        summary,
        { triggered: alerts.triggered, acked: alerts.acked.length, risky },
        t,
        state.county !== undefined,
      ),
    ],
    titles: t.titles,
    pageOf: (n: number, of: number) => ({ text: t.page(n, of), short: t.pageShort(n, of) }),
    water: {
      stations: tiles,
      empty: t.noStations,
      shownText: (shown: number) => t.stationsShown(shown, tiles.length),
    },
    stock: stockLists(state, stock, t, maxRows),
    incidents: {
      ...incidentsPage(incidents, state.obligations, summary, at, t, maxRows),
      // County-wide, over the open incidents: what the leader reports upward first.
      totals: t.countyTotals(
        incidents.reduce((sum, i) => sum + (i.casualties.evacuated ?? 0), 0),
        incidents.reduce((sum, i) => sum + (i.casualties.trapped ?? 0), 0),
      ),
    },
    alerts: alertsPage(alerts, at, t, clock, person, maxRows),
    forces: forcesPage(forces, t, maxRows),
  };
}
