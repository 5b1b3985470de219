// Over 250 lines on purpose: one engine pass (duty, reporting clocks, rules, inhibitions, deadlines) is one
// transaction over shared state (open alerts in memory, the watch, prepared statements); the rules, ladders and
// repos it drives are already in their own modules.
import { resolveDutyRole } from '../../src/domain/duty-roster.js';
import {
  advanceIfDue,
  type FiredRung,
  type LadderMove,
  ladderFor,
  restartLadder,
  startLadder,
} from '../../src/domain/escalation.js';
import type { BackupHealth } from '../../src/domain/rules/backup-rules.js';
import { capEndedTitles } from '../../src/domain/rules/cap-rules.js';
import type { Condition } from '../../src/domain/rules/condition.js';
import { evaluateConditions, type RuleInput, stationConditions } from '../../src/domain/rules/evaluate.js';
import { inhibitions } from '../../src/domain/rules/inhibition.js';
import { reconcile } from '../../src/domain/rules/lifecycle.js';
import {
  type AlertFeed,
  type AuditEntry,
  type Bilingual,
  CLOSED_VISIBLE_MS,
  type FeedChange,
  type Ladder,
  type ObligationFeed,
  type RungTarget,
  type WatchDuty,
} from '../../src/protocol/index.js';
import type { Clock } from '../clock.js';
import type { ConfigIndex } from '../config-index.js';
import type { Db } from '../db/open-database.js';
import type { LivePicture } from '../live/live-picture.js';
import { type AlertRow, type AlertsRepo, createAlertsRepo, toAlertFeed } from './alerts-repo.js';
import { type AuditRepo, createAuditRepo } from './audit-repo.js';
import { maintainWatch } from './duty-watch.js';
import { syncIncidentClocks } from './incident-clocks.js';
import { describeFired, ladderColumns, ladderState } from './ladder-log.js';
import { createObligationsRepo, type ObligationsRepo } from './obligations-repo.js';
import { trackOpenAlerts } from './open-alerts.js';
import { trackOpenObligations } from './open-obligations.js';
import { HELD_CLASSES, passRows, type RuleRow } from './pass-rows.js';
import { createWatchRepo, type WatchRepo } from './watch-repo.js';

/** How long closed alerts stay in the snapshot (the protocol's: clients drop them after it too). */
export const CLOSED_ALERT_VISIBLE_MS = CLOSED_VISIBLE_MS;

/** The title columns to write as an alert closes: its subject's last words when they changed since the last pass. */
const closingTitle = (row: Pick<AlertRow, 'title_en'>, last: Bilingual | undefined) =>
  last && last.en !== row.title_en ? { title_zh: last.zh, title_en: last.en } : {};

export type AlertEngineOptions = {
  db: Db;
  index: () => ConfigIndex;
  picture: LivePicture;
  clock: Clock;
  publish: (changes: FeedChange[]) => void;
  sourcesLastSeen: ReadonlyMap<string, number>;
  startedAt: number;
  /** How the collector's backups stand (measured on the wall clock); absent when not configured. */
  backup?: () => BackupHealth | null;
  /** Called inside the pass's transaction, so what they write (call-outs, outbox rows) commits with it. */
  hooks?: AlertEngineHooks;
};

/** Where the engine's decisions reach people off the screen (叫应, server/notify). */
export type AlertEngineHooks = {
  alertOpened?(row: AlertRow, now: number, out: FeedChange[]): void;
  rungFired?(row: AlertRow, fired: FiredRung, now: number, out: FeedChange[]): void;
  /** After every tick's deadlines: call-out deadlines and expiries. */
  tick?(now: number, out: FeedChange[]): void;
};

/** Who a rung's target is under the current watch (undefined: nobody is set for it). */
export type DutyResolver = (target: RungTarget) => string | undefined;

/** The alert engine as the collector, the actions and 叫应 use it. */
export type AlertEngine = {
  /**
   * Evaluates the rules now (after new data), without waiting for the tick. Given stations, only their rules are
   * judged (a commit of readings): every other rule waits for the tick, within a second.
   */
  evaluate(stations?: ReadonlySet<string>): void;
  /** The tick: rules and every deadline that has come due. */
  tick(): void;
  /** Every alert write goes through `repos.alerts`, so the engine's in-memory open alerts stay true. */
  readonly repos: { alerts: AlertsRepo; audit: AuditRepo; obligations: ObligationsRepo; watch: WatchRepo };
  /** The watch as last computed (the first tick computes it before anyone can connect). */
  currentDuty(): WatchDuty;
  resolver(): DutyResolver;
  /** A rung fired outside a pass (an officer's escalate): reaches the person like one fired by the tick. */
  rungFired(row: AlertRow, fired: FiredRung, now: number, out: FeedChange[]): void;
  /** Opens an alert for something outside the rules (a dead-lettered message), inside the caller's transaction. */
  raise(cond: Condition, now: number, out: FeedChange[]): AlertRow;
  /** Feed pieces for the snapshot. */
  snapshotParts(now: number): {
    alerts: AlertFeed[];
    obligations: ObligationFeed[];
    log: AuditEntry[];
  };
};

/**
 * The alert engine: turns the live picture into alerts (rules → lifecycle with hysteresis → inhibition),
 * climbs ladders on durable deadlines, runs the reporting clocks and keeps the watch. Every pass is one
 * transaction: what it decided is either all on disk, with its audit entries, or not at all.
 */
export function createAlertEngine(options: AlertEngineOptions): AlertEngine {
  const { db, clock } = options;
  // Every alert write goes through this repo (actions use `repos.alerts` too), so the open ones are kept in
  // memory for the passes (open-alerts.ts).
  const open = trackOpenAlerts(db, createAlertsRepo(db));
  const alerts = open.repo;
  const audit = createAuditRepo(db);
  // The same for the open reporting clocks (open-obligations.ts).
  const openClocks = trackOpenObligations(db, createObligationsRepo(db));
  const obligations = openClocks.repo;
  const watchRepo = createWatchRepo(db);
  let duty: WatchDuty | undefined;

  const { ruleRows, inhibitRows, dueRows } = passRows(open, alerts);
  const blockedRows = db.prepare<[], Pick<AlertRow, 'id' | 'key' | 'subject_kind' | 'subject_code'>>(
    "SELECT id, key, subject_kind, subject_code FROM alerts WHERE state = 'closed' AND closed_by_human = 1 AND clear_since IS NULL",
  );

  const config = () => options.index().config;
  const resolver = (d: WatchDuty) => (target: Parameters<typeof resolveDutyRole>[0]) =>
    resolveDutyRole(target, { officer: d.officer, leader: d.leader }, config().duty);
  const ladderOf = (row: Pick<AlertRow, 'ladder'>): Ladder | undefined =>
    config().escalation.ladders[row.ladder];

  /** Writes a ladder move on an alert, with one audit entry per rung fired. */
  function applyMove(
    row: AlertRow,
    ladder: Ladder,
    move: LadderMove,
    now: number,
    out: FeedChange[],
  ): AlertRow {
    for (const fired of move.fired) {
      const { action, text } = describeFired(fired, ladder, row.drill === 1);
      out.push({
        kind: 'log',
        entry: audit.append({ at: now, actor: 'system', action, alert: row.id, text }),
      });
      options.hooks?.rungFired?.(row, fired, now, out);
    }
    return alerts.update(row.id, { ...ladderColumns(move), updated_at: now });
  }

  function openAlert(cond: Condition, now: number, out: FeedChange[]): AlertRow {
    // A suspect reading is a data alert for the officer: never a ladder, whatever the config (issue 15.1).
    const chosen = cond.neverEscalates ? undefined : ladderFor(config().escalation, cond.class);
    const id = alerts.insert({
      key: cond.key,
      class: cond.class,
      severity: cond.severity,
      subject_kind: cond.subject.kind,
      subject_code: cond.subject.code,
      title_zh: cond.title.zh,
      title_en: cond.title.en,
      action_zh: cond.action.zh,
      action_en: cond.action.en,
      value: cond.value,
      inhibit_group: cond.inhibit?.group ?? null,
      inhibit_rank: cond.inhibit?.rank ?? null,
      auto_close: cond.autoClose ? 1 : 0,
      ladder: chosen?.name ?? 'none',
      drill: cond.drill ? 1 : 0,
      at: now,
    });
    let row = alerts.get(id) as AlertRow;
    out.push({
      kind: 'log',
      entry: audit.append({ at: now, actor: 'system', action: 'created', alert: id, text: cond.title.en }),
    });
    if (chosen && duty)
      row = applyMove(row, chosen.ladder, startLadder(chosen.ladder, now, resolver(duty)), now, out);
    options.hooks?.alertOpened?.(row, now, out);
    return row;
  }

  /** What the station rules read: the readings, the hysteresis keys, the start (for never-reported stations). */
  const stationRuleInput = (openAlertKeys: ReadonlySet<string>): RuleInput => ({
    config: config(),
    histories: options.picture.histories,
    startedAt: options.startedAt,
    openAlertKeys,
    stock: [],
    incidents: [],
    sourcesLastSeen: new Map(),
    obligations: [],
    handover: null,
    capWarnings: [],
  });

  function evaluate(
    now: number,
    out: FeedChange[],
    touched: Set<number>,
    stations: ReadonlySet<string> | undefined,
  ): void {
    // Live, not a copy: nothing in the pass opens or closes an alert before the last read of it below.
    const openAlertKeys = open.keys();
    // A pass over some stations reads nothing but their readings, and looks at their alerts alone: the rows and
    // blocked keys of other subjects are left as they are, as their rules were not judged.
    const capWarnings = stations ? [] : options.picture.capWarnings(now);
    const endedCapTitles = capEndedTitles(capWarnings, now);
    const inScope = (subject: { subject_kind: string; subject_code: string }) =>
      !stations || (subject.subject_kind === 'station' && stations.has(subject.subject_code));
    const conditions = stations
      ? stationConditions(stationRuleInput(openAlertKeys), now, stations)
      : evaluateConditions(
          {
            config: config(),
            histories: options.picture.histories,
            stock: options.picture.stock(),
            incidents: options.picture.incidents(now),
            sourcesLastSeen: options.sourcesLastSeen,
            startedAt: options.startedAt,
            obligations: obligations.open(),
            handover: duty?.handover ?? null,
            capWarnings,
            openAlertKeys,
            backup: options.backup?.() ?? null,
            teams: options.picture.teams(),
          },
          now,
        );
    const byKey = new Map(conditions.map((c) => [c.key, c]));
    const minHoldMs = config().alerts.minHoldMinutes * 60_000;
    const openByKey = new Map(
      ruleRows(new Set(byKey.keys()), now - minHoldMs, stations ? inScope : undefined).map(
        (r): [string, RuleRow] => [r.key, r],
      ),
    );
    // Incident alerts wait for a person while the incident is open; once it is closed they close by themselves.
    const openIncidents = new Set(
      stations
        ? []
        : options.picture
            .incidents(now)
            .filter((i) => i.status === 'open')
            .map((i) => i.code),
    );
    // A key resolved by hand stays quiet until its condition has cleared once; record that clearing.
    for (const blocked of blockedRows.all()) {
      if (inScope(blocked) && !byKey.has(blocked.key) && !openAlertKeys.has(blocked.key))
        alerts.update(blocked.id, { clear_since: now });
    }
    for (const key of new Set([...openByKey.keys(), ...byKey.keys()])) {
      const row = openByKey.get(key);
      const cond = byKey.get(key);
      const cls = row?.class ?? cond?.class ?? '';
      const last = row ? undefined : alerts.lastClosed(key);
      const transition = reconcile(
        row && row.state !== 'closed'
          ? {
              key,
              state: row.state,
              value: row.value,
              ackValue: row.ack_value,
              clearSince: row.clear_since,
              hasNewData: row.has_new_data === 1,
            }
          : undefined,
        cond,
        now,
        {
          minHoldMs: HELD_CLASSES.some((p) => cls.startsWith(p)) ? minHoldMs : 0,
          autoClose: row
            ? row.auto_close === 1 ||
              (row.subject_kind === 'incident' && !openIncidents.has(row.subject_code))
            : (cond?.autoClose ?? true),
          blockReopen: last !== undefined && last.closed_by_human === 1 && last.clear_since === null,
        },
      );
      switch (transition.kind) {
        case 'open':
          if (cond) touched.add(openAlert(cond, now, out).id);
          break;
        case 'update': {
          if (!row || !cond) break;
          const isNewlyWorse = transition.hasNewData && row.has_new_data === 0;
          const changed =
            row.value !== transition.value ||
            row.title_en !== cond.title.en ||
            row.clear_since !== null ||
            isNewlyWorse;
          if (!changed) break;
          alerts.update(row.id, {
            value: transition.value,
            title_zh: cond.title.zh,
            title_en: cond.title.en,
            clear_since: null,
            has_new_data: transition.hasNewData ? 1 : 0,
            updated_at: now,
          });
          if (isNewlyWorse) {
            const text = `worse since the acknowledgement: ${cond.title.en}`;
            out.push({
              kind: 'log',
              entry: audit.append({ at: now, actor: 'system', action: 'new_data', alert: row.id, text }),
            });
          }
          touched.add(row.id);
          break;
        }
        case 'clearing':
          if (row && row.clear_since === null) {
            alerts.update(row.id, { clear_since: transition.clearSince });
            touched.add(row.id);
          }
          break;
        case 'close':
          if (!row) break;
          alerts.update(row.id, {
            ...closingTitle(row, endedCapTitles.get(key)),
            state: 'closed',
            closed_at: now,
            next_escalation_at: null,
            updated_at: now,
          });
          out.push({
            kind: 'log',
            entry: audit.append({
              at: now,
              actor: 'system',
              action: 'closed',
              alert: row.id,
              text: 'condition cleared',
            }),
          });
          touched.add(row.id);
          break;
        case 'none':
          break;
      }
    }
    applyInhibitions(now, out, touched, stations ? groupsOf(touched) : undefined);
  }

  /**
   * The inhibition groups a pass over some stations can have changed: a verdict depends only on its group's
   * members' states and slots, so only the groups of alerts this pass wrote (opened, changed, closed) can move.
   */
  function groupsOf(touched: ReadonlySet<number>): Set<string> {
    const groups = new Set<string>();
    for (const id of touched) {
      const group = alerts.get(id)?.inhibit_group;
      if (group) groups.add(group);
    }
    return groups;
  }

  function applyInhibitions(
    now: number,
    out: FeedChange[],
    touched: Set<number>,
    groups?: ReadonlySet<string>,
  ): void {
    // Alerts without a slot neither hide nor are hidden: leaving them out changes no verdict.
    const candidates = inhibitRows(groups);
    const verdict = inhibitions(
      candidates.map((r) => ({
        id: r.id,
        state: r.state,
        ...(r.inhibit_group !== null && r.inhibit_rank !== null
          ? { inhibit: { group: r.inhibit_group, rank: r.inhibit_rank } }
          : {}),
      })),
    );
    for (const row of candidates) {
      const by = verdict.get(row.id) ?? null;
      if (by === row.inhibited_by) continue;
      alerts.update(row.id, { inhibited_by: by, updated_at: now });
      const text = by === null ? 'released: the worse alert cleared' : `hidden behind worse alert #${by}`;
      out.push({
        kind: 'log',
        entry: audit.append({
          at: now,
          actor: 'system',
          action: by === null ? 'released' : 'inhibited',
          alert: row.id,
          text,
        }),
      });
      touched.add(row.id);
    }
  }

  function runDeadlines(now: number, out: FeedChange[], touched: Set<number>): void {
    if (!duty) return;
    const resolve = resolver(duty);
    for (const row of dueRows(now)) {
      const ladder = ladderOf(row);
      // An acknowledgement nobody confirmed by its re-check time was not real; a snooze that ran out is over.
      // Either way the alert is triggered again and the ladder starts from the top.
      const isUnconfirmed = row.state === 'acknowledged' && row.recheck_at !== null && row.recheck_at <= now;
      const isSnoozeOver = row.snoozed_until !== null && row.snoozed_until <= now;
      if (isUnconfirmed || isSnoozeOver) {
        let next = alerts.update(row.id, {
          state: 'triggered',
          ack_by: null,
          ack_at: null,
          ack_reason: null,
          recheck_at: null,
          has_new_data: 0,
          ...(isSnoozeOver ? { snoozed_until: null, snooze_by: null, snooze_reason: null } : {}),
          updated_at: now,
        });
        const [action, text] = isUnconfirmed
          ? [
              'auto_un_ack',
              `acknowledgement by ${row.ack_by} not confirmed by its re-check time: triggered again`,
            ]
          : ['snooze_expired', `snooze by ${row.snooze_by} ended: triggered again`];
        out.push({
          kind: 'log',
          entry: audit.append({ at: now, actor: 'system', action, alert: row.id, text }),
        });
        if (ladder) next = applyMove(next, ladder, restartLadder(ladder, now, resolve), now, out);
        touched.add(row.id);
        continue;
      }
      const isWaiting = row.state === 'triggered' && row.snoozed_until === null && row.inhibited_by === null;
      if (!isWaiting || !ladder || row.next_escalation_at === null || row.next_escalation_at > now) continue;
      const move = advanceIfDue(ladder, ladderState(row), now, resolve);
      if (move) {
        applyMove(row, ladder, move, now, out);
        touched.add(row.id);
      }
    }
  }

  function maintainDuty(now: number, out: FeedChange[]): void {
    const result = maintainWatch(config(), watchRepo, now);
    for (const e of result.events) {
      out.push({
        kind: 'log',
        entry: audit.append({ at: now, actor: 'system', action: e.action, text: e.text }),
      });
    }
    if (JSON.stringify(result.duty) !== JSON.stringify(duty)) out.push({ kind: 'duty', duty: result.duty });
    duty = result.duty;
  }

  /**
   * One pass: duty, reporting clocks, rules, deadlines. Publishes what changed after the commit. A pass over some
   * stations (new readings) judges their rules and the inhibitions only: readings change no watch and no clock.
   */
  const pass = db.transaction(
    (now: number, withDeadlines: boolean, stations: ReadonlySet<string> | undefined) => {
      const out: FeedChange[] = [];
      const touched = new Set<number>();
      if (!stations) {
        maintainDuty(now, out);
        // A loop, not push(...): tens of thousands of incidents arriving at once overflowed the stack (issue 13).
        for (const change of syncIncidentClocks(options.picture.incidents(now), config(), {
          obligations,
          audit,
        }))
          out.push(change);
      }
      evaluate(now, out, touched, stations);
      if (withDeadlines) runDeadlines(now, out, touched);
      if (withDeadlines) options.hooks?.tick?.(now, out);
      for (const id of touched) out.push({ kind: 'alert', alert: toAlertFeed(alerts.get(id) as AlertRow) });
      return out;
    },
  );

  function run(withDeadlines: boolean, stations?: ReadonlySet<string>): void {
    // A pass that fails (a full disk) is rolled back, and the duty it computed must go with it: otherwise the
    // retry finds the duty "unchanged" and never tells the watchers of the handover it commits.
    const dutyBefore = duty;
    open.settle();
    openClocks.settle();
    let changes: FeedChange[];
    try {
      changes = pass(clock.now(), withDeadlines, stations);
    } catch (error) {
      duty = dutyBefore;
      throw error;
    }
    if (changes.length > 0) options.publish(changes);
  }

  return {
    evaluate: (stations?: ReadonlySet<string>) => run(false, stations),
    /** The tick: rules and every deadline that has come due. */
    tick: () => run(true),
    repos: { alerts, audit, obligations, watch: watchRepo },
    /** The watch as last computed (the first tick computes it before anyone can connect). */
    currentDuty(): WatchDuty {
      if (!duty) throw new Error('the watch is computed by the first tick');
      return duty;
    },
    resolver: () => (duty ? resolver(duty) : () => undefined),
    /** A rung fired outside a pass (an officer's escalate): reaches the person like one fired by the tick. */
    rungFired: (row: AlertRow, fired: FiredRung, now: number, out: FeedChange[]) =>
      options.hooks?.rungFired?.(row, fired, now, out),
    /** Opens an alert for something outside the rules (a dead-lettered message), inside the caller's transaction. */
    raise: (cond: Condition, now: number, out: FeedChange[]) => openAlert(cond, now, out),
    /** Feed pieces for the snapshot. */
    snapshotParts(now: number) {
      return {
        alerts: alerts.recent(now - CLOSED_ALERT_VISIBLE_MS).map(toAlertFeed),
        obligations: obligations.live(now - CLOSED_ALERT_VISIBLE_MS),
        log: audit.latest(),
      };
    },
  };
}
