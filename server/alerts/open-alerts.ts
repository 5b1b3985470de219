import type { Db } from '../db/open-database.js';
import type { AlertRow, AlertsRepo } from './alerts-repo.js';
import { trackUnsettledWrites } from './unsettled-writes.js';

/** What the rules step reads of an open alert: 12 columns, not the row's 38 (see `pass-rows.ts`). */
export type RuleRow = Pick<
  AlertRow,
  | 'id'
  | 'key'
  | 'class'
  | 'state'
  | 'value'
  | 'ack_value'
  | 'clear_since'
  | 'has_new_data'
  | 'auto_close'
  | 'subject_kind'
  | 'subject_code'
  | 'title_en'
>;

/** What inhibition reads of an open alert. */
export type InhibitRow = Pick<AlertRow, 'id' | 'state' | 'inhibit_group' | 'inhibit_rank' | 'inhibited_by'>;

/** What a rules pass looks at of an open alert: the columns of its rules, inhibition and deadline steps. */
export type OpenAlert = RuleRow &
  InhibitRow &
  Pick<AlertRow, 'recheck_at' | 'snoozed_until' | 'next_escalation_at'>;

const COLUMNS = `id, key, class, state, value, ack_value, clear_since, has_new_data, auto_close, subject_kind,
  subject_code, title_en, inhibit_group, inhibit_rank, inhibited_by, recheck_at, snoozed_until, next_escalation_at`;

type RawRow = [
  number,
  string,
  string,
  AlertRow['state'],
  number | null,
  number | null,
  number | null,
  number,
  number,
  AlertRow['subject_kind'],
  string,
  string,
  string | null,
  number | null,
  number | null,
  number | null,
  number | null,
  number | null,
];

// Built as one literal shape: better-sqlite3's own row objects this wide are slow dictionaries (engine.ts).
const fromRaw = (r: RawRow): OpenAlert => ({
  id: r[0],
  key: r[1],
  class: r[2],
  state: r[3],
  value: r[4],
  ack_value: r[5],
  clear_since: r[6],
  has_new_data: r[7],
  auto_close: r[8],
  subject_kind: r[9],
  subject_code: r[10],
  title_en: r[11],
  inhibit_group: r[12],
  inhibit_rank: r[13],
  inhibited_by: r[14],
  recheck_at: r[15],
  snoozed_until: r[16],
  next_escalation_at: r[17],
});

const fromRow = (r: AlertRow): OpenAlert => ({
  id: r.id,
  key: r.key,
  class: r.class,
  state: r.state,
  value: r.value,
  ack_value: r.ack_value,
  clear_since: r.clear_since,
  has_new_data: r.has_new_data,
  auto_close: r.auto_close,
  subject_kind: r.subject_kind,
  subject_code: r.subject_code,
  title_en: r.title_en,
  inhibit_group: r.inhibit_group,
  inhibit_rank: r.inhibit_rank,
  inhibited_by: r.inhibited_by,
  recheck_at: r.recheck_at,
  snoozed_until: r.snoozed_until,
  next_escalation_at: r.next_escalation_at,
});

export type OpenAlerts = {
  /** The repo to write alerts through, so the copy follows. */
  repo: AlertsRepo;
  /** Call at the start of a pass, outside any transaction of ours: re-reads every alert written since. */
  settle(): void;
  /** Every open alert (unordered). */
  all(): IterableIterator<OpenAlert>;
  /** The keys of the open alerts; live, so copy it to keep it. */
  keys(): ReadonlySet<string>;
  /** Forgets the copy; the next use reads every open alert again. */
  reset(): void;
};

/**
 * The open alerts in memory, for the rules pass (issue 19: with 10,000 open alerts, reading them back on every
 * pass — their keys, the rule rows, the inhibition rows, the due rows — was most of the ~20 ms between a line
 * crossing and its alert). Every alert write goes through `repo` (the engine's, which actions use too), so the
 * copy is kept by writing through: the row `update` returns, the row an `insert` made. A write may be rolled back
 * with its transaction (a pass or an action that failed), so every id written is read again from the database
 * at the start of the next pass (`settle`), when no transaction of ours is open: the copy is then exactly what
 * is committed. Loaded on first use.
 */
export function trackOpenAlerts(db: Db, repo: AlertsRepo): OpenAlerts {
  const loadAll = db.prepare<[], RawRow>(`SELECT ${COLUMNS} FROM alerts WHERE state != 'closed'`).raw();
  const readOne = db.prepare<[number], RawRow>(`SELECT ${COLUMNS} FROM alerts WHERE id = ?`).raw();
  let byId: Map<number, OpenAlert> | undefined;
  const keys = new Set<string>();
  const writes = trackUnsettledWrites(db);

  function put(row: OpenAlert): void {
    if (!byId) return;
    const before = byId.get(row.id);
    if (before && before.key !== row.key) keys.delete(before.key);
    if (row.state === 'closed') {
      byId.delete(row.id);
      if (before) keys.delete(before.key);
      return;
    }
    byId.set(row.id, row);
    keys.add(row.key);
  }

  function loaded(): Map<number, OpenAlert> {
    if (!byId) {
      byId = new Map();
      keys.clear();
      writes.loaded();
      for (const raw of loadAll.all()) put(fromRaw(raw));
    }
    return byId;
  }

  const tracked: AlertsRepo = {
    ...repo,
    insert(row) {
      const id = repo.insert(row);
      writes.written(id);
      const raw = readOne.get(id);
      if (raw) put(fromRaw(raw));
      return id;
    },
    update(id, patch) {
      const row = repo.update(id, patch);
      writes.written(id);
      put(fromRow(row));
      return row;
    },
  };

  return {
    /** The repo to write alerts through, so the copy follows. */
    repo: tracked,
    /**
     * Call at the start of a pass, outside any transaction of ours: re-reads every alert written since the last
     * call, so writes rolled back since are undone here too.
     */
    settle(): void {
      if (!byId) return;
      writes.settle(
        (id) => {
          const raw = readOne.get(id);
          if (raw) put(fromRaw(raw));
          else {
            const gone = byId?.get(id);
            byId?.delete(id);
            if (gone) keys.delete(gone.key);
          }
        },
        () => {
          byId = undefined;
          loaded();
        },
      );
    },
    /** Every open alert (unordered). */
    all(): IterableIterator<OpenAlert> {
      return loaded().values();
    },
    /** The keys of the open alerts; live, so copy it to keep it. */
    keys(): ReadonlySet<string> {
      loaded();
      return keys;
    },
    /** Forgets the copy; the next use reads every open alert again. */
    reset(): void {
      byId = undefined;
    },
  };
}
