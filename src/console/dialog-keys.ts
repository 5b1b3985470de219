import { serverNow } from '../state/clock.js';
import { utcOffsetOf } from '../state/selectors/context.js';
import { canConfirm, type DialogKind } from '../state/ui-state.js';
import { pendingLabel, requestFor } from './dialog-requests.js';
import { alertTarget, buildDialog, type DialogContext, incidentTarget, stationTarget } from './dialogs.js';
import type { KeyContext } from './key-handler.js';
import { nameStyle } from './settings.js';

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

/** Opens the dialog of an action key on its target (the prompt's alert, the selected row), or flashes why not. */
export function openDialog(kind: DialogKind, ctx: KeyContext): void {
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
export function sendDialog(ctx: KeyContext): void {
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
