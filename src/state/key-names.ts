/** The parts of Ink's `Key` the keymap reads (a structural subset, so the state layer needs no Ink import). */
export type KeyInfo = {
  upArrow: boolean;
  downArrow: boolean;
  leftArrow: boolean;
  rightArrow: boolean;
  pageUp: boolean;
  pageDown: boolean;
  home: boolean;
  end: boolean;
  return: boolean;
  escape: boolean;
  ctrl: boolean;
  shift: boolean;
  tab: boolean;
  backspace: boolean;
  delete: boolean;
};

/** Whether one key press is the key a name stands for. */
export type KeyTest = (input: string, key: KeyInfo) => boolean;

// The names the help shows, each with the press it stands for. Tab and Shift-Tab exclude each other, so that
// no press matches two names (issue 18: a key shown is exactly a key that works).
const NAMED: Record<string, KeyTest> = {
  'Ctrl-C': (input, key) => key.ctrl && input === 'c',
  'Shift-Tab': (_i, key) => key.tab && key.shift,
  Tab: (_i, key) => key.tab && !key.shift,
  '↑': (_i, key) => key.upArrow,
  '↓': (_i, key) => key.downArrow,
  '←': (_i, key) => key.leftArrow,
  '→': (_i, key) => key.rightArrow,
  PgUp: (_i, key) => key.pageUp,
  PgDn: (_i, key) => key.pageDown,
  Home: (_i, key) => key.home,
  End: (_i, key) => key.end,
  Enter: (_i, key) => key.return,
  Esc: (_i, key) => key.escape,
  // Most terminals send DEL (0x7f) for Backspace, which Ink reports as `delete`: both are the one key here.
  Backspace: (_i, key) => key.backspace || key.delete,
  '1-9': (input, key) => !key.ctrl && /^[1-9]$/.test(input),
};

/**
 * The test for one key name as the help spells it: a name above, or a single printable character typed
 * without Ctrl. Throws on any other name, so a typo in the key table fails at load rather than never matching.
 */
export function keyTest(name: string): KeyTest {
  const named = NAMED[name];
  if (named) return named;
  if ([...name].length !== 1 || name === ' ') throw new Error(`unknown key name in the key table: ${name}`);
  return (input, key) => !key.ctrl && input === name;
}

/** The key names of a binding's `keys` (space-separated, as the help shows them). */
export function keyNames(keys: string): string[] {
  return keys.split(' ').filter((k) => k !== '');
}

/** One test for all of a binding's keys. */
export function keysTest(keys: string): KeyTest {
  const tests = keyNames(keys).map(keyTest);
  return (input, key) => tests.some((t) => t(input, key));
}
