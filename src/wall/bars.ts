import type { WallLine } from '../state/selectors/wall-lines.js';
import type { WallTone } from '../state/selectors/wall-tone.js';
import { cellWidth } from './blessed-adapter.js';
import type { Palette } from './terminal-mode.js';
import { escapeTags, toned } from './text-cells.js';

/** Characters bars are drawn with: blocks where fonts have them, ASCII in TTY mode. */
export type BarGlyphs = { full: string; empty: string };

/** Block glyphs for graphical terminals. */
export const BLOCK_BARS: BarGlyphs = { full: '█', empty: '░' };

/** ASCII bars for the Linux console. */
export const ASCII_BARS: BarGlyphs = { full: '#', empty: '-' };

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

/** Where `value` falls on a bar of `width` cells spanning `low`…`high` (0…width). */
export function barPosition(value: number, low: number, high: number, width: number): number {
  if (!(high > low)) return 0;
  return Math.round(clamp01((value - low) / (high - low)) * width);
}

/**
 * A gauge of the level between a station's lowest and highest lines, with `|` where each line falls, and under
 * it a row naming the lines where there is room. Returns two tagged rows of exactly `width` cells.
 */
export function levelGauge(
  gauge: { low: number; high: number; level: number | undefined },
  lines: WallLine[],
  width: number,
  tone: WallTone,
  palette: Palette,
  glyphs: BarGlyphs,
): [string, string] {
  const filled = gauge.level === undefined ? 0 : barPosition(gauge.level, gauge.low, gauge.high, width);
  const marks = new Map<number, WallLine>();
  for (const line of lines)
    marks.set(Math.min(width - 1, barPosition(line.level, gauge.low, gauge.high, width)), line);
  let bar = '';
  for (let x = 0; x < width; x += 1) {
    const line = marks.get(x);
    if (line) bar += toned('|', line.tone, palette);
    else if (x < filled) bar += toned(glyphs.full, tone, palette);
    else bar += toned(glyphs.empty, 'stale', palette);
  }
  // Labels go left to right where they do not overlap the previous one; skipped ones still have their mark.
  const cells: string[] = Array(width).fill(' ');
  let free = 0;
  for (const [x, line] of [...marks.entries()].sort((a, b) => a[0] - b[0])) {
    const w = cellWidth(line.short);
    if (x < free || x + w > width) continue;
    cells[x] = toned(line.short, line.tone, palette);
    for (let i = 1; i < w; i += 1) cells[x + i] = '';
    free = x + w + 1;
  }
  return [bar, cells.join('')];
}

/** A bar of quantity against minimum: full scale is 1.5× the minimum, with `|` at the minimum itself. */
export function stockBarText(
  ratio: number | undefined,
  width: number,
  tone: WallTone,
  palette: Palette,
  glyphs: BarGlyphs,
): string {
  if (ratio === undefined) return escapeTags(' '.repeat(width));
  const scale = 1.5;
  const filled = Math.round(clamp01(ratio / scale) * width);
  const minimumAt = Math.min(width - 1, Math.round(width / scale));
  let bar = '';
  for (let x = 0; x < width; x += 1) {
    if (x === minimumAt) bar += toned('|', 'text', palette);
    else if (x < filled) bar += toned(glyphs.full, tone, palette);
    else bar += toned(glyphs.empty, 'stale', palette);
  }
  return bar;
}
