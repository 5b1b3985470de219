import type { Action } from '../../src/protocol/index.js';
import { Refusal } from '../refusal.js';
import type { ActionSession } from './action-session.js';

type Of<T extends Action['type']> = Extract<Action, { type: T }>;

/** The officer takes the alert: the ladder stops until the re-check time, when the collector asks again. */
export function acknowledge(action: Of<'alert.ack'>, s: ActionSession): void {
  const { now, maxRecheckHours, engine } = s.ctx;
  const row = s.openAlert(action.alert);
  const recheckAt = s.future(action.recheckAt, maxRecheckHours, 'recheckAt', 're-check time');
  engine.repos.alerts.update(row.id, {
    state: 'acknowledged',
    ack_by: s.person,
    ack_at: now,
    ack_reason: action.reason,
    ack_value: row.value,
    recheck_at: recheckAt,
    has_new_data: 0,
    next_escalation_at: null,
    updated_at: now,
  });
  s.log({
    at: now,
    actor: s.person,
    action: 'acknowledged',
    alert: row.id,
    text: `${action.reason} (re-check ${new Date(recheckAt).toISOString()})`,
  });
  s.publishAlert(row.id);
}

/** Still on it: an acknowledged alert's re-check moves on, the value it was taken at is now's. */
export function confirm(action: Of<'alert.confirm'>, s: ActionSession): void {
  const { now, maxRecheckHours, engine } = s.ctx;
  const row = s.openAlert(action.alert);
  if (row.state !== 'acknowledged')
    throw new Refusal('INVALID_STATE', `alert: #${row.id} is not acknowledged`, 'alert');
  const recheckAt = s.future(action.recheckAt, maxRecheckHours, 'recheckAt', 're-check time');
  engine.repos.alerts.update(row.id, {
    recheck_at: recheckAt,
    has_new_data: 0,
    ack_value: row.value,
    updated_at: now,
  });
  s.log({
    at: now,
    actor: s.person,
    action: 'confirmed',
    alert: row.id,
    text: `still on it; re-check ${new Date(recheckAt).toISOString()}`,
  });
  s.publishAlert(row.id);
}

/** The next rung now, not at its deadline. */
export function escalate(action: Of<'alert.escalate'>, s: ActionSession): void {
  const row = s.openAlert(action.alert);
  s.climb(row, action.reason ?? 'escalate now');
  s.publishAlert(row.id);
}

/** The ladder waits until the given time; the alert stays open. */
export function snooze(action: Of<'alert.snooze'>, s: ActionSession): void {
  const { now, maxSnoozeHours, engine } = s.ctx;
  const row = s.openAlert(action.alert);
  const until = s.future(action.until, maxSnoozeHours, 'until', 'snooze expiry');
  engine.repos.alerts.update(row.id, {
    snoozed_until: until,
    snooze_by: s.person,
    snooze_reason: action.reason,
    updated_at: now,
  });
  s.log({
    at: now,
    actor: s.person,
    action: 'snoozed',
    alert: row.id,
    text: `${action.reason} (until ${new Date(until).toISOString()})`,
  });
  s.publishAlert(row.id);
}

/** Closed by a person, with the reason. */
export function resolve(action: Of<'alert.resolve'>, s: ActionSession): void {
  const { now, engine } = s.ctx;
  const row = s.openAlert(action.alert);
  engine.repos.alerts.update(row.id, {
    state: 'closed',
    closed_at: now,
    closed_by_human: 1,
    clear_since: null,
    next_escalation_at: null,
    updated_at: now,
  });
  s.log({ at: now, actor: s.person, action: 'resolved', alert: row.id, text: action.reason });
  s.publishAlert(row.id);
}

/** A phone call made, about an alert or not; nobody answering moves the alert's ladder on. */
export function logCall(action: Of<'call.log'>, s: ActionSession): void {
  const row = action.alert === undefined ? undefined : s.openAlert(action.alert);
  const result = action.outcome === 'reached' ? 'reached' : 'no answer';
  s.log({
    at: s.ctx.now,
    actor: s.person,
    action: 'call_logged',
    alert: row?.id ?? null,
    text: `called ${action.to}: ${result}${action.note ? ` — ${action.note}` : ''}`,
  });
  // Nobody answered: the ladder moves on now rather than waiting out the rung (oncall#2622).
  if (row && action.outcome === 'no_answer') s.climb(row, `no answer from ${action.to}`);
  if (row) s.publishAlert(row.id);
}
