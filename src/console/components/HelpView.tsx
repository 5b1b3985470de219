import { INPUT_MODES, type InputMode, KEY_BINDINGS, type KeyBinding } from '../../state/keymap.js';
import type { Lang, Strings } from '../strings.js';
import { fitWidth } from '../text-width.js';
import type { Theme } from '../theme.js';
import { type TextLine, TextLines } from './TextLines.js';

const KEYS_WIDTH = 13;

/** The help page's lines, generated from the key map: each binding once, under the first mode it works in. */
export function helpLines(lang: Lang, s: Strings, width: number): TextLine[] {
  const sections = new Map<InputMode, KeyBinding[]>();
  for (const binding of KEY_BINDINGS) {
    const mode = INPUT_MODES.find((m) => binding.modes.includes(m)) ?? 'normal';
    sections.set(mode, [...(sections.get(mode) ?? []), binding]);
  }
  const lines: TextLine[] = [];
  for (const mode of INPUT_MODES) {
    const bindings = sections.get(mode);
    if (!bindings) continue;
    lines.push({ text: s.help.modes[mode], isBold: true, tone: 'accent' });
    for (const b of bindings) {
      lines.push({ text: `  ${fitWidth(b.keys, KEYS_WIDTH)} ${b.help[lang]}`.slice(0, width * 2) });
    }
  }
  return lines;
}

/** Props of {@link HelpView}. */
export type HelpViewProps = {
  lang: Lang;
  strings: Strings;
  theme: Theme;
  width: number;
  height: number;
  scroll: number;
};

/** The help page in the body area: two columns when the terminal is wide enough, scrollable when it is short. */
export function HelpView({ lang, strings: s, theme, width, height, scroll }: HelpViewProps) {
  const all = helpLines(lang, s, width);
  const head: TextLine[] = [
    { text: s.help.title, isBold: true, isInverse: true },
    { text: s.help.close, tone: 'muted' },
  ];
  const rows = height - head.length;
  const isTwoColumn = width >= 110 && all.length > rows;
  const top = (lines: readonly TextLine[]) => Math.min(scroll, Math.max(0, lines.length - rows));
  if (!isTwoColumn) {
    return (
      <TextLines lines={[...head, ...all.slice(top(all))]} width={width} height={height} theme={theme} />
    );
  }
  // Side by side: the left column's lines joined with the right's, both fitted to half the width.
  const half = Math.floor((width - 2) / 2);
  const split = Math.ceil(all.length / 2);
  const joined: TextLine[] = all.slice(0, split).map((left, i) => ({
    text: `${fitWidth(theme.text(left.text), half)}  ${theme.text(all[split + i]?.text ?? '')}`,
  }));
  return (
    <TextLines lines={[...head, ...joined.slice(top(joined))]} width={width} height={height} theme={theme} />
  );
}
