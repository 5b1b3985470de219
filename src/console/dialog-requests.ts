import type { WatchRequest } from '../client/pending-replies.js';
import { MINUTE_MS } from '../domain/local-time.js';
import { DEFAULT_UTC_OFFSET, formatClock } from '../state/selectors/context.js';
import { type Dialog, fieldValue } from '../state/ui-state.js';
import type { WatchState } from '../state/watch-state.js';
import { calloutConfirmText, calloutRequest } from './callout-dialog.js';
import type { Strings } from './strings.js';
import { teamConfirmText, teamRequest } from './team-dialog.js';

/** The option label chosen in a choice field. */
export function choiceLabel(dialog: Dialog, name: string): string {
  const field = dialog.fields.find((f) => f.name === name);
  return field?.kind === 'choice' ? (field.options[field.index]?.label ?? '') : '';
}

/**
 * A chosen number of minutes as the confirm line says it: the clock time it comes to from the moment the confirm
 * step was reached — the very instant {@link requestFor} sends.
 */
export function minutesLabel(dialog: Dialog, name: string, s: Strings): string {
  const minutes = Number(fieldValue(dialog, name));
  if (dialog.confirmAt === undefined || !Number.isFinite(minutes)) return choiceLabel(dialog, name);
  const at = chosenInstant(dialog, name, dialog.confirmAt);
  return s.dialog.minutes(minutes, formatClock(at, dialog.utcOffset ?? DEFAULT_UTC_OFFSET).slice(0, 5));
}

/**
 * The instant a minutes field comes to from `at`, on a whole minute (rounded up) so that the `HH:MM` the officer
 * reads is exactly the time stored, not seconds off it.
 */
export function chosenInstant(dialog: Dialog, name: string, at: number): number {
  const minutes = Number(fieldValue(dialog, name) ?? 0);
  return Math.ceil((at + minutes * MINUTE_MS) / MINUTE_MS) * MINUTE_MS;
}

/** The confirm step's question, echoing the target and what will be sent. */
export function confirmText(dialog: Dialog, s: Strings): string {
  const c = s.dialog.confirm;
  const v = (name: string) => fieldValue(dialog, name) ?? '';
  const label = dialog.target.label;
  switch (dialog.kind) {
    case 'ack':
      return c.ack(label, v('reason'), minutesLabel(dialog, 'recheck', s));
    case 'escalate':
      return c.escalate(label, dialog.next ?? s.dialog.nextRung);
    case 'snooze':
      return c.snooze(label, minutesLabel(dialog, 'until', s), v('reason'));
    case 'call':
      return c.call(choiceLabel(dialog, 'to'), choiceLabel(dialog, 'outcome'), label);
    case 'report':
      return c.report(choiceLabel(dialog, 'obligation'), choiceLabel(dialog, 'channel'), v('to'));
    case 'note':
      return c.note(label, v('text'));
    case 'handover':
      return c.handover(label);
    case 'team':
      return teamConfirmText(dialog, s);
    case 'callout':
      return calloutConfirmText(dialog, s);
  }
}

/** A short label for the footer and the prompt: `ack #12`. */
export function pendingLabel(dialog: Dialog, s: Strings): string {
  return `${s.dialog.titles[dialog.kind]} ${dialog.target.label}`;
}

/**
 * The message a confirmed dialog sends; times are the collector's (`at` = serverNow) plus the chosen minutes,
 * so a demo running its clock fast gets a re-check that is 30 of its minutes away.
 */
export function requestFor(dialog: Dialog, id: string, at: number, state: WatchState): WatchRequest {
  const v = (name: string) => fieldValue(dialog, name) ?? '';
  const inMinutes = (name: string) => new Date(chosenInstant(dialog, name, at)).toISOString();
  const alert = dialog.target.alert;
  switch (dialog.kind) {
    case 'ack':
      return {
        type: 'alert.ack',
        id,
        alert: alert ?? 0,
        reason: v('reason'),
        recheckAt: inMinutes('recheck'),
      };
    case 'escalate':
      return { type: 'alert.escalate', id, alert: alert ?? 0 };
    case 'snooze':
      return { type: 'alert.snooze', id, alert: alert ?? 0, until: inMinutes('until'), reason: v('reason') };
    case 'call': {
      const person = state.people.get(v('to'));
      const to = person ? `${person.name}${person.phone ? ` ${person.phone}` : ''}` : v('to');
      const note = v('note');
      return {
        type: 'call.log',
        id,
        to: to.slice(0, 100),
        outcome: v('outcome') === 'no_answer' ? 'no_answer' : 'reached',
        ...(alert !== undefined ? { alert } : {}),
        ...(note ? { note } : {}),
      };
    }
    case 'report':
      return {
        type: 'report.sent',
        id,
        obligation: Number(v('obligation')),
        channel: v('channel') === 'written' ? 'written' : 'phone',
        to: v('to'),
      };
    case 'note':
      return {
        type: 'note',
        id,
        text: v('text'),
        ...(alert !== undefined ? { alert } : {}),
        ...(dialog.target.incident !== undefined ? { incident: dialog.target.incident } : {}),
      };
    case 'handover':
      return { type: 'shift.start', id };
    case 'team':
      return teamRequest(dialog, id, at);
    case 'callout':
      return calloutRequest(dialog, id);
  }
}
