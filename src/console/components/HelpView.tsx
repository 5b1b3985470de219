import { INPUT_MODES, type InputMode, KEY_BINDINGS, type KeyBinding } from '../../state/keymap.js';
import { useConsoleLook } from '../console-context.js';
import type { Lang, Strings } from '../strings.js';
import { fitWidth } from '../text-width.js';
import { ScrolledPage } from './ScrolledPage.js';
import type { TextLine } from './TextLines.js';

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
  width: number;
  height: number;
  scroll: number;
};

/** The help page in the body area: two columns when the terminal is wide enough, scrollable when it is short. */
export function HelpView({ width, height, scroll }: HelpViewProps) {
  const { strings: s, theme, settings } = useConsoleLook();
  const all = helpLines(settings.lang, s, width);
  const head: TextLine[] = [
    { text: s.help.title, isBold: true, isInverse: true },
    { text: s.help.close, tone: 'muted' },
  ];
  const rows = height - head.length;
  const isTwoColumn = width >= 110 && all.length > rows;
  const page = (body: readonly TextLine[]) => (
    <ScrolledPage head={head} body={body} width={width} height={height} scroll={scroll} />
  );
  if (!isTwoColumn) return page(all);
  // Side by side: the left column's lines joined with the right's, both fitted to half the width.
  const half = Math.floor((width - 2) / 2);
  const split = Math.ceil(all.length / 2);
  const joined: TextLine[] = all.slice(0, split).map((left, i) => ({
    text: `${fitWidth(theme.text(left.text), half)}  ${theme.text(all[split + i]?.text ?? '')}`,
  }));
  return page(joined);
}
