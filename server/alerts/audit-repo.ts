import { HANDOVER_ACTIONS } from '../../src/domain/shift-window.js';
import type { AuditEntry } from '../../src/protocol/index.js';
import type { Db } from '../db/open-database.js';

/** How many audit entries a snapshot carries. */
export const SNAPSHOT_LOG_ENTRIES = 200;

export type AuditRepo = {
  /** Appends an entry (`alert`, `incident` and `obligation` default to null) and returns it with its id. */
  append(
    entry: Omit<AuditEntry, 'id' | 'alert' | 'incident' | 'obligation'> &
      Partial<Pick<AuditEntry, 'alert' | 'incident' | 'obligation'>>,
  ): AuditEntry;
  /** The newest `limit` entries (default SNAPSHOT_LOG_ENTRIES), oldest first. */
  latest: (limit?: number) => AuditEntry[];
  /** The entries about one alert, oldest first. */
  forAlert: (alert: number) => AuditEntry[];
  /** Every entry a handover reports (notes, acks, escalations, snoozes, calls …) from `at` on, oldest first. */
  handoverSince: (at: number) => AuditEntry[];
};

/** The audit log: every transition and every action, who, when, what and why. Append-only. */
export function createAuditRepo(db: Db): AuditRepo {
  const insert = db.prepare(
    'INSERT INTO audit_log (at, actor, action, alert, incident, obligation, text) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const latest = db.prepare<[number], AuditEntry>(
    `SELECT * FROM (SELECT id, at, actor, action, alert, incident, obligation, text FROM audit_log ORDER BY id DESC LIMIT ?)
     ORDER BY id`,
  );
  const forAlert = db.prepare<[number], AuditEntry>(
    'SELECT id, at, actor, action, alert, incident, obligation, text FROM audit_log WHERE alert = ? ORDER BY id',
  );
  // The actions are few and fixed: inlined as literals so the statement is prepared once.
  const handoverSince = db.prepare<[number], AuditEntry>(
    `SELECT id, at, actor, action, alert, incident, obligation, text FROM audit_log
     WHERE at >= ? AND action IN (${HANDOVER_ACTIONS.map((a) => `'${a}'`).join(', ')}) ORDER BY id`,
  );
  return {
    append(
      entry: Omit<AuditEntry, 'id' | 'alert' | 'incident' | 'obligation'> &
        Partial<Pick<AuditEntry, 'alert' | 'incident' | 'obligation'>>,
    ): AuditEntry {
      const full = { alert: null, incident: null, obligation: null, ...entry };
      const id = Number(
        insert.run(full.at, full.actor, full.action, full.alert, full.incident, full.obligation, full.text)
          .lastInsertRowid,
      );
      return { id, ...full };
    },
    latest: (limit = SNAPSHOT_LOG_ENTRIES) => latest.all(limit),
    forAlert: (alert: number) => forAlert.all(alert),
    /** Every entry a handover reports (notes, acks, escalations, snoozes, calls …) from `at` on, oldest first. */
    handoverSince: (at: number) => handoverSince.all(at),
  };
}
