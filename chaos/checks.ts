// Over 250 lines on purpose: the read-only checks the chaos sections make on the collector's database (journal,
// a watcher's picture, escalation ladders), in one place so each invariant is stated once for every section.
import { isDeepStrictEqual } from 'node:util';
import Database from 'better-sqlite3';
import { type AlertRow, createAlertsRepo, toAlertFeed } from '../server/alerts/alerts-repo.js';
import { createObligationsRepo } from '../server/alerts/obligations-repo.js';
import { CLOSED_INCIDENT_VISIBLE_MS, markSuspects } from '../server/live/live-picture.js';
import { createLiveQueries } from '../server/live/live-queries.js';
import type { SnapshotLimits } from '../server/live/snapshot-bounds.js';
import { decideIncident } from '../src/domain/incident-level.js';
import { plausibilityOf } from '../src/domain/plausibility.js';
import { serverSettingsSchema } from '../src/protocol/config.js';
import type {
  AlertFeed,
  IncidentFeed,
  ObligationFeed,
  ReadingPoint,
  StockFeed,
} from '../src/protocol/index.js';
import { stockKey, type WatchState } from '../src/state/watch-state.js';

const DAY_MS = 24 * 3_600_000;

/** Runs `read` on a fresh read-only connection to the collector's database (a second process's view). */
export function withDb<T>(dbPath: string, read: (db: Database.Database) => T): T {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

/** What the journal says about a source's acked ids. */
export type StoredCheck = { stored: number; lost: string[]; duplicated: string[] };

/**
 * Every acked id must be in the journal, and no (token, id) may be there twice. `acked` maps a token's
 * configured name to the ids it was acked.
 */
export function checkStored(dbPath: string, acked: ReadonlyMap<string, ReadonlySet<string>>): StoredCheck {
  return withDb(dbPath, (db) => {
    const ids = db.prepare<[string], string>('SELECT msg_id FROM journal WHERE token = ?').pluck();
    const lost: string[] = [];
    let stored = 0;
    for (const [token, set] of acked) {
      const present = new Set(ids.all(token));
      stored += present.size;
      for (const id of set) if (!present.has(id)) lost.push(`${token}/${id}`);
    }
    const duplicated = db
      .prepare<[], { token: string; msg_id: string }>(
        'SELECT token, msg_id FROM journal GROUP BY token, msg_id HAVING COUNT(*) > 1',
      )
      .all()
      .map((r) => `${r.token}/${r.msg_id}`);
    // Each stored reading has exactly one row in `readings`; a second row would be a double write.
    const { journal, readings } = db
      .prepare<[], { journal: number; readings: number }>(
        "SELECT (SELECT COUNT(*) FROM journal WHERE type = 'reading') AS journal, (SELECT COUNT(*) FROM readings) AS readings",
      )
      .get() as { journal: number; readings: number };
    if (journal !== readings)
      duplicated.push(`readings table holds ${readings} rows for ${journal} readings`);
    return { stored, lost, duplicated };
  });
}

/**
 * `checkStored` for a long run, a piece at a time. The journal is append-only and one writer commits in `seq` order,
 * so each check reads only the rows added since the last one and keeps their ids; a run of 1,000 cycles (a million
 * rows) then checks each cycle in the same time as the first. A run ends with one full `checkStored` all the same.
 */
export class JournalTally {
  private lastSeq = 0;
  private readingRows = 0;
  private readonly ids = new Map<string, Set<string>>();

  /** Lost: acked ids not in the journal. Duplicated: ids found twice since the last check (each reported once). */
  check(dbPath: string, acked: ReadonlyMap<string, ReadonlySet<string>>): StoredCheck {
    return withDb(dbPath, (db) => {
      const duplicated: string[] = [];
      const rows = db
        .prepare<[number], { seq: number; token: string; msg_id: string; type: string }>(
          'SELECT seq, token, msg_id, type FROM journal WHERE seq > ? ORDER BY seq',
        )
        .iterate(this.lastSeq);
      for (const row of rows) {
        const ids = this.ids.get(row.token) ?? new Set<string>();
        this.ids.set(row.token, ids);
        if (ids.has(row.msg_id)) duplicated.push(`${row.token}/${row.msg_id}`);
        ids.add(row.msg_id);
        if (row.type === 'reading') this.readingRows += 1;
        this.lastSeq = row.seq;
      }
      const lost: string[] = [];
      let stored = 0;
      for (const [token, set] of acked) {
        const present = this.ids.get(token) ?? new Set<string>();
        stored += present.size;
        for (const id of set) if (!present.has(id)) lost.push(`${token}/${id}`);
      }
      const readings = db.prepare<[], number>('SELECT COUNT(*) FROM readings').pluck().get() as number;
      if (readings !== this.readingRows)
        duplicated.push(`readings table holds ${readings} rows for ${this.readingRows} readings`);
      return { stored, lost, duplicated };
    });
  }
}

/** The bounds the chaos county's collector runs with: the defaults (its config sets none). */
const SNAPSHOT_LIMITS: SnapshotLimits = {
  maxIncidents: serverSettingsSchema.shape.snapshotMaxIncidents.parse(undefined),
  maxAlerts: serverSettingsSchema.shape.snapshotMaxAlerts.parse(undefined),
  policy: { countMissingTowardLevel: false },
};

/** What the database holds at one moment, as a watcher should show it. */
export type DatabaseTruth = {
  histories: Map<string, ReadingPoint[]>;
  stock: StockFeed[];
  incidents: IncidentFeed[];
  alerts: AlertFeed[];
  obligations: ObligationFeed[];
};

/**
 * Reads the database once for any number of watchers: a long run's database holds thousands of alerts, and
 * reading it for each watcher at each poll made the check most of a cycle's time. `states` give the stations
 * shown and how each one's readings are judged.
 */
export function readTruth(dbPath: string, now: number, states: readonly WatchState[]): DatabaseTruth {
  return withDb(dbPath, (db) => {
    const queries = createLiveQueries(db);
    const histories = new Map<string, ReadingPoint[]>();
    for (const state of states) {
      for (const [code, station] of state.stations) {
        if (histories.has(code)) continue;
        // Verdicts are not stored; a fresh snapshot judges the stored readings, so the truth is judged the same way.
        const history = queries.history(code);
        markSuspects(history, plausibilityOf(station), 0);
        histories.set(code, history);
      }
    }
    const stock = [...queries.allStock()].sort((a, b) =>
      stockKey(a.warehouse, a.item).localeCompare(stockKey(b.warehouse, b.item)),
    );
    // The chaos county counts deaths only toward the level (the default policy), as its collector decides.
    const incidents = queries
      .liveIncidents(now - CLOSED_INCIDENT_VISIBLE_MS)
      .map((i) => decideIncident(i, { countMissingTowardLevel: false }));
    const alerts = createAlertsRepo(db)
      .recent(now - DAY_MS)
      .map(toAlertFeed);
    const obligations = createObligationsRepo(db).live(now - DAY_MS);
    return { histories, stock, incidents, alerts, obligations };
  });
}

/** Where a watcher's picture differs from the database's, in words (empty: converged). */
export function compareWithTruth(state: WatchState, truth: DatabaseTruth): string[] {
  const problems: string[] = [];
  for (const [code, station] of state.stations) {
    const history = truth.histories.get(code) ?? [];
    if (!isDeepStrictEqual(station.history, history)) {
      const k = history.findIndex((point, i) => !isDeepStrictEqual(station.history[i], point));
      problems.push(
        `station ${code}: ${station.history.length} readings shown (last ${station.history.at(-1)?.at}), database ${history.length} (last ${history.at(-1)?.at}); first difference at ${k}: shown ${JSON.stringify(station.history[k])}, database ${JSON.stringify(history[k])}`,
      );
    }
  }
  const shown = [...state.stock.values()].sort((a, b) =>
    stockKey(a.warehouse, a.item).localeCompare(stockKey(b.warehouse, b.item)),
  );
  if (!isDeepStrictEqual(shown, truth.stock)) {
    problems.push(`stock: ${shown.length} balances shown, database ${truth.stock.length}, or figures differ`);
  }
  // A snapshot carries the first `snapshotMaxIncidents` incidents and `snapshotMaxAlerts` alerts by rank and
  // counts the rest in `omitted`; deltas since add only what changed. Where a cut falls moves as others change,
  // so a watcher whose snapshot came a moment earlier may hold other ones than a fresh snapshot would carry.
  problems.push(...compareIncidents(state, truth.incidents));
  problems.push(...compareAlerts(state, truth.alerts));
  // A reporting clock comes with its incident: those of the incidents shown must be shown as stored.
  const obligations = truth.obligations.filter((o) => state.incidents.has(o.incident));
  const differingObligations = obligations.filter((o) => !isDeepStrictEqual(state.obligations.get(o.id), o));
  if (differingObligations.length > 0) {
    problems.push(`obligations: ${differingObligations.length} of ${obligations.length} differ`);
  }
  return problems;
}

/** `compareWithTruth` against a fresh read, for one watcher. */
export function compareWithDatabase(state: WatchState, dbPath: string, now: number): string[] {
  return compareWithTruth(state, readTruth(dbPath, now, [state]));
}

/**
 * Every alert shown must be as stored. While the open alerts fit the snapshot's bound (a snapshot ranks open ones
 * first), every open one must be shown; past it, at least as many alerts as the bound (deltas only add, and the
 * plain reducer drops none). A closed alert a snapshot no longer carries may be absent (issue 13: the 1,000-cycle
 * run passes 500 open alerts near cycle 100).
 */
function compareAlerts(state: WatchState, alerts: AlertFeed[]): string[] {
  const open = alerts.filter((a) => a.state !== 'closed');
  const fits = open.length <= SNAPSHOT_LIMITS.maxAlerts;
  const differing = alerts.filter((a) => {
    const shown = state.alerts.get(a.id);
    if (shown === undefined && !(fits && a.state !== 'closed')) return false;
    return !isDeepStrictEqual(shown, a);
  });
  const problems: string[] = [];
  if (differing.length > 0) {
    const first = differing[0];
    problems.push(
      `alerts: ${differing.length} of ${alerts.length} differ (e.g. #${first?.id}: shown ${JSON.stringify(state.alerts.get(first?.id ?? 0))?.slice(0, 160)} vs ${JSON.stringify(first).slice(0, 160)})`,
    );
  }
  const known = new Set(alerts.map((a) => a.id));
  const strays = [...state.alerts.keys()].filter((id) => !known.has(id));
  if (strays.length > 0)
    problems.push(`alerts: ${strays.length} shown that the database does not hold (e.g. #${strays[0]})`);
  if (!fits && state.alerts.size < SNAPSHOT_LIMITS.maxAlerts)
    problems.push(
      `alerts: ${state.alerts.size} shown, ${open.length} open in the database (bound ${SNAPSHOT_LIMITS.maxAlerts})`,
    );
  return problems;
}

/**
 * Every incident shown must be as stored. While the incidents fit the snapshot's bound, every one must be shown;
 * past it, at least as many as the bound (a snapshot carries that many, deltas only add, and the plain reducer
 * drops no open incident): which ones depends on when the watcher's snapshot came (issue 13's 1,000-cycle run
 * passes 500 open incidents near cycle 100).
 */
function compareIncidents(state: WatchState, incidents: IncidentFeed[]): string[] {
  const byCode = new Map(incidents.map((i) => [i.code, i]));
  const differing = [...state.incidents.values()].filter(
    (shown) => !isDeepStrictEqual(shown, byCode.get(shown.code)),
  );
  const problems: string[] = [];
  if (differing.length > 0)
    problems.push(
      `incidents: ${differing.length} of ${state.incidents.size} shown differ from the database (e.g. ${differing[0]?.code})`,
    );
  const atLeast = Math.min(incidents.length, SNAPSHOT_LIMITS.maxIncidents);
  if (state.incidents.size < atLeast)
    problems.push(
      `incidents: ${state.incidents.size} shown, database ${incidents.length} (bound ${SNAPSHOT_LIMITS.maxIncidents})`,
    );
  return problems;
}

/** What the audit log says about the escalation ladders. */
export type EscalationCheck = {
  alerts: number;
  rungs: number;
  /** (alert, rung, loop) fired more than once. */
  firedTwice: string[];
  /** A rung missing before the one the alert stands on, or a rung due long ago that never fired. */
  lost: string[];
};

const RUNG_TEXT = /^rung (\d+)\/(\d+)(?: \(repeat (\d+)\))?/;

/**
 * Checks every alert's ladder against the audit log: the rungs fired must be exactly rung 1, 2, … of loop 0,
 * then of loop 1 …, up to the rung the alert stands on — none twice, none skipped — and an alert still waiting
 * must not have a rung overdue by more than `slackMs` at `now`. (Valid while nobody acknowledges or snoozes:
 * those restart a ladder.)
 */
export function checkEscalations(
  dbPath: string,
  steps: number,
  now: number,
  slackMs: number,
  closedSince = 0,
): EscalationCheck {
  return withDb(dbPath, (db) => {
    // An alert closed before `closedSince` was checked then and cannot change: a long run checks each cycle only
    // the alerts open or closed since the last check (thousands fewer rows), and everything once at the end.
    const rows = db
      .prepare<[number], AlertRow>(
        "SELECT * FROM alerts WHERE ladder != 'none' AND (state != 'closed' OR closed_at >= ?) ORDER BY id",
      )
      .all(closedSince);
    const fired = db
      .prepare<[number], { alert: number; text: string }>(
        `SELECT alert, text FROM audit_log WHERE action IN ('escalated', 'no_one_on_duty') AND alert IS NOT NULL AND alert IN
           (SELECT id FROM alerts WHERE ladder != 'none' AND (state != 'closed' OR closed_at >= ?)) ORDER BY id`,
      )
      .all(closedSince);
    const totals = db
      .prepare<[], { alerts: number; rungs: number }>(
        `SELECT (SELECT count(*) FROM alerts WHERE ladder != 'none') AS alerts,
           (SELECT count(*) FROM audit_log WHERE action IN ('escalated', 'no_one_on_duty') AND alert IS NOT NULL) AS rungs`,
      )
      .get() as { alerts: number; rungs: number };
    const byAlert = new Map<number, { step: number; loop: number }[]>();
    for (const f of fired) {
      const match = RUNG_TEXT.exec(f.text);
      if (!match) continue;
      const list = byAlert.get(f.alert) ?? [];
      list.push({ step: Number(match[1]) - 1, loop: Number(match[3] ?? 0) });
      byAlert.set(f.alert, list);
    }
    const firedTwice: string[] = [];
    const lost: string[] = [];
    for (const row of rows) {
      const actual = byAlert.get(row.id) ?? [];
      const seen = new Set<string>();
      for (const r of actual) {
        const key = `${r.loop}:${r.step}`;
        if (seen.has(key)) firedTwice.push(`alert #${row.id} rung ${r.step + 1} loop ${r.loop}`);
        seen.add(key);
      }
      for (let loop = 0; loop <= row.loop; loop++) {
        const last = loop < row.loop ? steps - 1 : row.step;
        for (let step = 0; step <= last; step++) {
          if (!seen.has(`${loop}:${step}`))
            lost.push(`alert #${row.id} rung ${step + 1} loop ${loop} never fired`);
        }
      }
      const isWaiting =
        row.state === 'triggered' &&
        row.snoozed_until === null &&
        row.inhibited_by === null &&
        row.is_exhausted === 0 &&
        row.next_escalation_at !== null;
      if (isWaiting && (row.next_escalation_at as number) < now - slackMs) {
        lost.push(`alert #${row.id}: rung due ${now - (row.next_escalation_at as number)} ms ago not fired`);
      }
    }
    return { ...totals, firedTwice, lost };
  });
}
