import type { AlertRow, AlertsRepo } from './alerts-repo.js';
import type { InhibitRow, OpenAlerts, RuleRow } from './open-alerts.js';

// Physical measurements flap around their lines and need a hold before clearing; bookkeeping alerts do not.
export const HELD_CLASSES = ['water.', 'reservoir.', 'station.'];

export type { InhibitRow, RuleRow } from './open-alerts.js';

const byId = (a: { id: number }, b: { id: number }) => a.id - b.id;

/** The rows each step of an alert pass can change. */
export type PassRows = {
  /** Rows the rules can change, by id; only those `inScope` takes, when given (a pass over some stations). */
  ruleRows(
    conditionKeys: ReadonlySet<string>,
    heldClearedBy: number,
    inScope?: (row: RuleRow) => boolean,
  ): RuleRow[];
  /** Rows inhibition can change, by id; only those of `groups`, when given (a pass over some stations). */
  inhibitRows(groups?: ReadonlySet<string>): InhibitRow[];
  /** Rows with a deadline come due, read in full, by id. */
  dueRows(now: number): AlertRow[];
};

/** Picks each step's rows from the open alerts kept in memory (see the comment inside on why not SQL). */
export function passRows(open: OpenAlerts, alerts: AlertsRepo): PassRows {
  // An alert row has 38 columns, and better-sqlite3 builds rows that wide as slow dictionary objects: reading
  // 10,000 open alerts in full took ~100 ms, and even the narrow reads each step made (keys, rule rows,
  // inhibition rows, due rows) were most of a ~20 ms pass. So the open alerts are kept in memory (`open`), and
  // each step picks from there the rows it can change, with the conditions the SQL used to have; a row is read
  // in full only when it is written (`alerts.update` returns it) or due. `npm run bench -- alerts` measures it.
  //
  // Rows the rules can change: those with a condition now; without one, those not yet clearing (to start the
  // hold), those about an incident (whose autoClose depends on it), and those that close by themselves once
  // their hold is over. The rest — cleared and waiting for a person, or inside their hold — would get 'none'
  // from `reconcile`, and are not looked at.
  const isHeldClass = (cls: string) => HELD_CLASSES.some((p) => cls.startsWith(p));
  const ruleRows = (
    conditionKeys: ReadonlySet<string>,
    heldClearedBy: number,
    inScope?: (row: RuleRow) => boolean,
  ): RuleRow[] => {
    const rows: RuleRow[] = [];
    for (const r of open.all()) {
      // Scope first: a pass over one station then sorts its few rows, not the thousands of every other subject.
      if (inScope && !inScope(r)) continue;
      if (
        r.clear_since === null ||
        r.subject_kind === 'incident' ||
        conditionKeys.has(r.key) ||
        (r.auto_close === 1 && (r.clear_since <= heldClearedBy || !isHeldClass(r.class)))
      )
        rows.push(r);
    }
    return rows.sort(byId);
  };
  // Rows inhibition can change: those with a slot, and those hidden now (to release them). Each group is judged
  // on its own (inhibition.ts), so a pass that changed only some groups' alerts passes those groups alone.
  const inhibitRows = (groups?: ReadonlySet<string>): InhibitRow[] => {
    const rows: InhibitRow[] = [];
    for (const r of open.all()) {
      if (groups && r.inhibit_group !== null && !groups.has(r.inhibit_group)) continue;
      if ((r.inhibit_group !== null && r.inhibit_rank !== null) || r.inhibited_by !== null) rows.push(r);
    }
    return rows.sort(byId);
  };
  // Rows with a deadline come due: an unconfirmed acknowledgement, a snooze run out, a rung to climb. An alert
  // whose condition has cleared (inside its hold, or waiting for a person) pages nobody: its deadlines wait, and
  // fire at once should the condition return (issue 15.6: 超汛限 paged the leader after its period had ended).
  const dueRows = (now: number): AlertRow[] => {
    const ids: number[] = [];
    for (const r of open.all()) {
      if (r.clear_since !== null) continue;
      const isDue =
        (r.state === 'acknowledged' && r.recheck_at !== null && r.recheck_at <= now) ||
        (r.snoozed_until !== null && r.snoozed_until <= now) ||
        (r.state === 'triggered' &&
          r.snoozed_until === null &&
          r.inhibited_by === null &&
          r.next_escalation_at !== null &&
          r.next_escalation_at <= now);
      if (isDue) ids.push(r.id);
    }
    return ids.sort((a, b) => a - b).map((id) => alerts.get(id) as AlertRow);
  };
  return { ruleRows, inhibitRows, dueRows };
}
