import { createHash } from 'node:crypto';
import type { IngestMessage, Scope, SingleIngestMessage } from '../../src/protocol/index.js';
import type { Db } from '../db/open-database.js';
import { Refusal } from '../refusal.js';
import type { Change } from './changes.js';
import { createIncidentWriter } from './store-incident.js';
import { createReadingWriter } from './store-reading.js';
import { createStockWriter } from './store-stock.js';

/** Who sent a message. */
export type Sender = { token: string; scope: Scope | undefined };

/** Checks a new (not duplicate) message against the county and the sender's scope; throws Refusal. */
export type MessageCheck = (msg: IngestMessage) => void;

/** The outcome of storing one message: new, already stored (idempotent resend), or refused. */
export type WriteResult =
  | { outcome: 'stored'; changes: Change[] }
  | { outcome: 'duplicate' }
  | { outcome: 'rejected'; rejection: Refusal };

/**
 * Writes validated messages. The caller runs `write` inside a transaction; each message gets a savepoint of
 * its own, so a refused message leaves no trace while the others in the same commit stand.
 */
export function createIngestWriter(db: Db) {
  const insertJournal = db.prepare(
    `INSERT INTO journal (token, msg_id, type, received_at, body_hash, body) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (token, msg_id) DO NOTHING`,
  );
  const journalHash = db.prepare<[string, string], { body_hash: string }>(
    'SELECT body_hash FROM journal WHERE token = ? AND msg_id = ?',
  );
  const readings = createReadingWriter(db);
  const stock = createStockWriter(db);
  const incidents = createIncidentWriter(db);

  // Returns the journal seq of a new message, or undefined if this (token, id) was stored before with the same body.
  function journal(msg: IngestMessage, sender: Sender, receivedAt: number): number | undefined {
    const body = JSON.stringify(msg);
    const hash = createHash('sha256').update(body).digest('hex');
    const info = insertJournal.run(sender.token, msg.id, msg.type, receivedAt, hash, body);
    if (info.changes === 1) return Number(info.lastInsertRowid);
    if (journalHash.get(sender.token, msg.id)?.body_hash === hash) return undefined;
    throw new Refusal(
      'ID_REUSED',
      `id: "${msg.id}" was already used for a different message from this token; give each message its own id`,
      'id',
    );
  }

  function apply(msg: SingleIngestMessage, seq: number, sender: Sender, receivedAt: number): Change[] {
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
    }
  }

  function writeUnsafe(
    msg: IngestMessage,
    sender: Sender,
    receivedAt: number,
    check: MessageCheck,
  ): WriteResult {
    const seq = journal(msg, sender, receivedAt);
    // A resend is recognised before any other check: a message stored long ago, or before a scope change,
    // must still be answered "duplicate" so its source knows it is safe (not refused as too old).
    if (seq === undefined) return { outcome: 'duplicate' };
    check(msg);
    if (msg.type !== 'batch') return { outcome: 'stored', changes: apply(msg, seq, sender, receivedAt) };
    const changes: Change[] = [];
    msg.messages.forEach((inner, i) => {
      try {
        // An inner message resent on its own earlier is already stored: skip it, keep the rest.
        const innerSeq = journal(inner, sender, receivedAt);
        if (innerSeq !== undefined) changes.push(...apply(inner, innerSeq, sender, receivedAt));
      } catch (error) {
        if (!(error instanceof Refusal)) throw error;
        const path = `messages[${i}].${error.path ?? ''}`.replace(/\.$/, '');
        throw new Refusal(error.code, `messages[${i}].${error.message}`, path);
      }
    });
    return { outcome: 'stored', changes };
  }

  const savepoint = db.transaction(writeUnsafe);

  /** Stores one message under its own savepoint. Must run inside an outer transaction. */
  function write(msg: IngestMessage, sender: Sender, receivedAt: number, check: MessageCheck): WriteResult {
    try {
      return savepoint(msg, sender, receivedAt, check);
    } catch (error) {
      if (error instanceof Refusal) return { outcome: 'rejected', rejection: error };
      throw error;
    }
  }

  return { write };
}
