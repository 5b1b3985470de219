import type { WallTone } from '../state/selectors/wall-tone.js';

/**
 * The terminfo entry blessed should load for `TERM`. blessed cannot parse ncurses' newer binary format, so a
 * system `tmux-256color` or `screen-256color` silently drops to 8 colours (and screen's prints errors onto the
 * screen); its bundled `xterm-256color` works everywhere 256 colours do (docs: terminal-ui.md §c).
 */
export function chooseTerminal(term: string | undefined): string {
  if (term && /256colou?r/.test(term)) return 'xterm-256color';
  if (term === 'linux') return 'linux';
  return 'xterm';
}

/** Whether `TERM` is the Linux console, which has no CJK or braille glyphs and 8 colours. */
export function isLinuxConsole(term: string | undefined): boolean {
  return term === 'linux';
}

/** Colour numbers (never hex: blessed maps palette-equal hex to the wrong basic colour) for each role. */
export type Palette = Record<WallTone, number> & { text: number; title: number; border: number };

// 256 colours: distinct hues that stay apart on a projector; grey for stale data.
const PALETTE_256: Palette = {
  ok: 34,
  info: 75,
  watch: 45,
  warning: 214,
  danger: 196,
  stale: 244,
  text: 252,
  title: 231,
  border: 240,
};

// The Linux console has 8 colours; grey does not exist there (8 folds to black), so stale is plain white and the
// word 'STALE' with its age carries the meaning.
const PALETTE_8: Palette = {
  ok: 2,
  info: 6,
  watch: 6,
  warning: 3,
  danger: 1,
  stale: 7,
  text: 7,
  title: 7,
  border: 4,
};

/** The palette for a terminal with `colours` colours; TTY mode always uses the 8-colour one. */
export function paletteFor(colours: number, isTty: boolean): Palette {
  return isTty || colours < 256 ? PALETTE_8 : PALETTE_256;
}

/** Glyphs that go with each tone, so status never rests on colour alone (ASCII: every console can draw it). */
export const TONE_GLYPH: Readonly<Record<WallTone, string>> = {
  danger: '!!',
  warning: '!',
  watch: '^',
  info: '-',
  ok: '',
  stale: '?',
};
