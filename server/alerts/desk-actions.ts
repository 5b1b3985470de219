import { planNextFollowup } from '../../src/domain/reporting-clocks.js';
import type { Action } from '../../src/protocol/index.js';
import { Refusal } from '../refusal.js';
import type { ActionSession } from './action-session.js';
import type { AlertRow } from './alerts-repo.js';
import { toAlertFeed } from './alerts-repo.js';
import { incidentFacts } from './incident-clocks.js';

type Of<T extends Action['type']> = Extract<Action, { type: T }>;

/** A note in the log, about an alert, an incident, or the watch. */
export function note(action: Of<'note'>, s: ActionSession): void {
  if (action.alert !== undefined && !s.ctx.engine.repos.alerts.get(action.alert)) {
    throw new Refusal('NOT_FOUND', `alert: no alert #${action.alert}`, 'alert');
  }
  if (action.incident !== undefined && !s.ctx.incident(action.incident)) {
    throw new Refusal('NOT_FOUND', `incident: no incident "${action.incident}"`, 'incident');
  }
  s.log({
    at: s.ctx.now,
    actor: s.person,
    action: 'note',
    alert: action.alert ?? null,
    incident: action.incident ?? null,
    text: action.text,
  });
}

/** A report that was due went out: its clock is done, and a follow-up's next one is planned. */
export function reportSent(action: Of<'report.sent'>, s: ActionSession): void {
  const { now, config } = s.ctx;
  const { obligations } = s.ctx.engine.repos;
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
  const text = `${action.channel} to ${action.to}${action.note ? ` — ${action.note}` : ''}`;
  s.out.push({
    kind: 'obligation',
    obligation: obligations.finish(obligation.id, 'done', now, s.person, text),
  });
  s.log({
    at: now,
    actor: s.person,
    action: 'report_sent',
    incident: obligation.incident,
    obligation: obligation.id,
    text: `${obligation.kind} report: ${text}`,
  });
  const incident = s.ctx.incident(obligation.incident);
  if (obligation.kind === 'followup' && incident) {
    const next = planNextFollowup(incidentFacts(incident, config), now, config.reporting);
    if (next)
      s.out.push({
        kind: 'obligation',
        obligation: obligations.create({ incident: incident.code, ...next }, now),
      });
  }
}

/** The person takes the watch, accepting a handover offered to them or taking it from whoever held it. */
export function startShift(_action: Of<'shift.start'>, s: ActionSession): void {
  const { now, engine } = s.ctx;
  const watch = engine.repos.watch.get();
  if (!watch) throw new Refusal('INVALID_STATE', 'the watch is not set up yet; try again in a second');
  if (watch.officer === s.person && watch.handover_to === null) {
    throw new Refusal('INVALID_STATE', `${s.person} already holds the watch`);
  }
  const isAccepting = watch.handover_to === s.person;
  engine.repos.watch.save({ officer: s.person, since: now, handoverTo: null, handoverSince: null });
  s.log({
    at: now,
    actor: s.person,
    action: isAccepting ? 'handover_accepted' : 'shift_started',
    text: isAccepting
      ? `${s.person} accepted the watch from ${watch.officer}`
      : `${s.person} took the watch from ${watch.officer}`,
  });
  // Alerts on the officer's rung are now the new holder's; their deadlines do not move.
  for (const row of engine.repos.alerts.open()) {
    if (row.rung_target !== 'officer' || row.rung_person === s.person) continue;
    engine.repos.alerts.update(row.id, { rung_person: s.person, updated_at: now });
    s.out.push({ kind: 'alert', alert: toAlertFeed(engine.repos.alerts.get(row.id) as AlertRow) });
  }
}

/** A leader changes the roster for a day. */
export function setDuty(action: Of<'duty.set'>, s: ActionSession): void {
  const { now, config, engine } = s.ctx;
  const people = new Set(config.people.map((p) => p.id));
  for (const field of ['officer', 'leader'] as const) {
    if (!people.has(action[field]))
      throw new Refusal('NOT_FOUND', `${field}: no person "${action[field]}"`, field);
  }
  engine.repos.watch.setOverride(action.date, action.officer, action.leader, s.person, now);
  s.log({
    at: now,
    actor: s.person,
    action: 'roster_changed',
    text: `${action.date}: officer ${action.officer}, leader ${action.leader}`,
  });
}

/** 叫应: handed to the call-out service (server/notify), inside this action's transaction. */
export function callout(
  action: Of<'callout.start' | 'callout.phoned' | 'callout.close'>,
  s: ActionSession,
): void {
  if (!s.ctx.callout) throw new Refusal('INVALID_STATE', 'call-outs are not set up on this collector');
  s.ctx.callout(action, s.person, s.out);
}

/** A phone report of a team: stored like the ingest message, and audited with who entered it. */
export function recordTeam(action: Of<'team.record'>, s: ActionSession): void {
  if (!s.ctx.recordTeam) throw new Refusal('INVALID_STATE', 'this collector does not track rescue teams');
  s.out.push(...s.ctx.recordTeam(action, s.token, s.ctx.now));
  const people = action.headcount !== undefined ? ` ${action.headcount}` : '';
  s.log({
    at: s.ctx.now,
    actor: s.person,
    action: `team_${action.event}`,
    alert: null,
    incident: action.incident,
    obligation: null,
    text: `${action.team}${people} ${action.event} ${action.at}${action.note ? ` — ${action.note}` : ''} (by phone)`,
  });
}
