import type { CapAlert } from '../../src/cap/cap-alert.js';
import { decodeCapBytes, textEncodingProblem } from '../../src/cap/cap-encoding.js';
import { parseCap } from '../../src/cap/parse-cap.js';
import type { CapMessage, Scope } from '../../src/protocol/index.js';
import { createCapThreader } from '../cap/thread-cap.js';
import type { Db } from '../db/open-database.js';
import { Refusal } from '../refusal.js';
import { createActiveWarningLimit } from './active-warning-limit.js';
import type { Change } from './changes.js';
import { requireScope } from './check-message.js';
import { DEFAULT_INGEST_LIMITS } from './open-incident-limit.js';

/** How many CAP problems an error reply lists before "and N more". */
const PROBLEMS_SHOWN = 5;

/**
 * The document as text: `xml` as sent, or `xmlBase64` decoded as its XML declaration says (issue 14). What is
 * kept is this text; decoding GB18030 loses nothing, so the bytes can be had again by encoding it back.
 */
function documentText(msg: CapMessage): string {
  if (msg.xmlBase64 !== undefined) {
    const decoded = decodeCapBytes(Buffer.from(msg.xmlBase64, 'base64'));
    if (!decoded.ok) throw new Refusal('INVALID_MESSAGE', `xmlBase64: ${decoded.message}`, 'xmlBase64');
    return decoded.text;
  }
  const xml = msg.xml ?? '';
  const problem = textEncodingProblem(xml);
  if (problem !== undefined) throw new Refusal('INVALID_MESSAGE', `xml: ${problem}`, 'xml');
  return xml;
}

/**
 * Stores CAP 1.2 messages (issues 8, 14): validates the document, checks the token may pass on this sender's
 * alerts, keeps it once per (sender, identifier), and threads it into its warning (server/cap/thread-cap.ts). A
 * resent document (same sender, identifier and text) changes nothing; another document under a used identifier is
 * refused.
 */
export function createCapWriter(
  db: Db,
  maxActivePerSender: () => number = () => DEFAULT_INGEST_LIMITS.maxActiveCapWarningsPerSender,
) {
  // A new warning past the sender's bound is refused (LIMIT_REACHED); updates and cancels of open ones always pass.
  const requireRoom = createActiveWarningLimit(db, maxActivePerSender);
  const thread = createCapThreader(db, requireRoom);
  const findMessage = db.prepare<[string, string], { xml: string; thread: number | null }>(
    'SELECT xml, thread FROM cap_messages WHERE sender = ? AND identifier = ?',
  );
  const insertMessage = db.prepare(
    `INSERT INTO cap_messages (journal_seq, sender, identifier, sent, status, msg_type, thread, received_at, xml)
     VALUES (@seq, @sender, @identifier, @sent, @status, @msgType, @thread, @receivedAt, @xml)`,
  );

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

  return function write(
    msg: CapMessage,
    seq: number,
    receivedAt: number,
    scope: Scope | undefined,
  ): Change[] {
    const xml = documentText(msg);
    const alert = parse(xml);
    requireScope(scope?.capSenders, alert.sender, 'xml', 'CAP sender');
    const prior = findMessage.get(alert.sender, alert.identifier);
    if (prior) {
      if (prior.xml === xml) return [];
      throw new Refusal(
        'INVALID_STATE',
        `xml: alert.identifier: "${alert.identifier}" from "${alert.sender}" was already received with different content; CAP identifiers are unique per sender — give a new message a new identifier and reference the old one`,
        'xml',
      );
    }
    const threads = thread(alert, receivedAt);
    insertMessage.run({
      seq,
      sender: alert.sender,
      identifier: alert.identifier,
      sent: alert.sent,
      status: alert.status,
      msgType: alert.msgType,
      thread: threads[0] ?? null,
      receivedAt,
      xml,
    });
    return threads.map((warning): Change => ({ kind: 'cap', warning }));
  };
}
