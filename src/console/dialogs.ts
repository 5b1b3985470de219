// Over 250 lines on purpose: which alert, incident or station an action key is about, and the dialog built for
// each kind (one switch); the larger call-out and team dialogs are already in their own modules.

import { MINUTE_MS } from '../domain/local-time.js';
import type { Person } from '../protocol/index.js';
import { formatClock, type NameStyle, nameOf } from '../state/selectors/context.js';
import { REPORT_TARGET_NAMES } from '../state/selectors/obligations.js';
import type { ChoiceField, Dialog, DialogKind, TextField, UiState } from '../state/ui-state.js';
import { selectedIndex } from '../state/ui-state.js';
import type { WatchState } from '../state/watch-state.js';
import { calloutDialog } from './callout-dialog.js';
import type { Strings } from './strings.js';
import { teamDialog } from './team-dialog.js';
import { truncate } from './text-width.js';
import type { ConsoleView } from './view-model.js';

/** Re-check times offered when acknowledging, in minutes (the collector allows up to 12 h by default). */
export const RECHECK_MINUTES = [15, 30, 60, 120] as const;
/** Snooze lengths offered, in minutes; a snooze always has an expiry. */
export const SNOOZE_MINUTES = [15, 30, 60, 120, 240] as const;

/** What a dialog needs to know: the data, the view on it, the words, and the collector's time now. */
export type DialogContext = {
  state: WatchState;
  view: ConsoleView;
  strings: Strings;
  names: NameStyle;
  /** The collector's clock (serverNow): re-check and snooze times are on it, not on ours. */
  at: number;
  utcOffset: string;
};

type TargetPanel = 'alerts' | 'water' | 'incidents';

// The row keys of each panel an action can target, in the order the panel shows them.
const ROW_KEYS: Record<TargetPanel, (view: ConsoleView) => string[]> = {
  alerts: (view) => view.alerts.map((a) => String(a.id)),
  water: (view) => view.stations.map((st) => st.code),
  incidents: (view) => view.incidents.map((i) => i.code),
};

/** The key of the row selected in `panel`. */
function selectedKey(ui: UiState, view: ConsoleView, panel: TargetPanel): string | undefined {
  const keys = ROW_KEYS[panel](view);
  return keys[selectedIndex(keys, ui.selected[panel])];
}

/** The alert selected in the alerts panel. */
function selectedAlert(ui: UiState, view: ConsoleView) {
  const key = selectedKey(ui, view, 'alerts');
  return view.alerts.find((a) => String(a.id) === key);
}

/** The alert an action key is about: the prompt's, else the selected alert, else the selected station's worst alert. */
export function alertTarget(
  ui: UiState,
  view: ConsoleView,
  promptAlert: number | undefined,
): number | undefined {
  if (promptAlert !== undefined) return promptAlert;
  const open = view.alerts.filter((a) => a.state !== 'closed');
  if (ui.focus === 'alerts') {
    const alert = selectedAlert(ui, view);
    return open.find((a) => a === alert)?.id;
  }
  if (ui.focus === 'water') {
    const code = selectedKey(ui, view, 'water');
    return open.find((a) => a.subject.kind === 'station' && a.subject.code === code)?.id;
  }
  if (ui.focus === 'incidents') {
    const code = selectedKey(ui, view, 'incidents');
    return open.find((a) => a.subject.kind === 'incident' && a.subject.code === code)?.id;
  }
  return undefined;
}

/** The incident an action key is about: the selected incident, else the incident of the selected alert. */
export function incidentTarget(ui: UiState, view: ConsoleView): string | undefined {
  if (ui.focus === 'incidents') {
    return selectedKey(ui, view, 'incidents');
  }
  if (ui.focus === 'alerts') {
    const alert = selectedAlert(ui, view);
    if (alert?.subject.kind === 'incident') return alert.subject.code;
    if (alert?.subject.kind === 'obligation') {
      return view.obligations.find((o) => String(o.id) === alert.subject.code)?.incident;
    }
  }
  return undefined;
}

/** The station a call-out is about: the selected gauge, else the station of the selected alert. */
export function stationTarget(ui: UiState, view: ConsoleView): string | undefined {
  if (ui.focus === 'water') {
    return selectedKey(ui, view, 'water');
  }
  if (ui.focus === 'alerts') {
    const alert = selectedAlert(ui, view);
    if (alert?.subject.kind === 'station') return alert.subject.code;
  }
  return undefined;
}

/** The label that echoes an alert back in a confirm step: `#12 白鹭湖水库 超汛限`. */
export function alertLabel(view: ConsoleView, id: number): string {
  const row = view.alerts.find((a) => a.id === id);
  return `#${id} ${truncate(row?.title ?? '', 40)}`.trim();
}

function text(name: string, label: string, isRequired: boolean, value = '', maxLength = 500): TextField {
  return { kind: 'text', name, label, value, isRequired, maxLength };
}

function minutesChoice(
  name: string,
  label: string,
  minutes: readonly number[],
  initial: number,
  ctx: DialogContext,
): ChoiceField {
  return {
    kind: 'choice',
    name,
    label,
    options: minutes.map((m) => ({
      value: String(m),
      label: ctx.strings.dialog.minutes(m, formatClock(ctx.at + m * MINUTE_MS, ctx.utcOffset).slice(0, 5)),
    })),
    index: Math.max(0, minutes.indexOf(initial)),
  };
}

/** Builds a dialog for `kind` about `target`, or returns the reason it cannot be opened. */
export function buildDialog(
  kind: DialogKind,
  target: { alert?: number | undefined; incident?: string | undefined; station?: string | undefined },
  ctx: DialogContext,
): Dialog | string {
  const s = ctx.strings;
  const base = { kind, step: 0, armedAt: 0, error: undefined, utcOffset: ctx.utcOffset };
  const alert = target.alert;
  const alertRow = alert === undefined ? undefined : ctx.view.alerts.find((a) => a.id === alert);
  switch (kind) {
    case 'ack':
    case 'escalate':
    case 'snooze': {
      if (alert === undefined || !alertRow) return s.flash.selectAlert;
      if (alertRow.state === 'closed') return s.flash.notOpen;
      const echo = { alert, label: alertLabel(ctx.view, alert) };
      if (kind === 'ack') {
        return {
          ...base,
          target: echo,
          fields: [
            text('reason', s.dialog.reason, true),
            minutesChoice('recheck', s.dialog.recheck, RECHECK_MINUTES, 30, ctx),
          ],
        };
      }
      if (kind === 'escalate') {
        // Escalating names whom it calls: the next rung (or, past the last, the ladder starting again).
        const next = alertRow.next
          ? `${alertRow.next.rungText}${alertRow.next.phone ? ` ${alertRow.next.phone}` : ''}`
          : s.dialog.nextRung;
        return { ...base, target: echo, fields: [], next };
      }
      return {
        ...base,
        target: echo,
        fields: [
          minutesChoice('until', s.dialog.until, SNOOZE_MINUTES, 60, ctx),
          text('reason', s.dialog.reason, true),
        ],
      };
    }
    case 'call': {
      const echo =
        alert === undefined ? { label: s.dialog.generalNote } : { alert, label: alertLabel(ctx.view, alert) };
      return {
        ...base,
        target: echo,
        fields: [
          {
            kind: 'choice',
            name: 'to',
            label: s.dialog.to,
            options: callees(ctx, alertRow?.rung?.person ?? null).map((p) => ({
              value: p.id,
              label: `${nameOf(p, ctx.names)} ${p.title ?? ''} ${p.phone ?? ''}`.replace(/\s+/g, ' ').trim(),
            })),
            index: 0,
          },
          {
            kind: 'choice',
            name: 'outcome',
            label: s.dialog.outcome,
            options: [
              { value: 'reached', label: s.dialog.reached },
              { value: 'no_answer', label: s.dialog.noAnswer },
            ],
            index: 0,
          },
          text('note', s.dialog.note, false),
        ],
      };
    }
    case 'report': {
      const incident = target.incident;
      const open = ctx.view.obligations.filter((o) => o.incident === incident);
      const first = open[0];
      if (incident === undefined || !first) return s.flash.selectIncident;
      const title = ctx.state.incidents.get(incident)?.title ?? incident;
      return {
        ...base,
        target: { incident, label: `${incident} ${truncate(title, 30)}` },
        fields: [
          {
            kind: 'choice',
            name: 'obligation',
            label: s.dialog.obligation,
            options: open.map((o) => ({
              value: String(o.id),
              label: `${o.kindName} → ${o.targetName} ${o.dueText.slice(0, 5)} (${o.countdownText})`,
            })),
            index: 0,
          },
          {
            kind: 'choice',
            name: 'channel',
            label: s.dialog.channel,
            options: [
              { value: 'phone', label: s.dialog.phone },
              { value: 'written', label: s.dialog.written },
            ],
            index: first.kind === 'written' ? 1 : 0,
          },
          // The recipient as the bureau writes it, whatever the console's language: it goes into the audit log.
          text('to', s.dialog.recipient, true, REPORT_TARGET_NAMES[first.target].zh, 100),
        ],
      };
    }
    case 'note': {
      const echo =
        alert !== undefined
          ? { alert, label: alertLabel(ctx.view, alert) }
          : target.incident !== undefined
            ? { incident: target.incident, label: target.incident }
            : { label: s.dialog.generalNote };
      return { ...base, target: echo, fields: [text('text', s.dialog.text, true, '', 2000)] };
    }
    case 'handover': {
      const duty = ctx.state.duty;
      const from = duty?.handover?.from ?? duty?.officer;
      const person = from ? ctx.state.people.get(from) : undefined;
      return { ...base, target: { label: person ? nameOf(person, ctx.names) : (from ?? '--') }, fields: [] };
    }
    case 'team':
      return teamDialog(target.incident, ctx);
    case 'callout':
      return calloutDialog(target.station, ctx);
  }
}

// The person on the alert's rung first (the one the ladder just called), then the duty chain, then everyone else.
function callees(ctx: DialogContext, rungPerson: string | null): Person[] {
  const people = [...ctx.state.people.values()];
  const duty = ctx.state.duty;
  const roster = ctx.state.roster;
  const order = [rungPerson, duty?.officer, duty?.leader, roster?.bureauChief, roster?.governmentDutyOffice];
  const first: Person[] = [];
  for (const id of order) {
    const p = id ? ctx.state.people.get(id) : undefined;
    if (p && !first.includes(p)) first.push(p);
  }
  return [...first, ...people.filter((p) => !first.includes(p))];
}
