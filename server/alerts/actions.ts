import { createHash } from 'node:crypto';
import type { Action, FeedChange, Role } from '../../src/protocol/index.js';
import type { Principal } from '../auth/tokens.js';
import type { Db } from '../db/open-database.js';
import { Refusal } from '../refusal.js';
import { type ActionContext, type ActionSession, openSession } from './action-session.js';
import { acknowledge, confirm, escalate, logCall, resolve, snooze } from './alert-actions.js';
import { callout, note, recordTeam, reportSent, setDuty, startShift } from './desk-actions.js';

export type { ActionContext } from './action-session.js';

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

/** One handler per action type: the compiler checks that every type the protocol knows has one. */
const HANDLERS: { [T in Action['type']]: (action: Extract<Action, { type: T }>, s: ActionSession) => void } =
  {
    'alert.ack': acknowledge,
    'alert.confirm': confirm,
    'alert.escalate': escalate,
    'alert.snooze': snooze,
    'alert.resolve': resolve,
    'call.log': logCall,
    note,
    'report.sent': reportSent,
    'shift.start': startShift,
    'duty.set': setDuty,
    'callout.start': callout,
    'callout.phoned': callout,
    'callout.close': callout,
    'team.record': recordTeam,
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
    const session = openSession(ctx, who.person ?? who.name, who.name);
    const handle = HANDLERS[action.type] as (action: Action, s: ActionSession) => void;
    handle(action, session);
    return session.out;
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
