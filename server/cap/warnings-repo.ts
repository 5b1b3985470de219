import type { CapWarning } from '../../src/domain/cap-warning.js';
import type { Db } from '../db/open-database.js';

/** A `cap_threads` row as stored. */
export type CapThreadRow = {
  id: number;
  sender: string;
  identifier: string;
  status: CapWarning['status'];
  drill: number;
  state: CapWarning['state'];
  event: string;
  headline: string | null;
  area_desc: string;
  urgency: string;
  severity: string;
  certainty: string;
  sender_name: string | null;
  instruction: string | null;
  expires_at: number | null;
  opened_at: number;
  updated_at: number;
  messages: number;
  /** The `sent` instant (ms) of the message whose content the row shows; null for rows from before it was kept. */
  content_sent: number | null;
  /** The warning this one turned out to be part of (ended, its messages moved there), or null. */
  merged_into: number | null;
};

export function toCapWarning(r: CapThreadRow): CapWarning {
  return {
    id: r.id,
    sender: r.sender,
    identifier: r.identifier,
    status: r.status,
    drill: r.drill === 1,
    state: r.state,
    event: r.event,
    headline: r.headline,
    areaDesc: r.area_desc,
    urgency: r.urgency,
    severity: r.severity,
    certainty: r.certainty,
    senderName: r.sender_name,
    instruction: r.instruction,
    expiresAt: r.expires_at,
    openedAt: r.opened_at,
    updatedAt: r.updated_at,
  };
}

/** Reads of the CAP warnings the live picture and the reports need. */
export function createWarningsRepo(db: Db) {
  const byId = db.prepare<[number], CapThreadRow>('SELECT * FROM cap_threads WHERE id = ?');
  const active = db.prepare<[], CapThreadRow>("SELECT * FROM cap_threads WHERE state = 'active' ORDER BY id");
  return {
    get: (id: number) => {
      const row = byId.get(id);
      return row ? toCapWarning(row) : undefined;
    },
    active: () => active.all().map(toCapWarning),
  };
}
