import { afterEach, describe, expect, it } from 'vitest';
import { stringsFor } from '../../src/console/strings.js';
import { keyNames } from '../../src/state/key-names.js';
import { bindingsFor, Command, type InputMode, KEY_BINDINGS, keyToCommand } from '../../src/state/keymap.js';
import { pressesOf, shownKeyNames } from '../state/key-presses.js';
import { KEYS, renderApp, settleFrame } from './render-app.js';

let app: ReturnType<typeof renderApp> | undefined;
const open = (...args: Parameters<typeof renderApp>) => {
  app?.unmount();
  app = renderApp(...args);
  return app;
};
afterEach(() => {
  app?.unmount();
  app = undefined;
});

// The help page's key lines: two spaces, the keys in a 13-column column, a space, what they do.
function helpRows(frame: string, title: string): string[] {
  const lines = frame.split('\n');
  const body = lines.slice(lines.findIndex((l) => l.includes(title)) + 2, -1);
  return body
    .filter((l) => /^ {2}\S/.test(l))
    .map((l) => `${l.slice(2, 15).trimEnd()}|${l.slice(16).trimEnd()}`);
}

// What a key could change: the screen, the requests sent, the quits.
const observed = (a: ReturnType<typeof renderApp>) => `${a.frame()}\n${a.sent.length}\n${a.quits.count}`;

// Keys that change nothing in the opening state (first row selected, no filter) do so after these.
const SETUP: Partial<Record<string, string[]>> = {
  [Command.up]: ['j'],
  [Command.top]: ['j'],
  [Command.pageUp]: ['j'],
  [Command.dismiss]: ['/', '汝', KEYS.enter],
};

describe('the key table in the rendered console', () => {
  it('lists on the help page exactly the bindings of the table, in both languages', async () => {
    for (const lang of ['zh', 'en'] as const) {
      const a = open({ lang, size: { columns: 100, rows: 80 } });
      await settleFrame(a.frame);
      await a.press('?');
      const title = lang === 'zh' ? '帮助 — 按键' : 'Help - keys';
      const shown = helpRows(a.frame(), title).sort();
      const table = KEY_BINDINGS.map((b) => `${b.keys}|${b.help[lang]}`).sort();
      expect(shown).toEqual(table);
    }
  });

  it('does something for every key the table lists for the panels, and nothing for one it does not', async () => {
    const a0 = open();
    await settleFrame(a0.frame);
    const before = observed(a0);
    await a0.press('x', 'Z');
    expect(observed(a0)).toBe(before);
    for (const binding of bindingsFor('normal'))
      for (const name of keyNames(binding.keys)) {
        const a = open();
        await settleFrame(a.frame);
        await a.press(...(SETUP[binding.command] ?? []));
        const was = observed(a);
        const [press] = pressesOf(name);
        await a.press(press?.bytes ?? '');
        expect([binding.command, name, observed(a) !== was]).toEqual([binding.command, name, true]);
      }
  });

  it('shows in the footer at 80 columns only keys the table has for the current mode, zh and en', async () => {
    const scenarios: [InputMode, string[]][] = [
      ['normal', []],
      ['text', ['a']],
      ['choice', ['a', '核实', KEYS.enter]],
      ['confirm', ['a', '核实', KEYS.enter, KEYS.enter]],
      ['overlay', ['?']],
      ['overlay', [KEYS.enter]],
      ['handover', ['h']],
    ];
    for (const lang of ['zh', 'en'] as const)
      for (const [mode, keys] of scenarios) {
        const a = open({ lang, size: { columns: 80, rows: 24 } });
        await settleFrame(a.frame);
        await a.press(...keys);
        const footer = a.frame().split('\n').at(-1) ?? '';
        // A hint cut by the ellipsis at 80 columns says no whole key.
        const hints = footer.split(' · ').filter((h) => !h.includes('…'));
        expect([mode, lang, hints.length >= 2]).toEqual([mode, lang, true]);
        for (const hint of hints)
          for (const name of shownKeyNames(hint.trim().split(' ')[0] ?? ''))
            for (const { input, key } of pressesOf(name))
              expect([mode, lang, footer, name, keyToCommand(input, key, mode) !== undefined]).toEqual([
                mode,
                lang,
                footer,
                name,
                true,
              ]);
      }
  });

  it('names in the hint lines still written by hand only keys that work where they show', () => {
    for (const lang of ['zh', 'en'] as const) {
      const s = stringsFor(lang);
      const hints: [InputMode, string][] = [
        ['normal', s.prompt.keys],
        ['normal', s.prompt.doneHint],
        ['text', s.dialog.hint],
        ['choice', s.dialog.choiceHint],
        ['confirm', s.dialog.confirmHint],
        ['overlay', s.help.close],
        ['overlay', s.details.close],
        ['handover', s.handover.keys],
      ];
      for (const [mode, line] of hints) {
        // The English choice hint spells the arrows in ASCII.
        const chunks = line.replace('<- ->', '←→').split(/ · | {2,}/);
        expect(chunks.length, line).toBeGreaterThan(0);
        for (const chunk of chunks)
          for (const name of shownKeyNames(chunk.split(' ')[0] ?? ''))
            for (const { input, key } of pressesOf(name))
              expect([lang, line, name, keyToCommand(input, key, mode) !== undefined]).toEqual([
                lang,
                line,
                name,
                true,
              ]);
      }
    }
  });
});
