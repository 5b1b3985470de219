import { DAY_MS } from '../../domain/local-time.js';
import { shiftStartOf } from '../../domain/shift-window.js';
import type { AuditEntry } from '../../protocol/index.js';
import { logTextSayer } from '../selectors/log-text.js';
import type { WatchState } from '../watch-state.js';
import { item, type ReportContext, section } from './report-context.js';

/** What people did on the shift, as a handover lists it; the ladder's own climbing is summed up per alert. */
const PERSON_ACTIONS = new Set(['acknowledged', 'confirmed', 'escalation_request', 'snoozed', 'call_logged']);
const CLIMB_ACTIONS = new Set(['escalated', 'no_one_on_duty']);

const WORDS = {
  zh: {
    title: (since: string) => `本班处置（确认、升级、暂缓、电话）${since} 以来`,
    actions: {
      acknowledged: '确认',
      confirmed: '复查确认',
      escalation_request: '请求升级',
      snoozed: '暂缓',
      call_logged: '电话',
    } as Readonly<Record<string, string>>,
    climbed: (n: number, last: string) => `自动升级 ${n} 次，最近：${last}`,
  },
  en: {
    title: (since: string) =>
      `Actions this watch (acknowledgements, escalations, snoozes, calls) since ${since}`,
    actions: {
      acknowledged: 'acknowledged',
      confirmed: 'confirmed',
      escalation_request: 'escalation requested',
      snoozed: 'snoozed',
      call_logged: 'call',
    } as Readonly<Record<string, string>>,
    climbed: (n: number, last: string) => `escalated ${n} time${n === 1 ? '' : 's'}, last: ${last}`,
  },
} as const;

/** One line of the shift's actions: a person's act, or how far one alert's ladder climbed. */
export type ShiftAction = { at: number; actor: string; alert: number | null; text: string; action: string };

/**
 * The shift's acknowledgements, escalation requests, snoozes and calls, oldest first, then for each alert the
 * ladder climbed how many times and to whom last — from the collector's whole-shift entries, so nothing is lost
 * to a client's log window. Pure: shared by the console's handover page and the Markdown report.
 */
export function shiftActions(
  state: WatchState,
  since: number,
  names: 'zh' | 'ascii',
): { people: ShiftAction[]; climbs: { alert: number; count: number; last: string }[] } {
  const say = logTextSayer(state, names);
  const entries = (state.shiftLog ?? state.log).filter((e) => e.at >= since);
  const people = entries
    .filter((e) => PERSON_ACTIONS.has(e.action))
    .map((e) => ({ at: e.at, actor: e.actor, alert: e.alert, text: say(e), action: e.action }));
  const byAlert = new Map<number, AuditEntry[]>();
  for (const e of entries) {
    if (!CLIMB_ACTIONS.has(e.action) || e.alert === null) continue;
    byAlert.set(e.alert, [...(byAlert.get(e.alert) ?? []), e]);
  }
  const climbs = [...byAlert.entries()].map(([alert, list]) => ({
    alert,
    count: list.length,
    last: say(list[list.length - 1] as AuditEntry),
  }));
  return { people, climbs };
}

/** The Markdown section of the shift's actions. */
export function actionsSection(ctx: ReportContext): string {
  const { state, w } = ctx;
  const words = WORDS[ctx.lang];
  const since = state.duty ? shiftStartOf(state.duty) : ctx.at - DAY_MS;
  const { people, climbs } = shiftActions(state, since, ctx.names);
  const title = (id: number | null) => {
    if (id === null) return '';
    const alert = state.alerts.get(id);
    return ` **#${id}**${alert ? ` ${alert.title[ctx.lang]}` : ''}`;
  };
  const lines = [
    ...people.map((p) =>
      item(
        `${ctx.time(p.at)} **${ctx.person(p.actor)}** ${words.actions[p.action] ?? p.action}${title(p.alert)}${w.colon}${p.text}`,
      ),
    ),
    ...climbs.map((c) => item(`${title(c.alert).trim()}${w.colon}${words.climbed(c.count, c.last)}`)),
  ];
  return section(words.title(ctx.time(since)), lines, w);
}
