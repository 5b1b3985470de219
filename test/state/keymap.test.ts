import { describe, expect, it } from 'vitest';
import { bindingsFor, Command, KEY_BINDINGS, type KeyInfo, keyToCommand } from '../../src/state/keymap.js';

const NO_KEY: KeyInfo = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageUp: false,
  pageDown: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
};
const key = (k: Partial<KeyInfo>): KeyInfo => ({ ...NO_KEY, ...k });

describe('keyToCommand', () => {
  it('maps every key of the panels to its command', () => {
    const cases: [string, Partial<KeyInfo>, Command][] = [
      ['', { tab: true }, Command.focusNext],
      ['', { tab: true, shift: true }, Command.focusPrev],
      ['', { upArrow: true }, Command.up],
      ['k', {}, Command.up],
      ['', { downArrow: true }, Command.down],
      ['j', {}, Command.down],
      ['', { pageUp: true }, Command.pageUp],
      ['', { pageDown: true }, Command.pageDown],
      ['g', {}, Command.top],
      ['G', { shift: true }, Command.bottom],
      ['', { return: true }, Command.details],
      ['a', {}, Command.ack],
      ['e', {}, Command.escalate],
      ['s', {}, Command.snooze],
      ['c', {}, Command.call],
      ['r', {}, Command.report],
      ['n', {}, Command.note],
      ['/', {}, Command.filter],
      ['h', {}, Command.handover],
      ['?', {}, Command.help],
      ['q', {}, Command.quit],
      ['', { escape: true }, Command.dismiss],
      ['c', { ctrl: true }, Command.interrupt],
    ];
    for (const [input, k, command] of cases)
      expect([input, keyToCommand(input, key(k), 'normal')]).toEqual([input, command]);
  });

  it('leaves letters to a text field, where only Enter, Esc, Backspace and Ctrl-C mean something', () => {
    for (const input of ['a', 'y', 'q', 'n', '水', 'k'])
      expect(keyToCommand(input, NO_KEY, 'text')).toBeUndefined();
    expect(keyToCommand('', key({ return: true }), 'text')).toBe(Command.submit);
    expect(keyToCommand('', key({ escape: true }), 'text')).toBe(Command.cancel);
    expect(keyToCommand('', key({ delete: true }), 'text')).toBe(Command.backspace);
    expect(keyToCommand('c', key({ ctrl: true }), 'text')).toBe(Command.interrupt);
  });

  it('confirms only with y: Enter does nothing, n and Esc cancel', () => {
    expect(keyToCommand('y', NO_KEY, 'confirm')).toBe(Command.confirm);
    expect(keyToCommand('', key({ return: true }), 'confirm')).toBeUndefined();
    expect(keyToCommand('n', NO_KEY, 'confirm')).toBe(Command.cancel);
    expect(keyToCommand('', key({ escape: true }), 'confirm')).toBe(Command.cancel);
    expect(keyToCommand('a', NO_KEY, 'confirm')).toBeUndefined();
  });

  it('never lets y act outside a confirm step or the quit question', () => {
    for (const mode of ['normal', 'choice', 'overlay', 'handover', 'filter'] as const) {
      expect(keyToCommand('y', NO_KEY, mode)).toBeUndefined();
    }
    expect(keyToCommand('y', NO_KEY, 'quit')).toBe(Command.confirm);
  });

  it('moves through choices with arrows, j/k and digits', () => {
    expect(keyToCommand('', key({ rightArrow: true }), 'choice')).toBe(Command.choiceNext);
    expect(keyToCommand('k', NO_KEY, 'choice')).toBe(Command.choicePrev);
    expect(keyToCommand('3', NO_KEY, 'choice')).toBe(Command.choicePick);
    expect(keyToCommand('0', NO_KEY, 'choice')).toBeUndefined();
  });

  it('accepts the watch from the handover page with a, and closes pages with Esc or q', () => {
    expect(keyToCommand('a', NO_KEY, 'handover')).toBe(Command.accept);
    expect(keyToCommand('q', NO_KEY, 'overlay')).toBe(Command.close);
    expect(keyToCommand('', key({ escape: true }), 'handover')).toBe(Command.close);
  });
});

describe('KEY_BINDINGS', () => {
  it('reaches every command from some key, and has help text in both languages', () => {
    const reached = new Set(KEY_BINDINGS.map((b) => b.command));
    for (const command of Object.values(Command)) expect(reached.has(command), command).toBe(true);
    for (const b of KEY_BINDINGS) {
      expect(b.help.zh.length, b.keys).toBeGreaterThan(0);
      expect(b.help.en.length, b.keys).toBeGreaterThan(0);
    }
  });

  it('lists each mode in table order for the help page', () => {
    expect(bindingsFor('quit').map((b) => b.command)).toEqual([
      Command.interrupt,
      Command.confirm,
      Command.cancel,
    ]);
  });
});
