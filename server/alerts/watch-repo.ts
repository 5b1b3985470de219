import type { Db } from '../db/open-database.js';

/** The watch row and the roster overrides. */
export function createWatchRepo(db: Db): WatchRepo {
  const get = db.prepare<
    [],
    { officer: string; since: number; handover_to: string | null; handover_since: number | null }
  >('SELECT officer, since, handover_to, handover_since FROM watch WHERE id = 1');
  const upsert = db.prepare(
    `INSERT INTO watch (id, officer, since, handover_to, handover_since) VALUES (1, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET officer = excluded.officer, since = excluded.since,
       handover_to = excluded.handover_to, handover_since = excluded.handover_since`,
  );
  const overrides = db.prepare<[], { date: string; officer: string; leader: string }>(
    'SELECT date, officer, leader FROM roster_overrides',
  );
  const setOverride = db.prepare(
    `INSERT INTO roster_overrides (date, officer, leader, set_by, set_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (date) DO UPDATE SET officer = excluded.officer, leader = excluded.leader,
       set_by = excluded.set_by, set_at = excluded.set_at`,
  );
  return {
    get: () => get.get(),
    save(w: {
      officer: string;
      since: number;
      handoverTo: string | null;
      handoverSince: number | null;
    }): void {
      upsert.run(w.officer, w.since, w.handoverTo, w.handoverSince);
    },
    overrides(): Map<string, { officer: string; leader: string }> {
      return new Map(overrides.all().map((o) => [o.date, { officer: o.officer, leader: o.leader }]));
    },
    setOverride(date: string, officer: string, leader: string, by: string, at: number): void {
      setOverride.run(date, officer, leader, by, at);
    },
  };
}
export type WatchRepo = {
  /** The watch row; undefined before it was first saved. */
  get: () =>
    | { officer: string; since: number; handover_to: string | null; handover_since: number | null }
    | undefined;
  save(w: { officer: string; since: number; handoverTo: string | null; handoverSince: number | null }): void;
  /** The roster overrides, by date. */
  overrides(): Map<string, { officer: string; leader: string }>;
  /** Sets who is on watch on `date` instead of the rotation. */
  setOverride(date: string, officer: string, leader: string, by: string, at: number): void;
};
