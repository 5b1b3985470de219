import { formatDuration } from '../../domain/format.js';
import type { ObligationFeed } from '../../protocol/index.js';
import type { WatchState } from '../watch-state.js';
import { formatClock, type SelectOptions, timeContext } from './context.js';

/** What each kind of report is called at the duty desk. */
export const OBLIGATION_KIND_NAMES: Readonly<Record<ObligationFeed['kind'], { zh: string; en: string }>> = {
  statutory: { zh: '法定上报', en: 'statutory report' },
  phone: { zh: '电话报告', en: 'phone report' },
  written: { zh: '书面报告', en: 'written report' },
  followup: { zh: '续报', en: 'follow-up report' },
};

/** Who a report goes to. */
export const REPORT_TARGET_NAMES: Readonly<Record<ObligationFeed['target'], { zh: string; en: string }>> = {
  city: { zh: '市应急管理局', en: 'city bureau' },
  province: { zh: '省应急管理厅', en: 'provincial department' },
  ministry: { zh: '应急管理部', en: 'the ministry' },
  county_gov: { zh: '县政府', en: 'county government' },
};

/** One open reporting clock as a countdown. */
export type ObligationRow = {
  id: number;
  incident: string;
  /** The incident's title as reported (free text, often Chinese). */
  incidentTitle: string;
  kind: ObligationFeed['kind'];
  kindName: string;
  target: ObligationFeed['target'];
  targetName: string;
  level: number;
  dueAt: number;
  /** `HH:MM:SS` in the county's time. */
  dueText: string;
  /** Collector time left (`12m`), negative once overdue (`-5m`). */
  leftMs: number;
  countdownText: string;
  isOverdue: boolean;
  /** Within the warning window before the deadline (or past it). */
  isWarning: boolean;
};

/** Open reporting clocks, overdue first, then the nearest deadline first. */
export function selectOpenObligations(state: WatchState, now: number, opts: SelectOptions): ObligationRow[] {
  const { at, utcOffset } = timeContext(state, now);
  const lang = opts.names === 'zh' ? 'zh' : 'en';
  const rows: ObligationRow[] = [];
  for (const o of state.obligations.values()) {
    if (o.state !== 'open') continue;
    const leftMs = o.dueAt - at;
    rows.push({
      id: o.id,
      incident: o.incident,
      incidentTitle: state.incidents.get(o.incident)?.title ?? o.incident,
      kind: o.kind,
      kindName: OBLIGATION_KIND_NAMES[o.kind][lang],
      target: o.target,
      targetName: REPORT_TARGET_NAMES[o.target][lang],
      level: o.level,
      dueAt: o.dueAt,
      dueText: formatClock(o.dueAt, utcOffset),
      leftMs,
      countdownText: formatDuration(leftMs),
      isOverdue: leftMs < 0,
      isWarning: at >= o.warnAt,
    });
  }
  return rows.sort((a, b) => Number(b.isOverdue) - Number(a.isOverdue) || a.dueAt - b.dueAt || a.id - b.id);
}

/** The next open deadline of each incident (overdue ones first), keyed by incident code. */
export function selectNextDeadlines(
  state: WatchState,
  now: number,
  opts: SelectOptions,
): ReadonlyMap<string, ObligationRow> {
  const next = new Map<string, ObligationRow>();
  // Rows come sorted, so the first seen per incident is its most pressing one.
  for (const row of selectOpenObligations(state, now, opts))
    if (!next.has(row.incident)) next.set(row.incident, row);
  return next;
}
