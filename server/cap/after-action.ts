import type { CapWarning } from '../../src/domain/cap-warning.js';
import type { AuditEntry } from '../../src/protocol/index.js';
import type { Db } from '../db/open-database.js';
import { type CapThreadRow, toCapWarning } from './warnings-repo.js';

/** One CAP message of a warning's thread, as received. */
export type ThreadMessage = {
  msgType: string;
  status: string;
  identifier: string;
  sent: string;
  receivedAt: number;
};

/**
 * What happened to one warning at the duty desk, and how fast (drill mode, escalation-semantics.md idea 8):
 * time to acknowledge, to escalate past the officer, to report (the first call that reached someone), and how
 * it ended. Every time is measured from the moment the alert opened.
 */
export type AfterActionReport = {
  warning: CapWarning;
  messages: ThreadMessage[];
  alert: { id: number; openedAt: number; closedAt: number | null; ladder: string } | null;
  acknowledged: { at: number; by: string; afterMs: number } | null;
  /** The first rung above the officer (the leader on duty, usually), fired by the ladder or asked for by a person. */
  escalated: { at: number; how: string; afterMs: number } | null;
  /** The first call that reached someone: the warning was passed on. */
  reported: { at: number; by: string; text: string; afterMs: number } | null;
  /** Every rung the ladder climbed (in a drill, none of them paged anybody). */
  rungs: { at: number; text: string; afterMs: number }[];
  timeline: AuditEntry[];
  ended: { at: number; how: 'cancelled' | 'expired' | 'resolved' | 'closed' } | null;
};

const ESCALATION_ACTIONS = new Set(['escalated', 'drill_escalated', 'no_one_on_duty']);

/**
 * The warning a person names: by its CAP identifier or its number (`12`, `#12`); with no name, the latest drill.
 */
export function findWarning(db: Db, wanted: string | undefined): number | undefined {
  const row =
    wanted === undefined
      ? db
          .prepare<[], { id: number }>('SELECT id FROM cap_threads WHERE drill = 1 ORDER BY id DESC LIMIT 1')
          .get()
      : db
          .prepare<[string, string], { id: number }>(
            'SELECT id FROM cap_threads WHERE identifier = ? OR CAST(id AS TEXT) = ? ORDER BY id DESC LIMIT 1',
          )
          .get(wanted, wanted.replace(/^#/, ''));
  return row?.id;
}

/** Reads a warning's thread, its alert and its audit entries, and measures them. Undefined: no such warning. */
export function afterActionReport(db: Db, warningId: number): AfterActionReport | undefined {
  const row = db.prepare<[number], CapThreadRow>('SELECT * FROM cap_threads WHERE id = ?').get(warningId);
  if (!row) return undefined;
  const warning = toCapWarning(row);
  const messages = db
    .prepare<
      [number],
      { msg_type: string; status: string; identifier: string; sent: string; received_at: number }
    >('SELECT msg_type, status, identifier, sent, received_at FROM cap_messages WHERE thread = ? ORDER BY id')
    .all(warningId)
    .map((m) => ({
      msgType: m.msg_type,
      status: m.status,
      identifier: m.identifier,
      sent: m.sent,
      receivedAt: m.received_at,
    }));
  const alertRow = db
    .prepare<[string], { id: number; opened_at: number; closed_at: number | null; ladder: string }>(
      'SELECT id, opened_at, closed_at, ladder FROM alerts WHERE key = ? ORDER BY id LIMIT 1',
    )
    .get(`cap:${warning.sender}/${warning.identifier}`);
  const timeline = alertRow
    ? db
        .prepare<[number], AuditEntry>(
          'SELECT id, at, actor, action, alert, incident, obligation, text FROM audit_log WHERE alert = ? ORDER BY id',
        )
        .all(alertRow.id)
    : [];
  return measure(warning, messages, alertRow, timeline);
}

/** The measuring, apart from the reading: pure. */
export function measure(
  warning: CapWarning,
  messages: ThreadMessage[],
  alertRow: { id: number; opened_at: number; closed_at: number | null; ladder: string } | undefined,
  timeline: AuditEntry[],
): AfterActionReport {
  const openedAt = alertRow?.opened_at ?? warning.openedAt;
  const after = (at: number) => at - openedAt;
  const ack = timeline.find((e) => e.action === 'acknowledged');
  const rungs = timeline.filter((e) => ESCALATION_ACTIONS.has(e.action));
  // Rung 1 is the officer who is already at the desk; escalating means reaching past them.
  const pastOfficer = timeline.find(
    (e) =>
      e.action === 'escalation_request' || (ESCALATION_ACTIONS.has(e.action) && !/rung 1\//.test(e.text)),
  );
  const reached = timeline.find((e) => e.action === 'call_logged' && /: reached(?: —|$)/.test(e.text));
  const closedAt = alertRow?.closed_at ?? null;
  const resolvedByHand = timeline.find((e) => e.action === 'resolved');
  let ended: AfterActionReport['ended'] = null;
  if (closedAt !== null) {
    const how = resolvedByHand
      ? 'resolved'
      : warning.state === 'cancelled'
        ? 'cancelled'
        : warning.expiresAt !== null && warning.expiresAt <= closedAt
          ? 'expired'
          : 'closed';
    ended = { at: closedAt, how };
  }
  return {
    warning,
    messages,
    alert: alertRow
      ? { id: alertRow.id, openedAt: alertRow.opened_at, closedAt, ladder: alertRow.ladder }
      : null,
    acknowledged: ack ? { at: ack.at, by: ack.actor, afterMs: after(ack.at) } : null,
    escalated: pastOfficer
      ? {
          at: pastOfficer.at,
          how:
            pastOfficer.action === 'escalation_request' ? `asked by ${pastOfficer.actor}` : 'by the ladder',
          afterMs: after(pastOfficer.at),
        }
      : null,
    reported: reached
      ? { at: reached.at, by: reached.actor, text: reached.text, afterMs: after(reached.at) }
      : null,
    rungs: rungs.map((e) => ({ at: e.at, text: e.text, afterMs: after(e.at) })),
    timeline,
    ended,
  };
}
