import {
  decodeIngestMessage,
  type IngestMessage,
  type Scope,
  type StandaloneIngestMessage,
} from '../../src/protocol/index.js';
import type { Db } from '../db/open-database.js';
import { Refusal } from '../refusal.js';
import { meaningHash } from './canonical-hash.js';
import type { Change } from './changes.js';
import type { IdWindow } from './id-window.js';
import { DEFAULT_INGEST_LIMITS, type IngestLimits } from './open-incident-limit.js';
import { createCapWriter } from './store-cap.js';
import { createIncidentWriter } from './store-incident.js';
import { createReadingWriter } from './store-reading.js';
import { createStockWriter } from './store-stock.js';
import { createTeamWriter } from './store-team.js';

/** Who sent a message. */
export type Sender = { token: string; scope: Scope | undefined };

/** Checks a new (not duplicate) message against the county and the sender's scope; throws Refusal. */
export type MessageCheck = (msg: IngestMessage) => void;

/** The outcome of storing one message: new, already stored (idempotent resend), or refused. */
export type WriteResult =
  | { outcome: 'stored'; changes: Change[] }
  | { outcome: 'duplicate' }
  | { outcome: 'rejected'; rejection: Refusal };

export type IngestWriter = {
  /** Stores one message inside the caller's transaction: stored, a duplicate (a resend), or refused. */
  write: (
    msg: IngestMessage,
    body: string,
    sender: Sender,
    receivedAt: number,
    check: MessageCheck,
  ) => WriteResult;
};

/**
 * Writes validated messages. The caller runs `write` inside a transaction. A resend is recognised first, from
 * the id window; then the message is checked; then written. Writes that can still be refused half-way (stock,
 * incidents) get a savepoint of their own so a refusal leaves no trace; a reading cannot fail once checked.
 */
export function createIngestWriter(db: Db, ids: IdWindow, limits?: () => IngestLimits): IngestWriter {
  const insertJournal = db.prepare(
    'INSERT INTO journal (token, msg_id, type, received_at, body_hash, body) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const storedBody = db.prepare<[number], string>('SELECT body FROM journal WHERE seq = ?').pluck();
  const readings = createReadingWriter(db);
  const stock = createStockWriter(db);
  const incidents = createIncidentWriter(db, limits);
  const cap = createCapWriter(db, () => (limits?.() ?? DEFAULT_INGEST_LIMITS).maxActiveCapWarningsPerSender);
  const teams = createTeamWriter(db);

  function apply(msg: StandaloneIngestMessage, seq: number, sender: Sender, receivedAt: number): Change[] {
    switch (msg.type) {
      case 'reading':
        return readings(msg, seq, receivedAt);
      case 'stock.movement':
        return stock.movement(msg, seq, receivedAt);
      case 'stock.count':
        return stock.count(msg, seq, receivedAt);
      case 'incident.report':
        return incidents.report(msg, seq, receivedAt);
      case 'incident.update':
        return incidents.update(msg, seq, receivedAt, sender.scope);
      case 'cap':
        return cap(msg, seq, receivedAt, sender.scope);
      case 'team.status':
        return teams.status(msg, seq, receivedAt);
      case 'team.dispatch':
        return teams.dispatch(msg, seq, receivedAt);
      case 'team.arrive':
        return teams.arrive(msg, seq, receivedAt);
      case 'team.return':
        return teams.back(msg, seq, receivedAt);
    }
  }

  // Undefined when (token, id) is new; 'duplicate' when stored before with this meaning; throws when reused.
  // The usual resend repeats the text stored in the journal byte for byte; only a differing text is decoded and
  // compared by meaning (key order, `41.0`, defaults, alone or in a batch: issue 13). The stored text is read only
  // for an id seen before, so a new message costs no hash at all (issue 19: sha256 of every body was ~1 µs of
  // each message's ~5 µs budget); the journal row is the proof, not a digest of it.
  function seenBefore(msg: IngestMessage, body: string, token: string, now: number): 'duplicate' | undefined {
    const { id } = msg;
    const stored = ids.lookup(token, id, now);
    if (stored === undefined) return undefined;
    const storedText = storedBody.get(stored.seq);
    if (storedText === body || (storedText !== undefined && meansTheSame(storedText, msg)))
      return 'duplicate';
    throw new Refusal(
      'ID_REUSED',
      `id: "${id}" was already used for a different message from this token; give each message its own id`,
      'id',
    );
  }

  function meansTheSame(storedText: string, msg: IngestMessage): boolean {
    const stored = decodeIngestMessage(storedText, false);
    return stored.ok && meaningHash(stored.value) === meaningHash(msg);
  }

  // `body_hash` stays in the schema for rows written before issue 19 and is written empty: resends are judged
  // against `body` itself.
  function journal(msg: IngestMessage, body: string, sender: Sender, receivedAt: number): number {
    const seq = Number(
      insertJournal.run(sender.token, msg.id, msg.type, receivedAt, '', body).lastInsertRowid,
    );
    ids.add(sender.token, msg.id, receivedAt, seq);
    return seq;
  }

  function writeBatch(
    msg: Extract<IngestMessage, { type: 'batch' }>,
    body: string,
    sender: Sender,
    receivedAt: number,
  ) {
    journal(msg, body, sender, receivedAt);
    const changes: Change[] = [];
    msg.messages.forEach((inner, i) => {
      try {
        const innerBody = JSON.stringify(inner);
        // An inner message stored earlier (alone or in another batch) is skipped; the rest are stored.
        if (seenBefore(inner, innerBody, sender.token, receivedAt) === 'duplicate') return;
        changes.push(...apply(inner, journal(inner, innerBody, sender, receivedAt), sender, receivedAt));
      } catch (error) {
        if (!(error instanceof Refusal)) throw error;
        const path = `messages[${i}].${error.path ?? ''}`.replace(/\.$/, '');
        throw new Refusal(error.code, `messages[${i}].${error.message}`, path);
      }
    });
    return changes;
  }

  // Stock and incident writes read what they change and may refuse half-way; the savepoint undoes them whole.
  const guarded = db.transaction((msg: IngestMessage, body: string, sender: Sender, receivedAt: number) => {
    if (msg.type === 'batch') return writeBatch(msg, body, sender, receivedAt);
    return apply(msg, journal(msg, body, sender, receivedAt), sender, receivedAt);
  });

  /**
   * Stores one message (`body` is its text as received, kept in the journal; a resend is judged by what the
   * message means, not by this text). Must run inside an outer transaction; the id window learns the ids only
   * when that transaction commits.
   */
  function write(
    msg: IngestMessage,
    body: string,
    sender: Sender,
    receivedAt: number,
    check: MessageCheck,
  ): WriteResult {
    try {
      // A resend is recognised before any other check: a message stored long ago, or before a scope change,
      // must still be answered "duplicate" so its source knows it is safe (not refused as too old).
      if (seenBefore(msg, body, sender.token, receivedAt) === 'duplicate') return { outcome: 'duplicate' };
      check(msg);
      if (msg.type === 'reading') {
        return {
          outcome: 'stored',
          changes: apply(msg, journal(msg, body, sender, receivedAt), sender, receivedAt),
        };
      }
      const mark = ids.mark();
      try {
        return { outcome: 'stored', changes: guarded(msg, body, sender, receivedAt) };
      } catch (error) {
        ids.rollback(mark);
        throw error;
      }
    } catch (error) {
      if (error instanceof Refusal) return { outcome: 'rejected', rejection: error };
      throw error;
    }
  }

  return { write };
}
