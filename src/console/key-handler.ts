import type { WatchReply, WatchRequest } from '../client/pending-replies.js';
import { serverNow } from '../state/clock.js';
import { Command, type InputMode, type KeyInfo, keyToCommand } from '../state/keymap.js';
import type { ChaseRow } from '../state/selectors/callout.js';
import { utcOffsetOf } from '../state/selectors/context.js';
import { canConfirm, type DialogKind, inputMode, type UiAction, type UiState } from '../state/ui-state.js';
import type { WatchState } from '../state/watch-state.js';
import { phoneChase } from './chase-keys.js';
import { pendingLabel, requestFor } from './dialog-requests.js';
import { alertTarget, buildDialog, type DialogContext, incidentTarget, stationTarget } from './dialogs.js';
import { type ConsoleSettings, nameStyle } from './settings.js';
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

function runCommand(command: Command, input: string, mode: InputMode, ctx: KeyContext): void {
  const { ui, dispatch } = ctx;
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
    case Command.nextPrompt:
    case Command.prevPrompt:
      dispatch({ type: 'prompts.step', delta: command === Command.nextPrompt ? 1 : -1 });
      return;
    case Command.focusNext:
    case Command.focusPrev:
      dispatch({ type: 'focus.move', delta: command === Command.focusNext ? 1 : -1 });
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
    case Command.details:
      dispatch({ type: 'overlay.open', overlay: { kind: 'details', scroll: 0 } });
      return;
    case Command.help:
      dispatch({ type: 'overlay.open', overlay: { kind: 'help', scroll: 0 } });
      return;
    case Command.handover:
      dispatch({ type: 'overlay.open', overlay: { kind: 'handover', scroll: 0 } });
      return;
    case Command.forces:
      dispatch({ type: 'overlay.open', overlay: { kind: 'forces', scroll: 0 } });
      return;
    case Command.ack:
    case Command.escalate:
    case Command.snooze:
    case Command.call:
    case Command.note:
    case Command.report:
    case Command.accept:
    case Command.team:
    case Command.callout:
      openDialog(dialogKind(command), ctx);
      return;
    case Command.filter:
      dispatch({ type: 'filter.start' });
      return;
    case Command.dismiss:
      dispatch({ type: 'dismiss' });
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
    case Command.back:
      dispatch({ type: 'dialog.back' });
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
    case Command.choicePrev:
    case Command.choiceNext:
      dispatch({ type: 'dialog.choice', delta: command === Command.choiceNext ? 1 : -1 });
      return;
    case Command.choicePick:
      dispatch({ type: 'dialog.pick', index: Number(input) - 1 });
      return;
    case Command.close:
      dispatch({ type: 'overlay.close' });
      return;
    case Command.chaseReached:
    case Command.chaseMissed:
      if (ctx.chase) phoneChase(ctx.chase, command === Command.chaseReached, ctx);
      return;
    case Command.scrollUp:
    case Command.scrollDown:
      dispatch({ type: 'overlay.scroll', delta: command === Command.scrollDown ? 1 : -1 });
      return;
  }
}

function dialogKind(command: Command): DialogKind {
  switch (command) {
    case Command.ack:
      return 'ack';
    case Command.escalate:
      return 'escalate';
    case Command.snooze:
      return 'snooze';
    case Command.call:
      return 'call';
    case Command.report:
      return 'report';
    case Command.accept:
      return 'handover';
    case Command.team:
      return 'team';
    case Command.callout:
      return 'callout';
    default:
      return 'note';
  }
}

function dialogContext(ctx: KeyContext): DialogContext {
  return {
    state: ctx.state,
    view: ctx.view,
    strings: ctx.strings,
    names: nameStyle(ctx.settings),
    at: serverNow(ctx.state, ctx.now()),
    utcOffset: utcOffsetOf(ctx.state),
  };
}

function openDialog(kind: DialogKind, ctx: KeyContext): void {
  const alert = alertTarget(ctx.ui, ctx.view, ctx.promptAlert);
  // A note or a call goes to the selected alert or incident if there is one, else it is general.
  const target =
    kind === 'report' || kind === 'note' || kind === 'team'
      ? {
          alert: kind === 'note' && ctx.ui.focus === 'alerts' ? alert : undefined,
          incident: incidentTarget(ctx.ui, ctx.view),
        }
      : kind === 'callout'
        ? { station: stationTarget(ctx.ui, ctx.view) }
        : { alert };
  const dialog = buildDialog(kind, target, dialogContext(ctx));
  if (typeof dialog === 'string') ctx.dispatch({ type: 'flash', text: dialog });
  else
    ctx.dispatch({
      type: 'dialog.open',
      dialog: {
        ...dialog,
        armedAt: ctx.now() + ctx.settings.confirmGuardMs,
        ...(dialog.fields.length === 0 ? { confirmAt: serverNow(ctx.state, ctx.now()) } : {}),
      },
    });
}

/**
 * Sends a confirmed dialog: only from its confirm step, and not before that step had time to be seen. The
 * pending entry shows "sent…" until the collector's reply settles it; a link that drops first marks it undelivered.
 */
function sendDialog(ctx: KeyContext): void {
  const at = ctx.now();
  const dialog = ctx.ui.dialog;
  if (!canConfirm(dialog, at)) return;
  const id = ctx.newId();
  // The times stated on the confirm line are the times sent (a dialog opened without fields confirms at once).
  const request = requestFor(dialog, id, dialog.confirmAt ?? serverNow(ctx.state, at), ctx.state);
  ctx.dispatch({
    type: 'dialog.sent',
    pending: {
      id,
      type: request.type,
      alert: dialog.target.alert,
      label: pendingLabel(dialog, ctx.strings),
      status: 'sent',
      message: undefined,
      sentAt: at,
      settledAt: undefined,
    },
  });
  ctx.send(request).then(
    (reply) =>
      ctx.dispatch(
        reply.type === 'ack'
          ? { type: 'pending.settled', id, status: 'confirmed', at: ctx.now() }
          : {
              type: 'pending.settled',
              id,
              status: 'refused',
              message: `${reply.code}: ${reply.message}`,
              at: ctx.now(),
            },
      ),
    (error: unknown) =>
      ctx.dispatch({
        type: 'pending.settled',
        id,
        status: 'failed',
        message: error instanceof Error ? error.message : String(error),
        at: ctx.now(),
      }),
  );
}
