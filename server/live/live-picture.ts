// Over 250 lines on purpose: the in-memory picture (readings, stock, incidents, teams, CAP warnings) is loaded and
// kept current from committed changes by one switch over their kinds; the helpers on reading histories go with it.
import type { CapWarning } from '../../src/domain/cap-warning.js';
import { decideIncident } from '../../src/domain/incident-level.js';
import { judgeReadings, plausibilityOf } from '../../src/domain/plausibility.js';
import {
  CLOSED_VISIBLE_MS,
  type Config,
  type FeedChange,
  HISTORY_MAX_POINTS,
  HISTORY_WINDOW_MS,
  type IncidentFeed,
  type ReadingPoint,
  type StockFeed,
  type TeamFeed,
} from '../../src/protocol/index.js';
import type { ConfigIndex } from '../config-index.js';
import type { Change } from '../ingest/changes.js';
import type { LiveQueries } from './live-queries.js';

/** How long a closed incident stays in the live picture (the protocol's: clients drop them after it too). */
export const CLOSED_INCIDENT_VISIBLE_MS = CLOSED_VISIBLE_MS;

/**
 * Inserts a reading in time order (late readings happen). Mutates `history`, and trims it only when it has
 * grown to twice the feed's bound, so a burst of readings does not shift the array on every one;
 * {@link boundedHistory} gives the exact window the feed carries.
 *
 * The same level at the same instant under another id (a relay or a logger sending an observation twice) is one
 * observation: it replaces the point, as every client's history does (src/state/history.ts) and as the stored
 * history reads back (live-queries.ts), so a watcher kept up by deltas and a fresh snapshot agree.
 */
export function appendReading(history: ReadingPoint[], point: ReadingPoint): void {
  let i = history.length;
  while (i > 0 && (history[i - 1] as ReadingPoint).at > point.at) i -= 1;
  const same = history[i - 1];
  if (same && same.at === point.at && same.level === point.level) history[i - 1] = point;
  else history.splice(i, 0, point);
  if (history.length >= 2 * HISTORY_MAX_POINTS) history.splice(0, history.length - HISTORY_MAX_POINTS);
}

/** The readings the feed carries: within the window before the newest, at most the bound, oldest first. */
export function boundedHistory(history: readonly ReadingPoint[]): ReadingPoint[] {
  return history.slice(boundedStart(history));
}

/** Where {@link boundedHistory} begins in `history` (its length: `history.length` − this). */
export function boundedStart(history: readonly ReadingPoint[]): number {
  const newest = history[history.length - 1];
  if (!newest) return history.length;
  let from = Math.max(0, history.length - HISTORY_MAX_POINTS);
  while (from < history.length && (history[from] as ReadingPoint).at < newest.at - HISTORY_WINDOW_MS)
    from += 1;
  return from;
}

const stockKey = (warehouse: string, item: string) => `${warehouse}\u0000${item}`;

/**
 * Judges `history` from index `from` on (plausibility.ts) and writes the verdicts on the points. Returns the
 * points other than `history[from]` whose verdict changed — a suspect reading the new one confirmed, or later
 * readings re-judged after a late one — for the feed to send again.
 */
export function markSuspects(
  history: ReadingPoint[],
  limits: ReturnType<typeof plausibilityOf>,
  from: number,
  sentAnyway?: ReadonlySet<ReadingPoint>,
): ReadingPoint[] {
  const { start, suspect } = judgeReadings(history, limits, from);
  const changed: ReadingPoint[] = [];
  suspect.forEach((isSuspect, k) => {
    const point = history[start + k] as ReadingPoint;
    if (isSuspect === (point.suspect === true)) return;
    if (isSuspect) point.suspect = true;
    else delete point.suspect;
    if (sentAnyway ? !sentAnyway.has(point) : start + k !== from) changed.push(point);
  });
  return changed;
}

/**
 * Merges `points` (new readings of one station, any order) into `history` in time order, as {@link appendReading}
 * would one by one (an equal time goes after what is there; the same observation again replaces it), and returns
 * the index of the first one, or -1 when the trim dropped it. One merge and one trim per commit instead of one
 * per reading.
 */
export function mergeReadings(history: ReadingPoint[], points: ReadingPoint[]): number {
  const fresh = [...points].sort((a, b) => a.at - b.at);
  const first = fresh[0];
  if (!first) return -1;
  let from = history.length;
  while (from > 0 && (history[from - 1] as ReadingPoint).at > first.at) from -= 1;
  const tail = history.splice(from);
  let firstAt = -1;
  const put = (p: ReadingPoint) => {
    const last = history[history.length - 1];
    if (last && last.at === p.at && last.level === p.level) history[history.length - 1] = p;
    else history.push(p);
  };
  let a = 0;
  let b = 0;
  while (a < tail.length || b < fresh.length) {
    const older = tail[a];
    const newer = fresh[b];
    if (older && (!newer || older.at <= newer.at)) {
      history.push(older);
      a += 1;
    } else {
      put(newer as ReadingPoint);
      if (b === 0) firstAt = history.length - 1;
      b += 1;
    }
  }
  if (history.length >= 2 * HISTORY_MAX_POINTS) {
    const cut = history.length - HISTORY_MAX_POINTS;
    history.splice(0, cut);
    firstAt -= cut;
  }
  return firstAt < 0 ? -1 : firstAt;
}

export type LivePicture = {
  /** Applies one committed change and returns it as the feed carries it (a reading may bring earlier ones again). */
  apply(change: Change): FeedChange | FeedChange[] | undefined;
  /** Applies one commit's changes and returns them as the feed carries them. */
  applyCommit(changes: readonly Change[]): FeedChange[];
  /** Follows a reloaded config: new stations, teams and the incident level policy. */
  syncStations(config: Config): void;
  /** Each station's recent readings (possibly more than the feed carries; see boundedHistory). */
  histories: ReadonlyMap<string, readonly ReadingPoint[]>;
  /**
   * A number that changes whenever the station's history does (a reading, a verdict, a reload): what was
   * derived from the history at one revision holds until the next.
   */
  historyRevision(station: string): number;
  /** Every balance, by warehouse and item. */
  stock: () => StockFeed[];
  /** Rescue teams with their state, in configured order. */
  teams: () => TeamFeed[];
  /** CAP warnings that may still be in force at `at` (the rules decide which are). */
  capWarnings(at: number): CapWarning[];
  /** Live incidents as of `at`: open ones, and closed ones still within their visible period. */
  incidents(at: number): IncidentFeed[];
};

/**
 * The live picture in memory: recent readings per station, balances, live incidents. Loaded from the
 * database at start and kept current from committed changes, so a snapshot costs no query.
 */
export function createLivePicture(
  index: ConfigIndex,
  queries: LiveQueries,
  now: number,
  warningsRepo: { get(id: number): CapWarning | undefined; active(): CapWarning[] },
): LivePicture {
  const histories = new Map<string, ReadingPoint[]>();
  // Changed with every write to a history, including its points' verdicts (histories are changed in place).
  const revisions = new Map<string, number>();
  let revision = 0;
  const touch = (station: string) => revisions.set(station, ++revision);
  let stations = index.config.stations;
  const limitsOf = (code: string) => {
    const station = stations.find((s) => s.code === code);
    return plausibilityOf(station ?? {});
  };
  // Verdicts are not stored: they follow from the readings and the station's limits, so a restart re-judges.
  const loadHistory = (code: string) => {
    const history = queries.history(code);
    markSuspects(history, limitsOf(code), 0);
    touch(code);
    return history;
  };
  for (const station of index.config.stations) histories.set(station.code, loadHistory(station.code));
  const stock = new Map<string, StockFeed>();
  for (const s of queries.allStock()) stock.set(stockKey(s.warehouse, s.item), s);
  const incidents = new Map<string, IncidentFeed>();
  // The level is decided here, once, under the county's policy; every screen shows what the feed says.
  let countMissingTowardLevel = index.config.reporting.countMissingTowardLevel;
  const decided = (incident: IncidentFeed) => decideIncident(incident, { countMissingTowardLevel });
  for (const i of queries.liveIncidents(now - CLOSED_INCIDENT_VISIBLE_MS)) incidents.set(i.code, decided(i));
  // CAP warnings: an active one stays while it may be in force, an expired one a day after expiry, and a cancelled
  // one a day after its Cancel, so the pass that closes its alert can still read its last words.
  const warnings = new Map<number, CapWarning>();
  for (const w of warningsRepo.active()) warnings.set(w.id, w);
  // Rescue teams as configured, each with its roll call and dispatches.
  const teams = new Map<string, TeamFeed>();
  const loadTeams = (config: Config) => {
    const previous = new Map(teams);
    teams.clear();
    for (const team of config.forces.teams)
      teams.set(
        team.code,
        previous.has(team.code) ? { ...(previous.get(team.code) as TeamFeed), ...team } : queries.team(team),
      );
  };
  loadTeams(index.config);

  return {
    /**
     * Applies one committed change and returns it as the feed carries it; a reading may bring earlier ones again
     * with a new verdict (a suspect reading confirmed by it).
     */
    apply(change: Change): FeedChange | FeedChange[] | undefined {
      switch (change.kind) {
        case 'reading': {
          const history = histories.get(change.station);
          if (!history) return undefined;
          const point = { ...change.reading };
          appendReading(history, point);
          touch(change.station);
          const at = history.lastIndexOf(point);
          const station = change.station;
          // A reading older than the kept window (trimmed at once) is stored, but there is nothing to judge.
          const again = at < 0 ? [] : markSuspects(history, limitsOf(station), at);
          // Copies: the feed encodes changes later, and the verdict on a point may change before it does.
          return [...again, point].map((r): FeedChange => ({ kind: 'reading', station, reading: { ...r } }));
        }
        case 'stock': {
          const feed = queries.stock(change.warehouse, change.item);
          if (!feed) return undefined;
          stock.set(stockKey(change.warehouse, change.item), feed);
          return { kind: 'stock', stock: feed };
        }
        case 'incident': {
          const found = queries.incident(change.incident);
          if (!found) return undefined;
          const feed = decided(found);
          incidents.set(feed.code, feed);
          return { kind: 'incident', incident: feed };
        }
        case 'team': {
          const team = teams.get(change.team);
          if (!team) return undefined;
          const feed = queries.team(team);
          teams.set(feed.code, feed);
          return { kind: 'team', team: feed };
        }
        case 'cap': {
          // Watchers see a warning as its alert; the picture only feeds the rules.
          const warning = warningsRepo.get(change.warning);
          if (warning) warnings.set(warning.id, warning);
          else warnings.delete(change.warning);
          return undefined;
        }
      }
    },
    /**
     * Applies one commit's changes and returns them as the feed carries them. A station's readings are merged and
     * judged together (each sent once, with its verdict after the whole commit), not one by one: a burst of
     * readings, or several sources feeding one station out of step, re-judged the history per reading (issue 19:
     * most of the feed's cost at ingest rates). Earlier readings whose verdict the commit changed come again.
     */
    applyCommit(changes: readonly Change[]): FeedChange[] {
      const out: FeedChange[] = [];
      const readings = new Map<string, ReadingPoint[]>();
      for (const change of changes) {
        if (change.kind === 'reading') {
          const list = readings.get(change.station);
          if (list) list.push({ ...change.reading });
          else readings.set(change.station, [{ ...change.reading }]);
          continue;
        }
        const feedChange = this.apply(change);
        if (Array.isArray(feedChange)) out.push(...feedChange);
        else if (feedChange) out.push(feedChange);
      }
      for (const [station, points] of readings) {
        const history = histories.get(station);
        if (!history) continue;
        points.sort((a, b) => a.at - b.at);
        const from = mergeReadings(history, points);
        touch(station);
        // Readings older than the kept window (trimmed at once) are stored and sent, but there is nothing to judge.
        const again = from < 0 ? [] : markSuspects(history, limitsOf(station), from, new Set(points));
        // Copies: the feed encodes changes later, and the verdict on a point may change before it does.
        for (const r of again) out.push({ kind: 'reading', station, reading: { ...r } });
        for (const r of points) out.push({ kind: 'reading', station, reading: { ...r } });
      }
      return out;
    },
    /** Adds empty histories for stations a reloaded config added (removed ones simply stop being shown). */
    syncStations(config: Config): void {
      // A reloaded policy re-decides every live incident's level (the next snapshot carries it).
      if (config.reporting.countMissingTowardLevel !== countMissingTowardLevel) {
        countMissingTowardLevel = config.reporting.countMissingTowardLevel;
        for (const [code, incident] of incidents) incidents.set(code, decided(incident));
      }
      stations = config.stations;
      for (const station of config.stations) {
        if (!histories.has(station.code)) histories.set(station.code, loadHistory(station.code));
      }
      loadTeams(config);
    },
    /** Each station's recent readings (possibly more than the feed carries; see boundedHistory). */
    histories: histories as ReadonlyMap<string, readonly ReadingPoint[]>,
    historyRevision: (station: string): number => revisions.get(station) ?? 0,
    stock: () =>
      [...stock.values()].sort((a, b) =>
        stockKey(a.warehouse, a.item).localeCompare(stockKey(b.warehouse, b.item)),
      ),
    /** Rescue teams with their state, in configured order. */
    teams: (): TeamFeed[] => [...teams.values()],
    /** CAP warnings that may still be in force at `at` (the rules decide which are). */
    capWarnings(at: number): CapWarning[] {
      for (const [id, w] of warnings) {
        if (w.expiresAt !== null && w.expiresAt < at - CLOSED_INCIDENT_VISIBLE_MS) warnings.delete(id);
        else if (w.state === 'cancelled' && w.updatedAt < at - CLOSED_INCIDENT_VISIBLE_MS)
          warnings.delete(id);
      }
      return [...warnings.values()];
    },
    /** Live incidents as of `now`: open ones, and closed ones still within their visible period. */
    incidents(at: number): IncidentFeed[] {
      for (const [code, i] of incidents) {
        if (i.status === 'closed' && i.updatedAt < at - CLOSED_INCIDENT_VISIBLE_MS) incidents.delete(code);
      }
      return [...incidents.values()].sort(
        (a, b) => a.receivedAt - b.receivedAt || a.code.localeCompare(b.code),
      );
    },
  };
}
