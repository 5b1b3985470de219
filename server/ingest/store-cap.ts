import type { CapAlert, CapInfo } from '../../src/cap/cap-alert.js';
import { capTimeToMs, parseCap } from '../../src/cap/parse-cap.js';
import type { CapMessage, Scope } from '../../src/protocol/index.js';
import type { CapThreadRow } from '../cap/warnings-repo.js';
import type { Db } from '../db/open-database.js';
import { Refusal } from '../refusal.js';
import { createActiveWarningLimit } from './active-warning-limit.js';
import type { Change } from './changes.js';
import { requireScope } from './check-message.js';
import { DEFAULT_INGEST_LIMITS } from './open-incident-limit.js';

/** How many CAP problems an error reply lists before "and N more". */
const PROBLEMS_SHOWN = 5;

const DRILL_STATUSES = new Set(['Exercise', 'Test']);
// System messages serve the alert network itself and Drafts are not actionable (CAP 1.2 §3.2.1): kept, not raised.
const ACTIONABLE = new Set(['Actual', 'Exercise', 'Test']);

/** The info block the duty desk reads: Chinese if there is one, else the first. */
function mainInfo(alert: CapAlert): CapInfo | undefined {
  return alert.info.find((i) => i.language.toLowerCase().startsWith('zh')) ?? alert.info[0];
}

/** The thread columns an Alert or Update sets; without an info block the warning is said as plainly as CAP allows. */
function threadFields(alert: CapAlert, info: CapInfo | undefined) {
  const expires = info?.expires === undefined ? Number.NaN : capTimeToMs(info.expires);
  return {
    event: info?.event ?? alert.note ?? alert.identifier,
    headline: info?.headline ?? null,
    area_desc: info?.area.map((a) => a.areaDesc).join('、') || '—',
    urgency: info?.urgency ?? 'Unknown',
    severity: info?.severity ?? 'Unknown',
    certainty: info?.certainty ?? 'Unknown',
    sender_name: info?.senderName ?? null,
    instruction: info?.instruction ?? null,
    expires_at: Number.isNaN(expires) ? null : expires,
  };
}

/**
 * Stores CAP 1.2 messages (issue 8): validates the document, checks the token may pass on this sender's alerts,
 * keeps the XML once per (sender, identifier), and threads it. An `Alert` opens a warning; an `Update` or `Cancel`
 * whose `references` name a message already received changes that warning (an Update whose original never arrived
 * opens one, since the warning is real either way); `Ack` and `Error` are kept with their thread. A resent
 * document (same sender, identifier and text) changes nothing; another document under a used identifier is refused.
 */
export function createCapWriter(
  db: Db,
  maxActivePerSender: () => number = () => DEFAULT_INGEST_LIMITS.maxActiveCapWarningsPerSender,
) {
  const requireRoom = createActiveWarningLimit(db, maxActivePerSender);
  const findMessage = db.prepare<[string, string], { xml: string; thread: number | null }>(
    'SELECT xml, thread FROM cap_messages WHERE sender = ? AND identifier = ?',
  );
  const insertMessage = db.prepare(
    `INSERT INTO cap_messages (journal_seq, sender, identifier, sent, status, msg_type, thread, received_at, xml)
     VALUES (@seq, @sender, @identifier, @sent, @status, @msgType, @thread, @receivedAt, @xml)`,
  );
  const insertThread = db.prepare(
    `INSERT INTO cap_threads (sender, identifier, status, drill, state, event, headline, area_desc, urgency, severity,
       certainty, sender_name, instruction, expires_at, opened_at, updated_at)
     VALUES (@sender, @identifier, @status, @drill, 'active', @event, @headline, @area_desc, @urgency, @severity,
       @certainty, @sender_name, @instruction, @expires_at, @at, @at)`,
  );
  const getThread = db.prepare<[number], CapThreadRow>('SELECT * FROM cap_threads WHERE id = ?');
  const updateThread = db.prepare(
    `UPDATE cap_threads SET state = 'active', event = @event, headline = @headline, area_desc = @area_desc,
       urgency = @urgency, severity = @severity, certainty = @certainty, sender_name = @sender_name,
       instruction = @instruction, expires_at = @expires_at, updated_at = @at, messages = messages + 1
     WHERE id = @id`,
  );
  const cancelThread = db.prepare(
    "UPDATE cap_threads SET state = 'cancelled', updated_at = @at, messages = messages + 1 WHERE id = @id",
  );
  const countMessage = db.prepare('UPDATE cap_threads SET messages = messages + 1 WHERE id = ?');

  function parse(xml: string): CapAlert {
    const parsed = parseCap(xml);
    if (parsed.ok) return parsed.alert;
    const shown = parsed.problems.slice(0, PROBLEMS_SHOWN).map((p) => `${p.path}: ${p.message}`);
    const more = parsed.problems.length - shown.length;
    throw new Refusal(
      'INVALID_MESSAGE',
      `xml: not a valid CAP 1.2 alert — ${shown.join('; ')}${more > 0 ? `; and ${more} more` : ''}`,
      'xml',
    );
  }

  // The thread of the first referenced message we hold, if any.
  function referencedThread(alert: CapAlert): CapThreadRow | undefined {
    for (const ref of alert.references) {
      const thread = findMessage.get(ref.sender, ref.identifier)?.thread;
      if (thread !== undefined && thread !== null) return getThread.get(thread);
    }
    return undefined;
  }

  function thread(alert: CapAlert, receivedAt: number): number | null {
    if (!ACTIONABLE.has(alert.status)) return null;
    const isDrill = DRILL_STATUSES.has(alert.status);
    const existing = alert.msgType === 'Alert' ? undefined : referencedThread(alert);
    if (existing && (existing.drill === 1) !== isDrill) {
      // An exercise must never turn real, nor a real warning into an exercise, by a careless reference.
      throw new Refusal(
        'INVALID_STATE',
        `xml: alert.status: this ${alert.msgType} (${alert.status}) references ${existing.drill === 1 ? 'an exercise' : 'a real'} warning (${existing.status}); send it with the same kind of status`,
        'xml',
      );
    }
    const fields = threadFields(alert, mainInfo(alert));
    switch (alert.msgType) {
      case 'Alert':
      case 'Update':
        if (existing) {
          updateThread.run({ ...fields, id: existing.id, at: receivedAt });
          return existing.id;
        }
        requireRoom(alert.sender, receivedAt);
        return Number(
          insertThread.run({
            ...fields,
            sender: alert.sender,
            identifier: alert.identifier,
            status: alert.status,
            drill: isDrill ? 1 : 0,
            at: receivedAt,
          }).lastInsertRowid,
        );
      case 'Cancel':
        if (!existing) return null;
        cancelThread.run({ id: existing.id, at: receivedAt });
        return existing.id;
      case 'Ack':
      case 'Error':
        if (existing) countMessage.run(existing.id);
        return existing?.id ?? null;
    }
  }

  return function write(
    msg: CapMessage,
    seq: number,
    receivedAt: number,
    scope: Scope | undefined,
  ): Change[] {
    const alert = parse(msg.xml);
    requireScope(scope?.capSenders, alert.sender, 'xml', 'CAP sender');
    const prior = findMessage.get(alert.sender, alert.identifier);
    if (prior) {
      if (prior.xml === msg.xml) return [];
      throw new Refusal(
        'INVALID_STATE',
        `xml: alert.identifier: "${alert.identifier}" from "${alert.sender}" was already received with different content; CAP identifiers are unique per sender — give a new message a new identifier and reference the old one`,
        'xml',
      );
    }
    const threadId = thread(alert, receivedAt);
    insertMessage.run({
      seq,
      sender: alert.sender,
      identifier: alert.identifier,
      sent: alert.sent,
      status: alert.status,
      msgType: alert.msgType,
      thread: threadId,
      receivedAt,
      xml: msg.xml,
    });
    return threadId === null ? [] : [{ kind: 'cap', warning: threadId }];
  };
}
