import type { CapAlert, CapInfo, CapReference } from '../../src/cap/cap-alert.js';
import { capTimeToMs } from '../../src/cap/parse-cap.js';
import type { Db } from '../db/open-database.js';
import { Refusal } from '../refusal.js';
import type { CapThreadRow } from './warnings-repo.js';

const DRILL_STATUSES = new Set(['Exercise', 'Test']);
// System messages serve the alert network itself and Drafts are not actionable (CAP 1.2 §3.2.1): kept, not raised.
const ACTIONABLE = new Set(['Actual', 'Exercise', 'Test']);

/** The columns of a warning an Alert or Update sets. */
function contentOf(row: CapThreadRow) {
  const { event, headline, area_desc, urgency, severity, certainty, sender_name, instruction, expires_at } =
    row;
  return { event, headline, area_desc, urgency, severity, certainty, sender_name, instruction, expires_at };
}

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
 * Threads CAP messages into warnings (issues 8, 14): every message linked by `references`, in whatever order they
 * arrive. Each message's own identity and the identities it references point to its warning (`cap_thread_keys`),
 * so an Alert that arrives after its own Update joins the Update's warning instead of opening a second one. An
 * Alert or Update opens a warning when it links to none; its content replaces the warning's only if it was sent no
 * earlier than what the warning shows. A Cancel ends every warning it links to, and one that arrives first leaves
 * an ended warning behind, so its Alert arriving late raises nothing. `Ack` and `Error` are kept with their
 * warning. Returns the warnings a message changed, the one it is filed under first.
 */
export function createCapThreader(
  db: Db,
  /** Called before a new warning in force is opened; throws to refuse it (the sender's bound). */
  beforeNewWarning: (sender: string, at: number) => void = () => undefined,
): (alert: CapAlert, receivedAt: number) => number[] {
  const insertThread = db.prepare(
    `INSERT INTO cap_threads (sender, identifier, status, drill, state, event, headline, area_desc, urgency, severity,
       certainty, sender_name, instruction, expires_at, opened_at, updated_at, content_sent)
     VALUES (@sender, @identifier, @status, @drill, @state, @event, @headline, @area_desc, @urgency, @severity,
       @certainty, @sender_name, @instruction, @expires_at, @at, @at, @content_sent)`,
  );
  const threadsOfKey = db.prepare<[string, string], CapThreadRow>(
    `SELECT t.* FROM cap_thread_keys k JOIN cap_threads t ON t.id = k.thread
     WHERE k.sender = ? AND k.identifier = ?`,
  );
  const insertKey = db.prepare(
    'INSERT OR IGNORE INTO cap_thread_keys (sender, identifier, thread) VALUES (?, ?, ?)',
  );
  const updateContent = db.prepare(
    `UPDATE cap_threads SET event = @event, headline = @headline, area_desc = @area_desc,
       urgency = @urgency, severity = @severity, certainty = @certainty, sender_name = @sender_name,
       instruction = @instruction, expires_at = @expires_at, content_sent = @content_sent, updated_at = @at,
       messages = messages + 1
     WHERE id = @id`,
  );
  const cancelThread = db.prepare(
    "UPDATE cap_threads SET state = 'cancelled', updated_at = @at, messages = messages + 1 WHERE id = @id",
  );
  const countMessage = db.prepare('UPDATE cap_threads SET messages = messages + 1 WHERE id = ?');
  const moveKeys = db.prepare(
    `INSERT OR IGNORE INTO cap_thread_keys (sender, identifier, thread)
     SELECT sender, identifier, @into FROM cap_thread_keys WHERE thread = @from`,
  );
  const dropKeys = db.prepare('DELETE FROM cap_thread_keys WHERE thread = ?');
  const moveMessages = db.prepare('UPDATE cap_messages SET thread = @into WHERE thread = @from');
  const endMerged = db.prepare(
    `UPDATE cap_threads SET state = 'cancelled', merged_into = @into, updated_at = @at WHERE id = @from`,
  );
  const setState = db.prepare('UPDATE cap_threads SET state = @state, updated_at = @at WHERE id = @id');

  /**
   * Makes warnings a message shows to be one into the oldest: the others end (their alerts close) and their
   * identities and messages move to it, which takes the newest content any of them showed, and stays ended if
   * any was cancelled (a Cancel is final). Happens when messages arrive out of order, e.g. an Update referencing
   * only an earlier Update, then the Alert, then the Update between them.
   */
  function merge(threads: readonly CapThreadRow[], at: number): CapThreadRow {
    const [into, ...rest] = threads as [CapThreadRow, ...CapThreadRow[]];
    for (const from of rest) {
      moveKeys.run({ into: into.id, from: from.id });
      dropKeys.run(from.id);
      moveMessages.run({ into: into.id, from: from.id });
      endMerged.run({ into: into.id, from: from.id, at });
    }
    const newest = threads.reduce((a, b) =>
      (b.content_sent ?? -Infinity) > (a.content_sent ?? -Infinity) ? b : a,
    );
    if (newest !== into) {
      updateContent.run({ ...contentOf(newest), id: into.id, at, content_sent: newest.content_sent });
    }
    const isEnded = threads.some((t) => t.state === 'cancelled');
    if (isEnded) setState.run({ state: 'cancelled', id: into.id, at });
    return {
      ...into,
      ...(newest !== into ? { ...contentOf(newest), content_sent: newest.content_sent } : {}),
      state: isEnded ? 'cancelled' : into.state,
    };
  }

  /** The warnings any of these identities belongs to, oldest first. */
  function linkedThreads(keys: readonly CapReference[]): CapThreadRow[] {
    const found = new Map<number, CapThreadRow>();
    for (const key of keys) {
      for (const row of threadsOfKey.all(key.sender, key.identifier)) found.set(row.id, row);
    }
    return [...found.values()].sort((a, b) => a.id - b.id);
  }

  function link(keys: readonly CapReference[], threads: readonly number[]): void {
    for (const thread of threads) for (const k of keys) insertKey.run(k.sender, k.identifier, thread);
  }

  function thread(alert: CapAlert, receivedAt: number): number[] {
    if (!ACTIONABLE.has(alert.status)) return [];
    const isDrill = DRILL_STATUSES.has(alert.status);
    const self: CapReference = { sender: alert.sender, identifier: alert.identifier, sent: alert.sent };
    const keys = [self, ...alert.references];
    const existing = linkedThreads(keys);
    const other = existing.find((t) => (t.drill === 1) !== isDrill);
    if (other) {
      // An exercise must never turn real, nor a real warning into an exercise, by a careless reference.
      throw new Refusal(
        'INVALID_STATE',
        `xml: alert.status: this ${alert.msgType} (${alert.status}) references ${other.drill === 1 ? 'an exercise' : 'a real'} warning (${other.status}); send it with the same kind of status`,
        'xml',
      );
    }
    const sentMs = capTimeToMs(alert.sent);
    const fields = threadFields(alert, mainInfo(alert));
    const open = (state: 'active' | 'cancelled'): number[] => {
      const id = Number(
        insertThread.run({
          ...fields,
          sender: alert.sender,
          identifier: alert.identifier,
          status: alert.status,
          drill: isDrill ? 1 : 0,
          state,
          at: receivedAt,
          content_sent: sentMs,
        }).lastInsertRowid,
      );
      link(keys, [id]);
      return [id];
    };
    const ids = existing.map((t) => t.id);
    switch (alert.msgType) {
      case 'Alert':
      case 'Update': {
        if (existing.length === 0) {
          beforeNewWarning(alert.sender, receivedAt);
          return open('active');
        }
        const t = existing.length === 1 ? (existing[0] as CapThreadRow) : merge(existing, receivedAt);
        // A message sent before what the warning shows (its Alert arriving after its Update) only joins it.
        const isNewer = t.content_sent === null || sentMs >= t.content_sent;
        if (isNewer) updateContent.run({ ...fields, id: t.id, at: receivedAt, content_sent: sentMs });
        else countMessage.run(t.id);
        link(keys, [t.id]);
        return [t.id, ...ids.filter((id) => id !== t.id)];
      }
      case 'Cancel':
        // A Cancel that comes first leaves an ended warning for its Alert and Updates to join when they arrive.
        if (existing.length === 0) return open('cancelled');
        for (const t of existing) cancelThread.run({ id: t.id, at: receivedAt });
        link(keys, ids);
        return ids;
      case 'Ack':
      case 'Error':
        for (const id of ids) countMessage.run(id);
        link([self], ids);
        return ids;
    }
  }

  return thread;
}
