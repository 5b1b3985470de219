import { createHash } from 'node:crypto';
import { escalateNow } from '../../src/domain/escalation.js';
import { planNextFollowup } from '../../src/domain/reporting-clocks.js';
import type { Action, FeedChange, IncidentFeed, Role, TeamRecord } from '../../src/protocol/index.js';
import type { Principal } from '../auth/tokens.js';
import type { Db } from '../db/open-database.js';
import { Refusal } from '../refusal.js';
import type { AlertRow } from './alerts-repo.js';
import { toAlertFeed } from './alerts-repo.js';
import type { AlertEngine } from './engine.js';
import { incidentFacts } from './incident-clocks.js';
import { describeFired, ladderColumns } from './ladder-log.js';

// What each role may do on /watch. Viewers watch; only leaders and admins change the roster.
const ALLOWED: Readonly<Record<Role, readonly Action['type'][] | 'all'>> = {
  admin: 'all',
  leader: 'all',
  officer: [
    'alert.ack',
    'alert.confirm',
    'alert.escalate',
    'alert.snooze',
    'alert.resolve',
    'note',
    'call.log',
    'report.sent',
    'shift.start',
    'callout.start',
    'callout.phoned',
    'callout.close',
    'team.record',
  ],
  viewer: [],
  source: [],
};

const HOUR = 3_600_000;

export type ActionContext = {
  db: Db;
  engine: AlertEngine;
  now: number;
  maxRecheckHours: number;
  maxSnoozeHours: number;
  incident: (code: string) => IncidentFeed | undefined;
  config: Parameters<typeof incidentFacts>[1];
  /** Call-out actions (叫应, server/notify), carried out inside this action's transaction. */
  callout?: (
    action: Extract<Action, { type: `callout.${string}` }>,
    person: string,
    out: FeedChange[],
  ) => void;
  /** Stores a team's dispatch, arrival or return reported by phone; absent where forces are not wired. */
  recordTeam?: (action: TeamRecord, token: string, now: number) => FeedChange[];
};

/**
 * Carries out one console action in one transaction, with its audit entry naming the person. Returns the
 * feed changes it made, or 'duplicate' for an action id this token already sent. Throws Refusal.
 */
export function performAction(
  action: Action,
  who: Principal,
  ctx: ActionContext,
): FeedChange[] | 'duplicate' {
  const allowed = ALLOWED[who.role];
  if (allowed !== 'all' && !allowed.includes(action.type)) {
    throw new Refusal('FORBIDDEN', `role ${who.role} may not ${action.type}`);
  }
  const run = ctx.db.transaction((): FeedChange[] | 'duplicate' => {
    if (!journal(ctx.db, who.name, action, ctx.now)) return 'duplicate';
    if (action.type === 'team.record') return recordTeam(action, who, ctx);
    return apply(action, who.person ?? who.name, ctx);
  });
  return run();
}

// (token, id) answered once, like ingest; the same id with another body is a client bug.
function journal(db: Db, token: string, action: Action, now: number): boolean {
  const hash = createHash('sha256').update(JSON.stringify(action)).digest('hex');
  const inserted = db
    .prepare(
      'INSERT INTO action_journal (token, msg_id, received_at, body_hash) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
    )
    .run(token, action.id, now, hash);
  if (inserted.changes === 1) return true;
  const stored = db
    .prepare<[string, string], { body_hash: string }>(
      'SELECT body_hash FROM action_journal WHERE token = ? AND msg_id = ?',
    )
    .get(token, action.id);
  if (stored?.body_hash === hash) return false;
  throw new Refusal('ID_REUSED', `id: "${action.id}" was already used for a different action`, 'id');
}

function openAlert(ctx: ActionContext, id: number): AlertRow {
  const row = ctx.engine.repos.alerts.get(id);
  if (!row) throw new Refusal('NOT_FOUND', `alert: no alert #${id}`, 'alert');
  if (row.state === 'closed') throw new Refusal('INVALID_STATE', `alert: #${id} is already closed`, 'alert');
  return row;
}

function future(iso: string, now: number, maxHours: number, field: string, what: string): number {
  const at = Date.parse(iso);
  if (at <= now) throw new Refusal('INVALID_MESSAGE', `${field}: the ${what} must be in the future`, field);
  if (at > now + maxHours * HOUR) {
    throw new Refusal('INVALID_MESSAGE', `${field}: the ${what} may be at most ${maxHours} h ahead`, field);
  }
  return at;
}

function apply(action: Exclude<Action, TeamRecord>, person: string, ctx: ActionContext): FeedChange[] {
  const { engine, now } = ctx;
  const { alerts, audit, obligations } = engine.repos;
  const out: FeedChange[] = [];
  const log = (entry: Parameters<typeof audit.append>[0]) =>
    out.push({ kind: 'log', entry: audit.append(entry) });
  const publishAlert = (id: number) =>
    out.push({ kind: 'alert', alert: toAlertFeed(alerts.get(id) as AlertRow) });
  const ladderOf = (row: AlertRow) => ctx.config.escalation.ladders[row.ladder];
  const climb = (row: AlertRow, reason: string) => {
    const ladder = ladderOf(row);
    if (!ladder)
      throw new Refusal('INVALID_STATE', `alert: #${row.id} has no ladder to climb (${row.ladder})`, 'alert');
    const move = escalateNow(
      ladder,
      { step: row.step, loop: row.loop, nextAt: row.next_escalation_at, isExhausted: row.is_exhausted === 1 },
      now,
      engine.resolver(),
    );
    log({ at: now, actor: person, action: 'escalation_request', alert: row.id, text: reason });
    for (const fired of move.fired) {
      log({ at: now, actor: 'system', alert: row.id, ...describeFired(fired, ladder, row.drill === 1) });
      engine.rungFired(row, fired, now, out);
    }
    alerts.update(row.id, { ...ladderColumns(move), updated_at: now });
  };

  switch (action.type) {
    case 'alert.ack': {
      const row = openAlert(ctx, action.alert);
      const recheckAt = future(action.recheckAt, now, ctx.maxRecheckHours, 'recheckAt', 're-check time');
      alerts.update(row.id, {
        state: 'acknowledged',
        ack_by: person,
        ack_at: now,
        ack_reason: action.reason,
        ack_value: row.value,
        recheck_at: recheckAt,
        has_new_data: 0,
        next_escalation_at: null,
        updated_at: now,
      });
      log({
        at: now,
        actor: person,
        action: 'acknowledged',
        alert: row.id,
        text: `${action.reason} (re-check ${new Date(recheckAt).toISOString()})`,
      });
      publishAlert(row.id);
      return out;
    }
    case 'alert.confirm': {
      const row = openAlert(ctx, action.alert);
      if (row.state !== 'acknowledged')
        throw new Refusal('INVALID_STATE', `alert: #${row.id} is not acknowledged`, 'alert');
      const recheckAt = future(action.recheckAt, now, ctx.maxRecheckHours, 'recheckAt', 're-check time');
      alerts.update(row.id, {
        recheck_at: recheckAt,
        has_new_data: 0,
        ack_value: row.value,
        updated_at: now,
      });
      log({
        at: now,
        actor: person,
        action: 'confirmed',
        alert: row.id,
        text: `still on it; re-check ${new Date(recheckAt).toISOString()}`,
      });
      publishAlert(row.id);
      return out;
    }
    case 'alert.escalate': {
      const row = openAlert(ctx, action.alert);
      climb(row, action.reason ?? 'escalate now');
      publishAlert(row.id);
      return out;
    }
    case 'alert.snooze': {
      const row = openAlert(ctx, action.alert);
      const until = future(action.until, now, ctx.maxSnoozeHours, 'until', 'snooze expiry');
      alerts.update(row.id, {
        snoozed_until: until,
        snooze_by: person,
        snooze_reason: action.reason,
        updated_at: now,
      });
      log({
        at: now,
        actor: person,
        action: 'snoozed',
        alert: row.id,
        text: `${action.reason} (until ${new Date(until).toISOString()})`,
      });
      publishAlert(row.id);
      return out;
    }
    case 'alert.resolve': {
      const row = openAlert(ctx, action.alert);
      alerts.update(row.id, {
        state: 'closed',
        closed_at: now,
        closed_by_human: 1,
        clear_since: null,
        next_escalation_at: null,
        updated_at: now,
      });
      log({ at: now, actor: person, action: 'resolved', alert: row.id, text: action.reason });
      publishAlert(row.id);
      return out;
    }
    case 'note': {
      if (action.alert !== undefined && !alerts.get(action.alert)) {
        throw new Refusal('NOT_FOUND', `alert: no alert #${action.alert}`, 'alert');
      }
      if (action.incident !== undefined && !ctx.incident(action.incident)) {
        throw new Refusal('NOT_FOUND', `incident: no incident "${action.incident}"`, 'incident');
      }
      log({
        at: now,
        actor: person,
        action: 'note',
        alert: action.alert ?? null,
        incident: action.incident ?? null,
        text: action.text,
      });
      return out;
    }
    case 'call.log': {
      const row = action.alert === undefined ? undefined : openAlert(ctx, action.alert);
      const result = action.outcome === 'reached' ? 'reached' : 'no answer';
      log({
        at: now,
        actor: person,
        action: 'call_logged',
        alert: row?.id ?? null,
        text: `called ${action.to}: ${result}${action.note ? ` — ${action.note}` : ''}`,
      });
      // Nobody answered: the ladder moves on now rather than waiting out the rung (oncall#2622).
      if (row && action.outcome === 'no_answer') climb(row, `no answer from ${action.to}`);
      if (row) publishAlert(row.id);
      return out;
    }
    case 'report.sent': {
      const obligation = obligations.get(action.obligation);
      if (!obligation)
        throw new Refusal('NOT_FOUND', `obligation: no reporting clock #${action.obligation}`, 'obligation');
      if (obligation.state !== 'open') {
        throw new Refusal(
          'INVALID_STATE',
          `obligation: #${obligation.id} is already ${obligation.state}`,
          'obligation',
        );
      }
      const note = `${action.channel} to ${action.to}${action.note ? ` — ${action.note}` : ''}`;
      out.push({
        kind: 'obligation',
        obligation: obligations.finish(obligation.id, 'done', now, person, note),
      });
      log({
        at: now,
        actor: person,
        action: 'report_sent',
        incident: obligation.incident,
        obligation: obligation.id,
        text: `${obligation.kind} report: ${note}`,
      });
      const incident = ctx.incident(obligation.incident);
      if (obligation.kind === 'followup' && incident) {
        const next = planNextFollowup(incidentFacts(incident, ctx.config), now, ctx.config.reporting);
        if (next)
          out.push({
            kind: 'obligation',
            obligation: obligations.create({ incident: incident.code, ...next }, now),
          });
      }
      return out;
    }
    case 'shift.start':
      return startShift(person, ctx, log, out);
    case 'callout.start':
    case 'callout.phoned':
    case 'callout.close':
      if (!ctx.callout) throw new Refusal('INVALID_STATE', 'call-outs are not set up on this collector');
      ctx.callout(action, person, out);
      return out;
    case 'duty.set': {
      const people = new Set(ctx.config.people.map((p) => p.id));
      for (const field of ['officer', 'leader'] as const) {
        if (!people.has(action[field]))
          throw new Refusal('NOT_FOUND', `${field}: no person "${action[field]}"`, field);
      }
      engine.repos.watch.setOverride(action.date, action.officer, action.leader, person, now);
      log({
        at: now,
        actor: person,
        action: 'roster_changed',
        text: `${action.date}: officer ${action.officer}, leader ${action.leader}`,
      });
      return out;
    }
  }
}

function startShift(
  person: string,
  ctx: ActionContext,
  log: (entry: { at: number; actor: string; action: string; text: string }) => void,
  out: FeedChange[],
): FeedChange[] {
  const watch = ctx.engine.repos.watch.get();
  if (!watch) throw new Refusal('INVALID_STATE', 'the watch is not set up yet; try again in a second');
  if (watch.officer === person && watch.handover_to === null) {
    throw new Refusal('INVALID_STATE', `${person} already holds the watch`);
  }
  const isAccepting = watch.handover_to === person;
  ctx.engine.repos.watch.save({ officer: person, since: ctx.now, handoverTo: null, handoverSince: null });
  log({
    at: ctx.now,
    actor: person,
    action: isAccepting ? 'handover_accepted' : 'shift_started',
    text: isAccepting
      ? `${person} accepted the watch from ${watch.officer}`
      : `${person} took the watch from ${watch.officer}`,
  });
  // Alerts on the officer's rung are now the new holder's; their deadlines do not move.
  for (const row of ctx.engine.repos.alerts.open()) {
    if (row.rung_target !== 'officer' || row.rung_person === person) continue;
    ctx.engine.repos.alerts.update(row.id, { rung_person: person, updated_at: ctx.now });
    out.push({ kind: 'alert', alert: toAlertFeed(ctx.engine.repos.alerts.get(row.id) as AlertRow) });
  }
  return out;
}

// A phone report of a team: stored like the ingest message, and audited with who entered it.
function recordTeam(action: TeamRecord, who: Principal, ctx: ActionContext): FeedChange[] {
  if (!ctx.recordTeam) throw new Refusal('INVALID_STATE', 'this collector does not track rescue teams');
  const out = ctx.recordTeam(action, who.name, ctx.now);
  const people = action.headcount !== undefined ? ` ${action.headcount}` : '';
  const entry = ctx.engine.repos.audit.append({
    at: ctx.now,
    actor: who.person ?? who.name,
    action: `team_${action.event}`,
    alert: null,
    incident: action.incident,
    obligation: null,
    text: `${action.team}${people} ${action.event} ${action.at}${action.note ? ` — ${action.note}` : ''} (by phone)`,
  });
  return [...out, { kind: 'log', entry }];
}
