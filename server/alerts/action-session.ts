import { escalateNow } from '../../src/domain/escalation.js';
import { HOUR_MS } from '../../src/domain/local-time.js';
import type { Action, FeedChange, IncidentFeed, TeamRecord } from '../../src/protocol/index.js';
import type { Db } from '../db/open-database.js';
import { Refusal } from '../refusal.js';
import type { AlertRow } from './alerts-repo.js';
import { toAlertFeed } from './alerts-repo.js';
import type { AlertEngine } from './engine.js';
import type { incidentFacts } from './incident-clocks.js';
import { describeFired, ladderColumns, ladderState } from './ladder-log.js';

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

type AuditEntry = Parameters<AlertEngine['repos']['audit']['append']>[0];

/** One action being carried out: who does it, what it has changed so far, and the steps actions share. */
export type ActionSession = {
  readonly ctx: ActionContext;
  /** The person the audit names (the token's person, else the token's name). */
  readonly person: string;
  /** The token's name, for what is stored per token. */
  readonly token: string;
  /** The feed changes made so far. */
  readonly out: FeedChange[];
  /** Appends an audit entry and sends it to the consoles. */
  log(entry: AuditEntry): void;
  /** Sends an alert as it now stands. */
  publishAlert(id: number): void;
  /** An alert that exists and is not closed, or a refusal. */
  openAlert(id: number): AlertRow;
  /** Fires the alert's next rung now (an officer's escalation, or a call nobody answered). */
  climb(row: AlertRow, reason: string): void;
  /** A time in the future and at most `maxHours` ahead, or a refusal naming the field. */
  future(iso: string, maxHours: number, field: string, what: string): number;
};

export function openSession(ctx: ActionContext, person: string, token: string): ActionSession {
  const { engine, now } = ctx;
  const { alerts, audit } = engine.repos;
  const out: FeedChange[] = [];
  const log = (entry: AuditEntry) => out.push({ kind: 'log', entry: audit.append(entry) });
  const openAlert = (id: number): AlertRow => {
    const row = alerts.get(id);
    if (!row) throw new Refusal('NOT_FOUND', `alert: no alert #${id}`, 'alert');
    if (row.state === 'closed')
      throw new Refusal('INVALID_STATE', `alert: #${id} is already closed`, 'alert');
    return row;
  };
  return {
    ctx,
    person,
    token,
    out,
    log,
    openAlert,
    publishAlert: (id) => out.push({ kind: 'alert', alert: toAlertFeed(alerts.get(id) as AlertRow) }),
    climb(row, reason) {
      const ladder = ctx.config.escalation.ladders[row.ladder];
      if (!ladder)
        throw new Refusal(
          'INVALID_STATE',
          `alert: #${row.id} has no ladder to climb (${row.ladder})`,
          'alert',
        );
      const move = escalateNow(ladder, ladderState(row), now, engine.resolver());
      log({ at: now, actor: person, action: 'escalation_request', alert: row.id, text: reason });
      for (const fired of move.fired) {
        log({ at: now, actor: 'system', alert: row.id, ...describeFired(fired, ladder, row.drill === 1) });
        engine.rungFired(row, fired, now, out);
      }
      alerts.update(row.id, { ...ladderColumns(move), updated_at: now });
    },
    future(iso, maxHours, field, what) {
      const at = Date.parse(iso);
      if (at <= now)
        throw new Refusal('INVALID_MESSAGE', `${field}: the ${what} must be in the future`, field);
      if (at > now + maxHours * HOUR_MS) {
        throw new Refusal(
          'INVALID_MESSAGE',
          `${field}: the ${what} may be at most ${maxHours} h ahead`,
          field,
        );
      }
      return at;
    },
  };
}
