import type { WatchReply, WatchRequest } from '../client/pending-replies.js';
import { serverNow } from '../state/clock.js';
import { Command, type InputMode, type KeyInfo, keyToCommand } from '../state/keymap.js';
import type { ChaseRow } from '../state/selectors/callout.js';
import { type DialogKind, inputMode, type Overlay, type UiAction, type UiState } from '../state/ui-state.js';
import type { WatchState } from '../state/watch-state.js';
import { phoneChase } from './chase-keys.js';
import { openDialog, sendDialog } from './dialog-keys.js';
import type { ConsoleSettings } from './settings.js';
import type { Strings } from './strings.js';
import { type ConsoleView, visibleKeys } from './view-model.js';

/** What the App's one key handler works with. */
export type KeyContext = {
  ui: UiState;
  /** The filtered view the panels show. */
  view: ConsoleView;
  state: WatchState;
  settings: ConsoleSettings;
  strings: Strings;
  dispatch(action: UiAction): void;
  send(request: WatchRequest): Promise<WatchReply>;
  now(): number;
  newId(): string;
  quit(): void;
  /** The alert of the prompt on show, when one waits: action keys are about it. */
  promptAlert: number | undefined;
  /** Rows of the focused panel's window, for PgUp/PgDn. */
  pageRows: number;
  /** The first overdue recipient while the chase prompt shows (c and C are then its keys). */
  chase: ChaseRow | undefined;
};

// Printable text (letters, digits, CJK from an IME, pasted words): no control characters.
const PRINTABLE = /^[^\u0000-\u001f\u007f]+$/;

/** The key map's mode: the UI's, with the panels' keys in `chase` mode while the chase prompt shows. */
export function keyMode(ui: UiState, isChasing: boolean): InputMode {
  const mode = inputMode(ui);
  return mode === 'normal' && isChasing ? 'chase' : mode;
}

/** Handles one key: maps it through the key map for the current mode and carries out the command. */
export function handleKey(input: string, key: KeyInfo, ctx: KeyContext): void {
  const mode = keyMode(ctx.ui, ctx.chase !== undefined);
  const command = keyToCommand(input, key, mode);
  if (command === undefined) {
    if (!PRINTABLE.test(input) || key.ctrl) return;
    if (mode === 'text') ctx.dispatch({ type: 'dialog.input', text: input });
    else if (mode === 'filter') ctx.dispatch({ type: 'filter.input', text: input });
    return;
  }
  runCommand(command, input, mode, ctx);
}

// The commands that open an action dialog, and which.
const DIALOG_OF: Partial<Record<Command, DialogKind>> = {
  [Command.ack]: 'ack',
  [Command.escalate]: 'escalate',
  [Command.snooze]: 'snooze',
  [Command.call]: 'call',
  [Command.report]: 'report',
  [Command.note]: 'note',
  [Command.accept]: 'handover',
  [Command.team]: 'team',
  [Command.callout]: 'callout',
};

// The commands that open a scrollable page in the body area, and which; each page opens at its top.
const PAGE_OF: Partial<Record<Command, Extract<Overlay, { scroll: number }>['kind']>> = {
  [Command.details]: 'details',
  [Command.help]: 'help',
  [Command.handover]: 'handover',
  [Command.forces]: 'forces',
};

// The commands that always mean the same UI action, whatever the mode and the state.
const ACTION_OF: Partial<Record<Command, UiAction>> = {
  [Command.nextPrompt]: { type: 'prompts.step', delta: 1 },
  [Command.prevPrompt]: { type: 'prompts.step', delta: -1 },
  [Command.focusNext]: { type: 'focus.move', delta: 1 },
  [Command.focusPrev]: { type: 'focus.move', delta: -1 },
  [Command.choiceNext]: { type: 'dialog.choice', delta: 1 },
  [Command.choicePrev]: { type: 'dialog.choice', delta: -1 },
  [Command.scrollDown]: { type: 'overlay.scroll', delta: 1 },
  [Command.scrollUp]: { type: 'overlay.scroll', delta: -1 },
  [Command.filter]: { type: 'filter.start' },
  [Command.dismiss]: { type: 'dismiss' },
  [Command.back]: { type: 'dialog.back' },
  [Command.close]: { type: 'overlay.close' },
};

function runCommand(command: Command, input: string, mode: InputMode, ctx: KeyContext): void {
  const { ui, dispatch } = ctx;
  const dialog = DIALOG_OF[command];
  if (dialog) {
    openDialog(dialog, ctx);
    return;
  }
  const page = PAGE_OF[command];
  if (page) {
    dispatch({ type: 'overlay.open', overlay: { kind: page, scroll: 0 } });
    return;
  }
  const action = ACTION_OF[command];
  if (action) {
    dispatch(action);
    return;
  }
  const move = (delta: number) =>
    dispatch({ type: 'select.move', panel: ui.focus, keys: visibleKeys(ctx.view, ui.focus, ''), delta });
  switch (command) {
    case Command.interrupt:
      if (mode === 'quit') ctx.quit();
      else dispatch({ type: 'overlay.open', overlay: { kind: 'quit' } });
      return;
    case Command.quit:
      // Quitting with prompts waiting leaves alerts unseen; in the demo it also stops the collector: ask first.
      if (ui.prompts.length > 0 || ctx.settings.quitStopsCollector) {
        dispatch({ type: 'overlay.open', overlay: { kind: 'quit' } });
      } else ctx.quit();
      return;
    case Command.up:
      move(-1);
      return;
    case Command.down:
      move(1);
      return;
    case Command.pageUp:
      move(-Math.max(1, ctx.pageRows));
      return;
    case Command.pageDown:
      move(Math.max(1, ctx.pageRows));
      return;
    case Command.top:
      move(Number.NEGATIVE_INFINITY);
      return;
    case Command.bottom:
      move(Number.POSITIVE_INFINITY);
      return;
    case Command.submit:
      if (mode === 'filter') dispatch({ type: 'filter.apply' });
      else
        dispatch({
          type: 'dialog.next',
          at: ctx.now(),
          serverAt: serverNow(ctx.state, ctx.now()),
          guardMs: ctx.settings.confirmGuardMs,
          requiredText: ctx.strings.dialog.required,
        });
      return;
    case Command.cancel:
      if (mode === 'quit') dispatch({ type: 'overlay.close' });
      else if (mode === 'filter') dispatch({ type: 'filter.cancel' });
      else dispatch({ type: 'dialog.cancel' });
      return;
    case Command.confirm:
      if (mode === 'quit') ctx.quit();
      else sendDialog(ctx);
      return;
    case Command.backspace:
      dispatch({ type: mode === 'filter' ? 'filter.backspace' : 'dialog.backspace' });
      return;
    case Command.choicePick:
      dispatch({ type: 'dialog.pick', index: Number(input) - 1 });
      return;
    case Command.chaseReached:
    case Command.chaseMissed:
      if (ctx.chase) phoneChase(ctx.chase, command === Command.chaseReached, ctx);
      return;
  }
}
