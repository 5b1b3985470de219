import type { KeyInfo } from '../../src/state/keymap.js';

/** A press with no flags set. */
export const NO_KEY: KeyInfo = {
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

// Written here again, not imported from src/state/key-names.ts: the tests check the key map against what a
// terminal sends (as Ink reports it), so they must not share the key map's own idea of a name.
const NAMED: Record<string, { input: string; key: Partial<KeyInfo>; bytes: string }> = {
  'Ctrl-C': { input: 'c', key: { ctrl: true }, bytes: '\u0003' },
  'Shift-Tab': { input: '', key: { tab: true, shift: true }, bytes: '\u001B[Z' },
  Tab: { input: '', key: { tab: true }, bytes: '\t' },
  '↑': { input: '', key: { upArrow: true }, bytes: '\u001B[A' },
  '↓': { input: '', key: { downArrow: true }, bytes: '\u001B[B' },
  '→': { input: '', key: { rightArrow: true }, bytes: '\u001B[C' },
  '←': { input: '', key: { leftArrow: true }, bytes: '\u001B[D' },
  PgUp: { input: '', key: { pageUp: true }, bytes: '\u001B[5~' },
  PgDn: { input: '', key: { pageDown: true }, bytes: '\u001B[6~' },
  Home: { input: '', key: { home: true }, bytes: '\u001B[H' },
  End: { input: '', key: { end: true }, bytes: '\u001B[F' },
  Enter: { input: '', key: { return: true }, bytes: '\r' },
  Esc: { input: '', key: { escape: true }, bytes: '\u001B' },
  Backspace: { input: '', key: { delete: true }, bytes: '\u007F' },
};

/** The presses a key name as the help spells it stands for (`1-9` is nine of them). */
export function pressesOf(name: string): { input: string; key: KeyInfo; bytes: string }[] {
  const named = NAMED[name];
  if (named) return [{ input: named.input, key: { ...NO_KEY, ...named.key }, bytes: named.bytes }];
  if (name === '1-9') return [...'123456789'].flatMap(pressesOf);
  if ([...name].length !== 1) throw new Error(`no press for key name ${name}`);
  return [{ input: name, key: { ...NO_KEY, shift: name !== name.toLowerCase() }, bytes: name }];
}

/**
 * The key names in a hint's key part, e.g. `↑↓` → `['↑', '↓']`, `n/Esc` → `['n', 'Esc']`, `Shift-Tab` →
 * `['Shift-Tab']`: a known name whole, else one name per character.
 */
export function shownKeyNames(keys: string): string[] {
  return keys.split('/').flatMap((part) => (part in NAMED || part === '1-9' ? [part] : [...part]));
}
