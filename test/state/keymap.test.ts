import { describe, expect, it } from 'vitest';
import { keyNames, keysTest } from '../../src/state/key-names.js';
import {
  bindingsFor,
  Command,
  footerHints,
  INPUT_MODES,
  KEY_BINDINGS,
  type KeyInfo,
  keyToCommand,
} from '../../src/state/keymap.js';
import { NO_KEY, pressesOf, shownKeyNames } from './key-presses.js';

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

describe('the key table as the one source', () => {
  it('gives each binding its command for every key it lists, in every mode it lists', () => {
    let checked = 0;
    for (const binding of KEY_BINDINGS)
      for (const mode of binding.modes)
        for (const name of keyNames(binding.keys))
          for (const { input, key } of pressesOf(name)) {
            expect([mode, name, keyToCommand(input, key, mode)]).toEqual([mode, name, binding.command]);
            checked += 1;
          }
    expect(checked).toBeGreaterThan(100);
  });

  it('never lets one press match two bindings of the same mode', () => {
    for (const mode of INPUT_MODES) {
      const bindings = bindingsFor(mode);
      for (const binding of bindings)
        for (const name of keyNames(binding.keys))
          for (const { input, key } of pressesOf(name)) {
            const matching = bindings.filter((b) => keysTest(b.keys)(input, key)).map((b) => b.keys);
            expect([mode, name, matching]).toEqual([mode, name, [binding.keys]]);
          }
    }
  });

  it('does nothing for a press the table does not list in that mode (the help lists exactly the keys that work)', () => {
    const printable = Array.from({ length: 0x7e - 0x20 }, (_, i) => String.fromCharCode(0x21 + i));
    const named = [
      'Ctrl-C',
      'Shift-Tab',
      'Tab',
      '↑',
      '↓',
      '←',
      '→',
      'PgUp',
      'PgDn',
      'Home',
      'End',
      'Enter',
      'Esc',
    ];
    const universe = [
      ...[...printable, ...named].flatMap(pressesOf),
      ...[...'abdefghijklmnopqrstuvwxyz'].map((c) => ({ input: c, key: key({ ctrl: true }) })),
    ];
    const same = (a: { input: string; key: KeyInfo }, b: { input: string; key: KeyInfo }) =>
      a.input === b.input && JSON.stringify(a.key) === JSON.stringify(b.key);
    for (const mode of INPUT_MODES)
      for (const press of universe) {
        const command = keyToCommand(press.input, press.key, mode);
        if (command === undefined) continue;
        const listed = bindingsFor(mode).some(
          (b) =>
            b.command === command &&
            keyNames(b.keys).some((name) => pressesOf(name).some((p) => same(p, press))),
        );
        expect([mode, press.input, command, listed]).toEqual([mode, press.input, command, true]);
      }
  });

  it('rejects a key name it does not know, so a typo in the table fails at load', () => {
    expect(() => keysTest('Esc Ecs')).toThrow(/Ecs/);
  });

  it("keeps the chase prompt's c and C apart from the call dialog, and every other panel key", () => {
    expect(keyToCommand('c', NO_KEY, 'chase')).toBe(Command.chaseReached);
    expect(keyToCommand('C', key({ shift: true }), 'chase')).toBe(Command.chaseMissed);
    expect(keyToCommand('C', key({ shift: true }), 'normal')).toBeUndefined();
    const panels = bindingsFor('normal').filter((b) => b.command !== Command.call);
    for (const b of panels) expect(b.modes, b.keys).toContain('chase');
  });
});

describe('footerHints', () => {
  it("says the panels' keys as the footer always did", () => {
    expect(footerHints('normal', 'zh')).toBe(
      'Tab 面板 · ↑↓ 选择 · Enter 详情 · a 确认 · e 升级 · s 暂缓 · c 电话 · r 报送 · n 备注 · / 筛选 · h 交接 · ? 帮助 · q 退出',
    );
    expect(footerHints('normal', 'en')).toBe(
      'Tab panel · ↑↓ select · Enter details · a ack · e escalate · s snooze · c call · r report · n note · / filter · h handover · ? help · q quit',
    );
    expect(footerHints('text', 'zh')).toBe('Enter 下一项 · Shift-Tab 上一项 · Esc 取消');
    expect(footerHints('chase', 'en')).toContain('c reached · C no answer');
    expect(footerHints('chase', 'en')).not.toContain('c call');
  });

  it('shows in each mode, in both languages, only keys that do something in that mode', () => {
    for (const mode of INPUT_MODES)
      for (const lang of ['zh', 'en'] as const) {
        const hints = footerHints(mode, lang);
        for (const hint of hints === '' ? [] : hints.split(' · ')) {
          const [keys = ''] = hint.split(' ');
          for (const name of shownKeyNames(keys))
            for (const { input, key } of pressesOf(name))
              expect([mode, name, keyToCommand(input, key, mode) !== undefined]).toEqual([mode, name, true]);
        }
      }
  });
});
