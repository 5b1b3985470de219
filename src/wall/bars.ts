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
  const labels = [...marks.entries()]
    .sort((a, b) => a[0] - b[0])
    .flatMap(([x, here]) => here.map((line) => ({ x, line, w: cellWidth(line.short) })));
  const { at, hidden } = placeLabels(labels, width);
  const cells: string[] = Array(width).fill(' ');
  labels.forEach((label, i) => {
    const x = at[i];
    if (x === undefined) return;
    cells[x] = toned(label.line.short, label.line.tone, palette);
    for (let k = 1; k < label.w; k += 1) cells[x + k] = '';
  });
  // Never left out quietly (issue 20.2): what has no room says how many it is, at the end of the row.
  if (hidden > 0) {
    const more = `+${hidden}`;
    cells.splice(
      width - more.length,
      more.length,
      toned(more, 'text', palette),
      ...Array(more.length - 1).fill(''),
    );
  }
  return [bar, cells.join('')];
}

/**
 * Where each label of the gauge's marks goes, in order along the bar, a cell apart. Each sits under its mark where it
 * does not overlap the previous one, or moves to free room close by; where two marks are too close for that
 * (历史 54.86 beside 设计 55.00), the labels are laid side by side in the marks' order, as near their marks as
 * they go. Only when the row cannot hold them all does it keep the first ones and count the rest (`hidden`).
 */
export function placeLabels(
  labels: { x: number; w: number }[],
  width: number,
): { at: (number | undefined)[]; hidden: number } {
  const near = nearPlaces(labels, width);
  if (near.every((x) => x !== undefined)) return { at: near, hidden: 0 };
  for (let k = labels.length; k > 0; k -= 1) {
    const hidden = labels.length - k;
    const room = hidden > 0 ? width - String(hidden).length - 2 : width;
    const packed = pack(labels.slice(0, k), room);
    if (packed) return { at: packed, hidden };
  }
  return { at: [], hidden: labels.length };
}

// Under its mark, or moved no further than its own width (further, it would sit under another line's mark and read
// as that one's); undefined where there is no such room.
function nearPlaces(labels: { x: number; w: number }[], width: number): (number | undefined)[] {
  const taken: boolean[] = Array(width).fill(false);
  const isFree = (at: number, w: number) => {
    if (at < 0 || at + w > width) return false;
    for (let i = Math.max(0, at - 1); i < Math.min(width, at + w + 1); i += 1) if (taken[i]) return false;
    return true;
  };
  const at: (number | undefined)[] = labels.map(() => undefined);
  const take = (i: number, x: number) => {
    at[i] = x;
    for (let k = 0; k < (labels[i]?.w ?? 0); k += 1) taken[x + k] = true;
  };
  labels.forEach((l, i) => {
    if (isFree(l.x, l.w)) take(i, l.x);
  });
  for (const [i, l] of labels.entries()) {
    if (at[i] !== undefined) continue;
    for (let d = 1; d <= l.w + 1; d += 1) {
      if (isFree(l.x + d, l.w)) {
        take(i, l.x + d);
        break;
      }
      if (isFree(l.x - d - l.w + 1, l.w)) {
        take(i, l.x - d - l.w + 1);
        break;
      }
    }
  }
  return at;
}

// Side by side in order, each as near its mark as the others allow; undefined when they do not fit in `width`.
function pack(labels: { x: number; w: number }[], width: number): number[] | undefined {
  const at = labels.map((l) => l.x);
  for (let i = 1; i < at.length; i += 1)
    at[i] = Math.max(at[i] as number, (at[i - 1] as number) + (labels[i - 1]?.w ?? 0) + 1);
  for (let i = at.length - 1; i >= 0; i -= 1) {
    const limit =
      i === at.length - 1 ? width - (labels[i]?.w ?? 0) : (at[i + 1] as number) - (labels[i]?.w ?? 0) - 1;
    at[i] = Math.min(at[i] as number, limit);
  }
  return (at[0] ?? 0) < 0 ? undefined : at;
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
