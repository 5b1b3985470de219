import type { AlertFeed, AlertSeverity, AlertSubject, RungTarget } from '../../src/protocol/index.js';
import type { Db } from '../db/open-database.js';

/** An alert row as stored. */
export type AlertRow = {
  id: number;
  key: string;
  class: string;
  severity: AlertSeverity;
  subject_kind: AlertSubject['kind'];
  subject_code: string;
  title_zh: string;
  title_en: string;
  action_zh: string;
  action_en: string;
  value: number | null;
  inhibit_group: string | null;
  inhibit_rank: number | null;
  auto_close: number;
  state: 'triggered' | 'acknowledged' | 'closed';
  opened_at: number;
  updated_at: number;
  closed_at: number | null;
  closed_by_human: number;
  clear_since: number | null;
  ladder: string;
  step: number;
  loop: number;
  rung_target: RungTarget | null;
  rung_person: string | null;
  next_escalation_at: number | null;
  is_exhausted: number;
  ack_by: string | null;
  ack_at: number | null;
  ack_reason: string | null;
  ack_value: number | null;
  recheck_at: number | null;
  snooze_by: string | null;
  snooze_reason: string | null;
  snoozed_until: number | null;
  has_new_data: number;
  inhibited_by: number | null;
  /** 1 for an exercise alert (a CAP Exercise or Test): it climbs the ladder, but pages nobody. */
  drill: number;
};

/** Maps a row to what the feed carries. */
export function toAlertFeed(r: AlertRow): AlertFeed {
  return {
    id: r.id,
    key: r.key,
    class: r.class,
    severity: r.severity,
    subject: { kind: r.subject_kind, code: r.subject_code },
    title: { zh: r.title_zh, en: r.title_en },
    action: { zh: r.action_zh, en: r.action_en },
    value: r.value,
    state: r.state,
    openedAt: r.opened_at,
    updatedAt: r.updated_at,
    closedAt: r.closed_at,
    step: r.step,
    loop: r.loop,
    rung: r.rung_target ? { target: r.rung_target, person: r.rung_person } : null,
    nextEscalationAt: r.next_escalation_at,
    ladder: r.ladder,
    ack:
      r.ack_by !== null && r.ack_at !== null && r.recheck_at !== null
        ? { by: r.ack_by, at: r.ack_at, reason: r.ack_reason ?? '', recheckAt: r.recheck_at }
        : null,
    snooze:
      r.snoozed_until !== null
        ? { by: r.snooze_by ?? '', until: r.snoozed_until, reason: r.snooze_reason ?? '' }
        : null,
    hasNewData: r.has_new_data === 1,
    inhibitedBy: r.inhibited_by,
    ...(r.drill === 1 ? { drill: true as const } : {}),
  };
}

type Patch = Partial<Omit<AlertRow, 'id'>>;

/** An alert row as inserted (triggered, opened and updated `at`); the rest is written by updates. */
type NewAlertRow = Omit<
  AlertRow,
  | 'id'
  | 'state'
  | 'opened_at'
  | 'updated_at'
  | 'closed_at'
  | 'closed_by_human'
  | 'clear_since'
  | 'step'
  | 'loop'
  | 'rung_target'
  | 'rung_person'
  | 'next_escalation_at'
  | 'is_exhausted'
  | 'ack_by'
  | 'ack_at'
  | 'ack_reason'
  | 'ack_value'
  | 'recheck_at'
  | 'snooze_by'
  | 'snooze_reason'
  | 'snoozed_until'
  | 'has_new_data'
  | 'inhibited_by'
> & { at: number };

export type AlertsRepo = {
  get: (id: number) => AlertRow | undefined;
  /** The alerts not closed, by id. */
  open: () => AlertRow[];
  /** Open alerts and those closed since `closedSince`. */
  recent: (closedSince: number) => AlertRow[];
  /** The latest closed alert with this key. */
  lastClosed: (key: string) => AlertRow | undefined;
  /** Inserts a triggered alert; returns its id. */
  insert(row: NewAlertRow): number;
  /** Updates the given columns of one alert and returns the row as it now stands. */
  update(id: number, patch: Patch): AlertRow;
};

/** Prepared statements over the alerts table. */
export function createAlertsRepo(db: Db): AlertsRepo {
  const byId = db.prepare<[number], AlertRow>('SELECT * FROM alerts WHERE id = ?');
  const open = db.prepare<[], AlertRow>("SELECT * FROM alerts WHERE state != 'closed' ORDER BY id");
  const recent = db.prepare<[number], AlertRow>(
    "SELECT * FROM alerts WHERE state != 'closed' OR closed_at >= ? ORDER BY id",
  );
  const lastClosed = db.prepare<[string], AlertRow>(
    "SELECT * FROM alerts WHERE key = ? AND state = 'closed' ORDER BY id DESC LIMIT 1",
  );
  const insert = db.prepare(
    `INSERT INTO alerts (key, class, severity, subject_kind, subject_code, title_zh, title_en, action_zh, action_en,
       value, inhibit_group, inhibit_rank, auto_close, state, opened_at, updated_at, ladder, drill)
     VALUES (@key, @class, @severity, @subject_kind, @subject_code, @title_zh, @title_en, @action_zh, @action_en,
       @value, @inhibit_group, @inhibit_rank, @auto_close, 'triggered', @at, @at, @ladder, @drill)`,
  );
  const updates = new Map<string, ReturnType<Db['prepare']>>();

  return {
    get: (id: number) => byId.get(id),
    open: () => open.all(),
    /** Open alerts and those closed since `closedSince`. */
    recent: (closedSince: number) => recent.all(closedSince),
    lastClosed: (key: string) => lastClosed.get(key),
    insert(row: NewAlertRow): number {
      return Number(insert.run(row).lastInsertRowid);
    },
    /** Updates the given columns of one alert and returns the row as it now stands. */
    update(id: number, patch: Patch): AlertRow {
      const columns = Object.keys(patch).sort();
      const sql = `UPDATE alerts SET ${columns.map((c) => `${c} = @${c}`).join(', ')} WHERE id = @id`;
      let statement = updates.get(sql);
      if (!statement) {
        statement = db.prepare(sql);
        updates.set(sql, statement);
      }
      statement.run({ ...patch, id });
      return byId.get(id) as AlertRow;
    },
  };
}
