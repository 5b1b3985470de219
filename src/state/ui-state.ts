// Over 250 lines on purpose: the console's UI state, every action on it and its one pure reducer; the union of
// actions and the reducer's switch are checked against each other (assertNever), so they stay in one file.
import type { ActionType } from '../protocol/index.js';
import { assertNever } from './assert-never.js';
import type { InputMode } from './keymap.js';

/** The console's panels, in Tab order. */
export const PANELS = ['alerts', 'incidents', 'water', 'stock', 'log'] as const;
/** One panel's id. */
export type PanelId = (typeof PANELS)[number];

/** A free-text field typed into by the App-level key handler. */
export type TextField = {
  kind: 'text';
  name: string;
  label: string;
  value: string;
  isRequired: boolean;
  maxLength: number;
};

/** A pick-one field. */
export type ChoiceField = {
  kind: 'choice';
  name: string;
  label: string;
  options: readonly { value: string; label: string }[];
  index: number;
};

/** A field of a dialog. */
export type DialogField = TextField | ChoiceField;

/** What a dialog does; each ends in a request to the collector. */
export type DialogKind =
  | 'ack'
  | 'escalate'
  | 'snooze'
  | 'call'
  | 'report'
  | 'note'
  | 'handover'
  | 'team'
  | 'callout';

/**
 * An action being prepared: its fields, one after the other, then a confirm step (`step === fields.length`)
 * that echoes the target. `armedAt` is when the confirm step starts listening, so a key typed before it was
 * drawn (typeahead over a laggy link) cannot confirm.
 */
export type Dialog = {
  kind: DialogKind;
  /** The alert, incident or handover the action is about, as echoed back: `#12 白鹭湖水库 超汛限`. */
  target: { alert?: number; incident?: string; label: string };
  /** For an escalation: the rung it goes to, with person and phone (`2 带班领导 李强 138…`). */
  next?: string;
  /** The county's offset, to say the times a choice of minutes comes to. */
  utcOffset?: string;
  /**
   * The collector's time when the confirm step was reached: the re-check or snooze-until time the confirm line
   * states is computed from it, and so is the one sent — what is shown is what is stored.
   */
  confirmAt?: number;
  fields: readonly DialogField[];
  step: number;
  armedAt: number;
  error: string | undefined;
};

/** A read-only view over the panels. */
export type Overlay =
  | { kind: 'none' }
  | { kind: 'help' | 'details' | 'handover' | 'forces'; scroll: number }
  | { kind: 'quit' };

/** Where an action sent to the collector stands: sent and waiting, confirmed (acked), refused, or never delivered. */
export type PendingStatus = 'sent' | 'confirmed' | 'refused' | 'failed';

/** An action sent to the collector, tracked by its message id until the reply settles it. */
export type PendingAction = {
  id: string;
  type: ActionType;
  alert: number | undefined;
  label: string;
  status: PendingStatus;
  message: string | undefined;
  sentAt: number;
  settledAt: number | undefined;
};

/** Everything the console shows besides the data: focus, selections, dialogs, filter, prompts and pending actions. */
export type UiState = {
  focus: PanelId;
  /** The selected row's key per panel; rows re-sort as data arrives, so selection follows the row, not the index. */
  selected: Readonly<Record<PanelId, string | undefined>>;
  overlay: Overlay;
  dialog: Dialog | undefined;
  filter: { applied: string; draft: string | undefined };
  pending: readonly PendingAction[];
  /** Alerts waiting for me as the data stands (derived afresh at every sync), most pressing first. */
  prompts: readonly number[];
  /**
   * The prompt on show. It holds still while it waits for me, whatever joins the queue or climbs meanwhile:
   * it changes only when it stops waiting (handled, closed) or when the officer steps to the next one.
   */
  shownPrompt: number | undefined;
  /** The prompt just handled, shown with who acknowledged it until dismissed. */
  promptDone: { alert: number; at: number } | undefined;
  /** A one-line message for the footer ("select an alert first"); cleared by the next key. */
  flash: string | undefined;
};

/** Most pending actions remembered: the footer shows the latest, the rest are history. */
export const PENDING_LIMIT = 20;

/** How long a handled prompt stays up before it clears by itself. */
export const PROMPT_DONE_MS = 10_000;

/** Every UI action; time comes in `at` (local ms), never read here. */
export type UiAction =
  | { type: 'focus.move'; delta: 1 | -1 }
  | { type: 'select.move'; panel: PanelId; keys: readonly string[]; delta: number }
  | { type: 'overlay.open'; overlay: Overlay }
  | { type: 'overlay.scroll'; delta: number }
  | { type: 'overlay.close' }
  | { type: 'dialog.open'; dialog: Dialog }
  | { type: 'dialog.input'; text: string }
  | { type: 'dialog.backspace' }
  | { type: 'dialog.choice'; delta: number }
  | { type: 'dialog.pick'; index: number }
  | { type: 'dialog.next'; at: number; serverAt?: number; guardMs: number; requiredText: string }
  | { type: 'dialog.back' }
  | { type: 'dialog.cancel' }
  | { type: 'dialog.sent'; pending: PendingAction }
  | {
      type: 'pending.settled';
      id: string;
      status: Exclude<PendingStatus, 'sent'>;
      message?: string;
      at: number;
    }
  | { type: 'filter.start' }
  | { type: 'filter.input'; text: string }
  | { type: 'filter.backspace' }
  | { type: 'filter.apply' }
  | { type: 'filter.cancel' }
  | {
      type: 'prompts.sync';
      /** The alerts waiting for me now, in prompt order. */
      waiting: readonly number[];
      acknowledged: readonly number[];
      at: number;
    }
  | { type: 'prompts.step'; delta: 1 | -1 }
  | { type: 'dismiss' }
  | { type: 'tick'; at: number }
  | { type: 'flash'; text: string | undefined };

/** The UI before any key. */
export const initialUiState: UiState = {
  focus: 'alerts',
  selected: { alerts: undefined, incidents: undefined, water: undefined, stock: undefined, log: undefined },
  overlay: { kind: 'none' },
  dialog: undefined,
  filter: { applied: '', draft: undefined },
  pending: [],
  prompts: [],
  shownPrompt: undefined,
  promptDone: undefined,
  flash: undefined,
};

/** Which way the keyboard is pointed now (see {@link InputMode}). */
export function inputMode(ui: UiState): InputMode {
  if (ui.overlay.kind === 'quit') return 'quit';
  if (ui.dialog) {
    const field = ui.dialog.fields[ui.dialog.step];
    if (!field) return 'confirm';
    return field.kind === 'text' ? 'text' : 'choice';
  }
  if (ui.filter.draft !== undefined) return 'filter';
  if (ui.overlay.kind === 'handover') return 'handover';
  if (ui.overlay.kind !== 'none') return 'overlay';
  return 'normal';
}

/** Whether a `y` at local time `at` may send the dialog: on its confirm step, and after that step was drawn. */
export function canConfirm(dialog: Dialog | undefined, at: number): dialog is Dialog {
  return dialog !== undefined && dialog.step >= dialog.fields.length && at >= dialog.armedAt;
}

/** The value of a dialog field by name: a text field's text or the chosen option's value. */
export function fieldValue(dialog: Dialog, name: string): string | undefined {
  const field = dialog.fields.find((f) => f.name === name);
  if (!field) return undefined;
  return field.kind === 'text' ? field.value.trim() : field.options[field.index]?.value;
}

/** The index of the selected row in `keys`: the selected key's place, else the first row. */
export function selectedIndex(keys: readonly string[], selected: string | undefined): number {
  const i = selected === undefined ? -1 : keys.indexOf(selected);
  return i === -1 ? 0 : i;
}

/** The next UI state; pure. */
export function reduceUi(ui: UiState, action: UiAction): UiState {
  switch (action.type) {
    case 'focus.move': {
      const i = PANELS.indexOf(ui.focus);
      const next = PANELS[(i + action.delta + PANELS.length) % PANELS.length] ?? ui.focus;
      return { ...ui, focus: next, flash: undefined };
    }
    case 'select.move': {
      if (action.keys.length === 0) return ui;
      const from = selectedIndex(action.keys, ui.selected[action.panel]);
      const to = Math.max(0, Math.min(action.keys.length - 1, from + action.delta));
      return { ...ui, selected: { ...ui.selected, [action.panel]: action.keys[to] }, flash: undefined };
    }
    case 'overlay.open':
      return { ...ui, overlay: action.overlay, flash: undefined };
    case 'overlay.scroll':
      if (ui.overlay.kind === 'none' || ui.overlay.kind === 'quit') return ui;
      return { ...ui, overlay: { ...ui.overlay, scroll: Math.max(0, ui.overlay.scroll + action.delta) } };
    case 'overlay.close':
      return { ...ui, overlay: { kind: 'none' } };
    case 'dialog.open':
      return { ...ui, dialog: action.dialog, flash: undefined };
    case 'dialog.input':
    case 'dialog.backspace':
    case 'dialog.choice':
    case 'dialog.pick':
    case 'dialog.next':
    case 'dialog.back': {
      const dialog = ui.dialog ? reduceDialog(ui.dialog, action) : undefined;
      return dialog === ui.dialog ? ui : { ...ui, dialog };
    }
    case 'dialog.cancel':
      return { ...ui, dialog: undefined };
    case 'dialog.sent':
      return {
        ...ui,
        dialog: undefined,
        overlay: ui.overlay.kind === 'handover' ? { kind: 'none' } : ui.overlay,
        pending: [...ui.pending, action.pending].slice(-PENDING_LIMIT),
      };
    case 'pending.settled':
      return {
        ...ui,
        pending: ui.pending.map((p) =>
          p.id === action.id && p.status === 'sent'
            ? { ...p, status: action.status, message: action.message, settledAt: action.at }
            : p,
        ),
      };
    case 'filter.start':
      return { ...ui, filter: { ...ui.filter, draft: ui.filter.applied }, flash: undefined };
    case 'filter.input':
      return ui.filter.draft === undefined
        ? ui
        : { ...ui, filter: { ...ui.filter, draft: (ui.filter.draft + action.text).slice(0, 60) } };
    case 'filter.backspace':
      return ui.filter.draft === undefined
        ? ui
        : { ...ui, filter: { ...ui.filter, draft: dropLast(ui.filter.draft) } };
    case 'filter.apply':
      return { ...ui, filter: { applied: (ui.filter.draft ?? ui.filter.applied).trim(), draft: undefined } };
    case 'filter.cancel':
      return { ...ui, filter: { ...ui.filter, draft: undefined } };
    case 'prompts.sync':
      return syncPrompts(ui, action);
    case 'prompts.step': {
      const i = ui.shownPrompt === undefined ? -1 : ui.prompts.indexOf(ui.shownPrompt);
      const n = ui.prompts.length;
      if (n === 0 || ui.promptDone) return ui;
      return { ...ui, shownPrompt: ui.prompts[(i + action.delta + n) % n], flash: undefined };
    }
    case 'dismiss':
      if (ui.promptDone) return { ...ui, promptDone: undefined, flash: undefined };
      if (ui.flash) return { ...ui, flash: undefined };
      return ui.filter.applied ? { ...ui, filter: { applied: '', draft: undefined } } : ui;
    case 'tick':
      return ui.promptDone && action.at - ui.promptDone.at >= PROMPT_DONE_MS
        ? { ...ui, promptDone: undefined }
        : ui;
    case 'flash':
      return ui.flash === action.text ? ui : { ...ui, flash: action.text };
    default:
      return assertNever(action);
  }
}

type DialogAction = Extract<
  UiAction,
  {
    type:
      | 'dialog.input'
      | 'dialog.backspace'
      | 'dialog.choice'
      | 'dialog.pick'
      | 'dialog.next'
      | 'dialog.back';
  }
>;

function reduceDialog(dialog: Dialog, action: DialogAction): Dialog {
  const field = dialog.fields[dialog.step];
  const replace = (next: DialogField): Dialog => ({
    ...dialog,
    fields: dialog.fields.map((f, i) => (i === dialog.step ? next : f)),
    error: undefined,
  });
  switch (action.type) {
    case 'dialog.input':
      if (field?.kind !== 'text') return dialog;
      // Pasted text and IME input arrive whole; line breaks have no place in a one-line field.
      return replace({
        ...field,
        value: (field.value + action.text.replace(/[\r\n]+/g, ' ')).slice(0, field.maxLength),
      });
    case 'dialog.backspace':
      return field?.kind === 'text' ? replace({ ...field, value: dropLast(field.value) }) : dialog;
    case 'dialog.choice':
      if (field?.kind !== 'choice' || field.options.length === 0) return dialog;
      return replace({
        ...field,
        index: (field.index + action.delta + field.options.length) % field.options.length,
      });
    case 'dialog.pick':
      if (field?.kind !== 'choice' || action.index < 0 || action.index >= field.options.length) return dialog;
      return replace({ ...field, index: action.index });
    case 'dialog.next': {
      if (!field) return dialog;
      if (field.kind === 'text' && field.isRequired && field.value.trim() === '') {
        return { ...dialog, error: action.requiredText };
      }
      const step = dialog.step + 1;
      const isConfirming = step >= dialog.fields.length;
      return {
        ...dialog,
        step,
        error: undefined,
        armedAt: isConfirming ? action.at + action.guardMs : dialog.armedAt,
        ...(isConfirming && action.serverAt !== undefined ? { confirmAt: action.serverAt } : {}),
      };
    }
    case 'dialog.back':
      return { ...dialog, step: Math.max(0, dialog.step - 1), error: undefined };
    default:
      return assertNever(action);
  }
}

/**
 * Takes the queue as the data says it is now (prompts are state, not events: a console started late shows what
 * one running all night shows). The prompt on show stays while it still waits; when it stops waiting because it
 * was acknowledged, it stays up as "done" to say by whom; otherwise the most pressing waiting alert is shown.
 */
function syncPrompts(ui: UiState, action: Extract<UiAction, { type: 'prompts.sync' }>): UiState {
  const prompts = sameIds(action.waiting, ui.prompts) ? ui.prompts : action.waiting;
  const shown = ui.shownPrompt;
  const isStillWaiting = shown !== undefined && prompts.includes(shown);
  const wasHandled = shown !== undefined && !isStillWaiting && action.acknowledged.includes(shown);
  const shownPrompt = isStillWaiting ? shown : prompts[0];
  const promptDone = wasHandled ? { alert: shown, at: action.at } : ui.promptDone;
  if (prompts === ui.prompts && shownPrompt === ui.shownPrompt && promptDone === ui.promptDone) return ui;
  return { ...ui, prompts, shownPrompt, promptDone };
}

function sameIds(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}

// Drops the last character as people see it (a CJK character or an emoji is one, however many code units).
function dropLast(text: string): string {
  const chars = [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)];
  return chars
    .slice(0, -1)
    .map((s) => s.segment)
    .join('');
}
