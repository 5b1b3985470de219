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
  // Lines that fall on the same cell share its mark, in the colour of the most severe.
  const marks = new Map<number, WallLine[]>();
  for (const line of lines) {
    const x = Math.min(width - 1, barPosition(line.level, gauge.low, gauge.high, width));
    marks.set(x, [...(marks.get(x) ?? []), line]);
  }
  let bar = '';
  for (let x = 0; x < width; x += 1) {
    const here = marks.get(x);
    if (here) bar += toned('|', worstTone(here), palette);
    else if (x < filled) bar += toned(glyphs.full, tone, palette);
    else bar += toned(glyphs.empty, 'stale', palette);
  }
  // Each label under its mark where it does not overlap the previous one; one that would is moved to the nearest
  // free room close by. One with no room near its mark is left to the legend under the tiles.
  const cells: string[] = Array(width).fill(' ');
  const taken: boolean[] = Array(width).fill(false);
  const isFree = (at: number, w: number) => {
    if (at < 0 || at + w > width) return false;
    for (let i = Math.max(0, at - 1); i < Math.min(width, at + w + 1); i += 1) if (taken[i]) return false;
    return true;
  };
  const place = (at: number, line: WallLine) => {
    const w = cellWidth(line.short);
    cells[at] = toned(line.short, line.tone, palette);
    for (let i = 0; i < w; i += 1) {
      taken[at + i] = true;
      if (i > 0) cells[at + i] = '';
    }
  };
  const labels = [...marks.entries()]
    .sort((a, b) => a[0] - b[0])
    .flatMap(([x, here]) => here.map((line) => ({ x, line })));
  const moved: typeof labels = [];
  for (const label of labels) {
    if (isFree(label.x, cellWidth(label.line.short))) place(label.x, label.line);
    else moved.push(label);
  }
  for (const { x, line } of moved) {
    const w = cellWidth(line.short);
    // Only as far as its own width: further, it would sit under another line's mark and read as that one's.
    for (let d = 1; d <= w + 1; d += 1) {
      if (isFree(x + d, w)) {
        place(x + d, line);
        break;
      }
      if (isFree(x - d - w + 1, w)) {
        place(x - d - w + 1, line);
        break;
      }
    }
  }
  return [bar, cells.join('')];
}

const SEVERITY: Readonly<Record<WallTone, number>> = {
  danger: 5,
  warning: 4,
  watch: 3,
  info: 2,
  ok: 1,
  stale: 0,
};

function worstTone(lines: WallLine[]): WallTone {
  return lines.reduce(
    (worst, l) => (SEVERITY[l.tone] > SEVERITY[worst] ? l.tone : worst),
    'stale' as WallTone,
  );
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
