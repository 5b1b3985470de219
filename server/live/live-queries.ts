import {
  HISTORY_MAX_POINTS,
  HISTORY_WINDOW_MS,
  type IncidentFeed,
  type ReadingPoint,
  STOCK_SENT_MAX,
  type StockFeed,
  type Team,
  type TeamFeed,
} from '../../src/protocol/index.js';
import type { IncidentFigureColumns } from '../db/incident-figures.js';
import type { Db } from '../db/open-database.js';
import { readingPoint } from './reading-point.js';
import { createTeamQueries } from './team-queries.js';

type IncidentRow = {
  code: string;
  category: IncidentFeed['category'];
  kind: string;
  title: string;
  township: string;
  village: string | null;
  location: string | null;
  occurred_at: number;
  received_at: number;
  updated_at: number;
  status: IncidentFeed['status'];
  updates: number;
} & IncidentFigureColumns;

const INCIDENT_SELECT = `
  SELECT i.code, i.category, i.kind, i.title, i.township, i.village, i.location, i.occurred_at, i.received_at,
         s.updated_at, s.deaths, s.missing, s.serious_injuries, s.injuries, s.trapped, s.evacuated, s.at_risk,
         s.direct_loss_yuan, s.status,
         (SELECT COUNT(*) FROM incident_updates u WHERE u.incident = i.code) AS updates
  FROM incidents i JOIN incident_state s ON s.code = i.code`;

/** Maps an incident row to the feed's shape. */
function toIncidentFeed(r: IncidentRow): IncidentFeed {
  return {
    code: r.code,
    category: r.category,
    kind: r.kind,
    title: r.title,
    township: r.township,
    village: r.village,
    location: r.location,
    occurredAt: r.occurred_at,
    receivedAt: r.received_at,
    updatedAt: r.updated_at,
    casualties: {
      deaths: r.deaths,
      missing: r.missing,
      seriousInjuries: r.serious_injuries,
      injuries: r.injuries,
      trapped: r.trapped,
      evacuated: r.evacuated,
      ...(r.at_risk === null ? {} : { atRisk: r.at_risk }),
    },
    directLossYuan: r.direct_loss_yuan,
    status: r.status,
    updates: r.updates,
  };
}

export type LiveQueries = {
  /** A station's readings within the feed's window before its latest one, oldest first. */
  history(station: string): ReadingPoint[];
  /** One balance with its lots, or undefined if the item was never counted there. */
  stock(warehouse: string, item: string): StockFeed | undefined;
  /** Every balance. */
  allStock(): StockFeed[];
  incident(code: string): IncidentFeed | undefined;
  /** Open incidents, and closed ones updated since `closedSince`. */
  liveIncidents(closedSince: number): IncidentFeed[];
  /** A configured team with its state and dispatches. */
  team(team: Team): TeamFeed;
};

/** Prepared reads of the live picture from the database: used at start, after each commit, and by tests. */
export function createLiveQueries(db: Db): LiveQueries {
  const history = db.prepare<
    [string, number, number],
    { at: number; level: number; rain: number | null; sensor_fault: number }
  >(
    // The same level at the same instant stored twice (two ids) is one observation, the later one standing
    // (live-picture.ts appendReading): the window counts observations, as the clients' histories do.
    `SELECT observed_at AS at, level, rain, sensor_fault FROM (
       SELECT observed_at, level, rain, sensor_fault, id FROM readings r
       WHERE station = ? AND observed_at >= ?
         AND NOT EXISTS (SELECT 1 FROM readings later WHERE later.station = r.station
           AND later.observed_at = r.observed_at AND later.level = r.level AND later.id > r.id)
       ORDER BY observed_at DESC, id DESC LIMIT ?
     ) ORDER BY observed_at, id`,
  );
  const latestAt = db.prepare<[string], { at: number | null }>(
    'SELECT MAX(observed_at) AS at FROM readings WHERE station = ?',
  );
  const balance = db.prepare<[string, string], { quantity: number; updated_at: number }>(
    'SELECT quantity, updated_at FROM stock_balance WHERE warehouse = ? AND item = ?',
  );
  const balances = db.prepare<[], { warehouse: string; item: string; quantity: number; updated_at: number }>(
    'SELECT warehouse, item, quantity, updated_at FROM stock_balance ORDER BY warehouse, item',
  );
  const lots = db.prepare<[string, string], { batch: string; expires_on: string | null; quantity: number }>(
    `SELECT batch, expires_on, quantity FROM stock_lots WHERE warehouse = ? AND item = ? AND quantity > 0
     ORDER BY expires_on IS NULL, expires_on, batch`,
  );
  const incident = db.prepare<[string], IncidentRow>(`${INCIDENT_SELECT} WHERE i.code = ?`);
  // Stock issued for an incident, per warehouse, item and team (issue 17: the incident's details show it).
  type StockSentRow = { warehouse: string; item: string; team: string | null; quantity: number };
  const stockSent = db.prepare<[string, number], StockSentRow>(
    `SELECT warehouse, item, team, -SUM(delta) AS quantity FROM stock_ledger
     WHERE incident = ? AND kind = 'out' GROUP BY warehouse, item, team ORDER BY MIN(id) LIMIT ?`,
  );
  // The same for every incident at once: the start-up load reads tens of thousands of incidents.
  const allStockSent = db.prepare<[], StockSentRow & { incident: string }>(
    `SELECT incident, warehouse, item, team, -SUM(delta) AS quantity FROM stock_ledger
     WHERE incident IS NOT NULL AND kind = 'out' GROUP BY incident, warehouse, item, team ORDER BY MIN(id)`,
  );
  const withStock = (feed: IncidentFeed, lines: StockSentRow[]): IncidentFeed =>
    lines.length === 0 ? feed : { ...feed, stockSent: lines.slice(0, STOCK_SENT_MAX) };
  const liveIncidents = db.prepare<[number], IncidentRow>(
    `${INCIDENT_SELECT} WHERE s.status = 'open' OR s.updated_at >= ? ORDER BY i.received_at, i.code`,
  );

  return {
    /** A station's readings within the feed's window before its latest one, oldest first. */
    history(station: string): ReadingPoint[] {
      const latest = latestAt.get(station)?.at;
      if (latest === null || latest === undefined) return [];
      return history
        .all(station, latest - HISTORY_WINDOW_MS, HISTORY_MAX_POINTS)
        .map((r) => readingPoint(r.at, r.level, r.rain, r.sensor_fault === 1));
    },
    /** One balance with its lots, or undefined if the item was never counted there. */
    stock(warehouse: string, item: string): StockFeed | undefined {
      const row = balance.get(warehouse, item);
      if (!row) return undefined;
      const lotRows = lots
        .all(warehouse, item)
        .map((l) => ({ batch: l.batch, expiresOn: l.expires_on, quantity: l.quantity }));
      return { warehouse, item, quantity: row.quantity, lots: lotRows, updatedAt: row.updated_at };
    },
    /** Every balance. */
    allStock(): StockFeed[] {
      return balances.all().map((b) => this.stock(b.warehouse, b.item) as StockFeed);
    },
    incident(code: string): IncidentFeed | undefined {
      const row = incident.get(code);
      return row ? withStock(toIncidentFeed(row), stockSent.all(code, STOCK_SENT_MAX)) : undefined;
    },
    /** Open incidents, and closed ones updated since `closedSince` (so a closing stays visible for a while). */
    liveIncidents(closedSince: number): IncidentFeed[] {
      const sent = new Map<string, StockSentRow[]>();
      for (const { incident: code, ...line } of allStockSent.all()) {
        const lines = sent.get(code);
        if (lines) lines.push(line);
        else sent.set(code, [line]);
      }
      return liveIncidents.all(closedSince).map((r) => withStock(toIncidentFeed(r), sent.get(r.code) ?? []));
    },
    ...createTeamQueries(db),
  };
}
