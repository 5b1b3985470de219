import type { ObligationFeed } from '../../src/protocol/index.js';
import type { Db } from '../db/open-database.js';

type ObligationRow = {
  id: number;
  incident: string;
  kind: ObligationFeed['kind'];
  target: ObligationFeed['target'];
  level: number;
  due_at: number;
  warn_at: number;
  state: ObligationFeed['state'];
  done_at: number | null;
  done_by: string | null;
  done_note: string | null;
};

const toFeed = (r: ObligationRow): ObligationFeed => ({
  id: r.id,
  incident: r.incident,
  kind: r.kind,
  target: r.target,
  level: r.level,
  dueAt: r.due_at,
  warnAt: r.warn_at,
  state: r.state,
  doneAt: r.done_at,
  doneBy: r.done_by,
  doneNote: r.done_note,
});

export type ObligationsRepo = {
  /** Inserts an open obligation, created `at`; returns it as stored. */
  create(
    o: Omit<ObligationFeed, 'id' | 'state' | 'doneAt' | 'doneBy' | 'doneNote'>,
    at: number,
  ): ObligationFeed;
  get: (id: number) => ObligationFeed | undefined;
  forIncident: (code: string) => ObligationFeed[];
  /** Obligations of live incidents, and any still open. */
  live: (closedSince: number) => ObligationFeed[];
  open: () => ObligationFeed[];
  /** Marks an obligation done or superseded; returns it as stored. */
  finish(id: number, state: 'done' | 'superseded', at: number, by: string, note: string): ObligationFeed;
  /** The level an incident was last judged at; undefined before its first judgement. */
  lastLevel(code: string): { level: number; isMajorRisk: boolean; isOpen: boolean } | undefined;
  /** Records the level an incident is judged at now. */
  saveLevel(code: string, level: number, isMajorRisk: boolean, isOpen: boolean): void;
};

/** Reporting obligations (the clocks) and the last known level of each incident. */
export function createObligationsRepo(db: Db): ObligationsRepo {
  const insert = db.prepare(
    `INSERT INTO obligations (incident, kind, target, level, due_at, warn_at, state, created_at)
     VALUES (?, ?, ?, ?, ?, ?, 'open', ?)`,
  );
  const byId = db.prepare<[number], ObligationRow>('SELECT * FROM obligations WHERE id = ?');
  const forIncident = db.prepare<[string], ObligationRow>(
    'SELECT * FROM obligations WHERE incident = ? ORDER BY id',
  );
  const live = db.prepare<[number], ObligationRow>(
    `SELECT o.* FROM obligations o JOIN incident_state s ON s.code = o.incident
     WHERE o.state = 'open' OR s.status = 'open' OR s.updated_at >= ? ORDER BY o.id`,
  );
  const open = db.prepare<[], ObligationRow>("SELECT * FROM obligations WHERE state = 'open' ORDER BY id");
  const setState = db.prepare(
    'UPDATE obligations SET state = ?, done_at = ?, done_by = ?, done_note = ? WHERE id = ?',
  );
  const getLevel = db.prepare<[string], { level: number; is_major_risk: number; is_open: number }>(
    'SELECT level, is_major_risk, is_open FROM incident_levels WHERE code = ?',
  );
  const setLevel = db.prepare(
    `INSERT INTO incident_levels (code, level, is_major_risk, is_open) VALUES (?, ?, ?, ?)
     ON CONFLICT (code) DO UPDATE SET level = excluded.level, is_major_risk = excluded.is_major_risk, is_open = excluded.is_open`,
  );
  return {
    create(
      o: Omit<ObligationFeed, 'id' | 'state' | 'doneAt' | 'doneBy' | 'doneNote'>,
      at: number,
    ): ObligationFeed {
      const id = Number(
        insert.run(o.incident, o.kind, o.target, o.level, o.dueAt, o.warnAt, at).lastInsertRowid,
      );
      return toFeed(byId.get(id) as ObligationRow);
    },
    get: (id: number) => {
      const row = byId.get(id);
      return row ? toFeed(row) : undefined;
    },
    forIncident: (code: string) => forIncident.all(code).map(toFeed),
    /** Obligations of live incidents, and any still open. */
    live: (closedSince: number) => live.all(closedSince).map(toFeed),
    open: () => open.all().map(toFeed),
    finish(id: number, state: 'done' | 'superseded', at: number, by: string, note: string): ObligationFeed {
      setState.run(state, at, by, note, id);
      return toFeed(byId.get(id) as ObligationRow);
    },
    lastLevel(code: string) {
      const row = getLevel.get(code);
      return row
        ? { level: row.level, isMajorRisk: row.is_major_risk === 1, isOpen: row.is_open === 1 }
        : undefined;
    },
    saveLevel(code: string, level: number, isMajorRisk: boolean, isOpen: boolean): void {
      setLevel.run(code, level, isMajorRisk ? 1 : 0, isOpen ? 1 : 0);
    },
  };
}
