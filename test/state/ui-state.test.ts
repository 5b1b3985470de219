import { describe, expect, it } from 'vitest';
import {
  canConfirm,
  type Dialog,
  fieldValue,
  initialUiState,
  inputMode,
  type PendingAction,
  PROMPT_DONE_MS,
  reduceUi,
  type UiAction,
  type UiState,
} from '../../src/state/ui-state.js';

const run = (actions: UiAction[], from: UiState = initialUiState) => actions.reduce(reduceUi, from);

const ACK: Dialog = {
  kind: 'ack',
  target: { alert: 12, label: '#12 白鹭湖水库 超汛限' },
  fields: [
    { kind: 'text', name: 'reason', label: '原因', value: '', isRequired: true, maxLength: 500 },
    {
      kind: 'choice',
      name: 'recheck',
      label: '复查时间',
      options: [
        { value: '15', label: '15' },
        { value: '30', label: '30' },
        { value: '60', label: '60' },
      ],
      index: 1,
    },
  ],
  step: 0,
  armedAt: 0,
  error: undefined,
};
const next = (at = 1000): UiAction => ({ type: 'dialog.next', at, guardMs: 300, requiredText: 'required' });

describe('reduceUi', () => {
  it('cycles the focus through the panels both ways', () => {
    expect(run([{ type: 'focus.move', delta: 1 }]).focus).toBe('incidents');
    expect(run([{ type: 'focus.move', delta: -1 }]).focus).toBe('log');
  });

  it('moves the selection by key within bounds, so it follows a row that moves', () => {
    const keys = ['12', '3', '5'];
    const down = run([{ type: 'select.move', panel: 'alerts', keys, delta: 1 }]);
    expect(down.selected.alerts).toBe('3');
    expect(
      run([{ type: 'select.move', panel: 'alerts', keys: ['5', '3'], delta: 1 }], down).selected.alerts,
    ).toBe('3');
    expect(
      run([{ type: 'select.move', panel: 'alerts', keys, delta: Number.POSITIVE_INFINITY }]).selected.alerts,
    ).toBe('5');
    expect(run([{ type: 'select.move', panel: 'alerts', keys, delta: -9 }]).selected.alerts).toBe('12');
  });

  it('types into the current text field and refuses to leave a required one empty', () => {
    const open = run([{ type: 'dialog.open', dialog: ACK }]);
    expect(inputMode(open)).toBe('text');
    const empty = run([next()], open);
    expect(empty.dialog).toMatchObject({ step: 0, error: 'required' });
    const typed = run(
      [{ type: 'dialog.input', text: '水位已核实x' }, { type: 'dialog.backspace' }, next()],
      open,
    );
    expect(typed.dialog?.step).toBe(1);
    expect(inputMode(typed)).toBe('choice');
    expect(fieldValue(typed.dialog as Dialog, 'reason')).toBe('水位已核实');
  });

  it('changes a choice with wrap-around and by number', () => {
    const at = run([{ type: 'dialog.open', dialog: { ...ACK, step: 1 } }]);
    expect(fieldValue(run([{ type: 'dialog.choice', delta: 1 }], at).dialog as Dialog, 'recheck')).toBe('60');
    expect(fieldValue(run([{ type: 'dialog.choice', delta: 2 }], at).dialog as Dialog, 'recheck')).toBe('15');
    expect(fieldValue(run([{ type: 'dialog.pick', index: 0 }], at).dialog as Dialog, 'recheck')).toBe('15');
    expect(run([{ type: 'dialog.pick', index: 7 }], at)).toBe(at);
  });

  it('arms the confirm step only after the guard time, so typeahead cannot confirm', () => {
    const confirming = run([
      { type: 'dialog.open', dialog: ACK },
      { type: 'dialog.input', text: 'ok' },
      next(1000),
      next(1000),
    ]);
    expect(inputMode(confirming)).toBe('confirm');
    expect(canConfirm(confirming.dialog, 1100)).toBe(false);
    expect(canConfirm(confirming.dialog, 1300)).toBe(true);
    expect(canConfirm(run([{ type: 'dialog.open', dialog: ACK }]).dialog, 5000)).toBe(false);
    expect(run([{ type: 'dialog.back' }], confirming).dialog?.step).toBe(1);
  });

  it('tracks a sent action until its reply settles it', () => {
    const pending: PendingAction = {
      id: 'con-1',
      type: 'alert.ack',
      alert: 12,
      label: 'ack #12',
      status: 'sent',
      message: undefined,
      sentAt: 1,
      settledAt: undefined,
    };
    const sent = run([
      { type: 'dialog.open', dialog: ACK },
      { type: 'dialog.sent', pending },
    ]);
    expect(sent.dialog).toBeUndefined();
    expect(sent.pending).toEqual([pending]);
    const refused = run(
      [{ type: 'pending.settled', id: 'con-1', status: 'refused', message: 'FORBIDDEN: no', at: 9 }],
      sent,
    );
    expect(refused.pending[0]).toMatchObject({ status: 'refused', message: 'FORBIDDEN: no', settledAt: 9 });
    // A late second reply for the same id changes nothing.
    expect(
      run([{ type: 'pending.settled', id: 'con-1', status: 'confirmed', at: 10 }], refused).pending[0]
        ?.status,
    ).toBe('refused');
  });

  it('takes the waiting queue as the data says and reports the acknowledged prompt on show as done', () => {
    const sync = (waiting: number[], acknowledged: number[] = [], at = 0): UiAction => ({
      type: 'prompts.sync',
      waiting,
      acknowledged,
      at,
    });
    const queued = run([sync([12, 5])]);
    expect(queued).toMatchObject({ prompts: [12, 5], shownPrompt: 12 });
    const done = run([sync([5], [12], 77)], queued);
    expect(done).toMatchObject({ prompts: [5], shownPrompt: 5, promptDone: { alert: 12, at: 77 } });
    expect(run([{ type: 'tick', at: 77 + PROMPT_DONE_MS }], done).promptDone).toBeUndefined();
    expect(run([{ type: 'dismiss' }], done).promptDone).toBeUndefined();
    // The same inputs again change nothing (no extra render).
    expect(run([sync([5], [12], 80)], done)).toBe(done);
  });

  it('holds the prompt on show while newcomers, even critical ones, queue behind it until the officer steps on', () => {
    const sync = (waiting: number[]): UiAction => ({
      type: 'prompts.sync',
      waiting,
      acknowledged: [],
      at: 0,
    });
    const reading = run([sync([1, 2])]);
    expect(reading.shownPrompt).toBe(1);
    // A new critical alert sorts first in the queue, but the prompt being read stays.
    const joined = run([sync([9, 1, 2])], reading);
    expect(joined).toMatchObject({ prompts: [9, 1, 2], shownPrompt: 1 });
    const stepped = run([{ type: 'prompts.step', delta: 1 }], joined);
    expect(stepped.shownPrompt).toBe(2);
    expect(run([{ type: 'prompts.step', delta: 1 }], stepped).shownPrompt).toBe(9);
    expect(run([{ type: 'prompts.step', delta: -1 }], joined).shownPrompt).toBe(9);
  });

  it('edits the filter as a draft and applies it on Enter; Esc in the panels clears it', () => {
    const typed = run([{ type: 'filter.start' }, { type: 'filter.input', text: '汝河' }]);
    expect(inputMode(typed)).toBe('filter');
    const applied = run([{ type: 'filter.apply' }], typed);
    expect(applied.filter).toEqual({ applied: '汝河', draft: undefined });
    expect(
      run([{ type: 'filter.start' }, { type: 'filter.input', text: 'x' }, { type: 'filter.cancel' }], applied)
        .filter.applied,
    ).toBe('汝河');
    expect(run([{ type: 'dismiss' }], applied).filter.applied).toBe('');
  });

  it('puts the quit question above everything else', () => {
    const quitting = run([
      { type: 'dialog.open', dialog: ACK },
      { type: 'overlay.open', overlay: { kind: 'quit' } },
    ]);
    expect(inputMode(quitting)).toBe('quit');
    expect(inputMode(run([{ type: 'overlay.close' }], quitting))).toBe('text');
  });
});
