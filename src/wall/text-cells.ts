import type { WallTone } from '../state/selectors/wall-tone.js';
import { cellWidth } from './blessed-adapter.js';
import { type Palette, TONE_GLYPH } from './terminal-mode.js';

/** Escapes blessed's tag braces in text that comes from outside (titles, names), so it shows as written. */
export function escapeTags(text: string): string {
  return text.replace(/[{}]/g, (ch) => (ch === '{' ? '{open}' : '{close}'));
}

/**
 * Cuts `text` to at most `width` cells, by display width (CJK is two cells), marking a cut with `~` (ASCII: `…`
 * is ambiguous-width and terminals disagree on it).
 */
/** How many cells the widest of these takes, at most `cap`: a column's width from its header and its rows. */
export function widest(cells: string[], cap: number): number {
  return Math.min(cap, Math.max(0, ...cells.map(cellWidth)));
}

export function truncate(text: string, width: number): string {
  if (width <= 0) return '';
  if (cellWidth(text) <= width) return text;
  let out = '';
  let used = 0;
  for (const ch of text) {
    const w = cellWidth(ch);
    if (used + w > width - 1) break;
    out += ch;
    used += w;
  }
  return `${out}${' '.repeat(Math.max(0, width - 1 - used))}~`;
}

/** `text` cut or padded to exactly `width` cells. */
export function fitCells(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const cut = truncate(text, width);
  const gap = ' '.repeat(Math.max(0, width - cellWidth(cut)));
  return align === 'left' ? cut + gap : gap + cut;
}

/** `text` (escaped) in the colour of `tone`. */
export function toned(text: string, tone: WallTone | 'text' | 'title' | 'border', palette: Palette): string {
  if (text === '') return '';
  const n = palette[tone];
  return `{${n}-fg}${escapeTags(text)}{/${n}-fg}`;
}

/** One cell of a row: text, its width in cells, alignment and colour. */
export type Cell = { text: string; width: number; align?: 'left' | 'right'; tone?: WallTone | 'text' };

/** A row of cells separated by single spaces, each fitted to its width and coloured. */
export function row(cells: Cell[], palette: Palette): string {
  return cells.map((c) => toned(fitCells(c.text, c.width, c.align), c.tone ?? 'text', palette)).join(' ');
}

/** Coloured pieces laid end to end and cut at `width` cells in total; the last piece shown may be cut short. */
export function spans(
  parts: { text: string; tone: WallTone | 'text' | 'title' }[],
  width: number,
  palette: Palette,
) {
  let out = '';
  let left = width;
  for (const part of parts) {
    if (left <= 0) break;
    const w = cellWidth(part.text);
    const text = w <= left ? part.text : truncate(part.text, left);
    out += toned(text, part.tone, palette);
    left -= Math.min(w, left);
  }
  return out;
}

/** A status word with its glyph in front (`!! 超保证`), so it never rests on its colour alone. */
export function withGlyph(tone: WallTone, text: string): string {
  return TONE_GLYPH[tone] ? `${TONE_GLYPH[tone]} ${text}` : text;
}
