import type { WallTone } from '../state/selectors/wall-tone.js';
import { cellWidth } from './blessed-adapter.js';

/** One piece of the header line, with what it may become when the line is too narrow. */
export type HeaderPart = {
  text: string;
  tone: WallTone | 'text' | 'title';
  /** A shorter form, used from step `shortAt` on. */
  short?: string;
  shortAt?: number;
  /** A shorter form still, used from step `shorterAt` on. */
  shorter?: string;
  shorterAt?: number;
  /** Left out from step `dropAt` on. */
  dropAt?: number;
};

/**
 * The header's pieces for `width` cells, separated by `gap` spaces: step by step, shorter forms and then left-out
 * pieces until the line fits, so what stays is whole (an officer's name is never cut to "Chen Xiao~"). What a
 * part gives up first is set by its caller: labels before names, the county's name before the clock.
 */
export function fitHeader(parts: HeaderPart[], width: number, gap = 2): HeaderPart[] {
  return fitHeaderGap(parts, width, gap).parts;
}

/** As {@link fitHeader}, and when every step leaves the line too wide, once more with single spaces between. */
export function fitHeaderGap(
  parts: HeaderPart[],
  width: number,
  gap = 2,
): { parts: HeaderPart[]; gap: number; fits: boolean } {
  const steps = [
    ...new Set(parts.flatMap((p) => [p.shortAt, p.shorterAt, p.dropAt]).filter((s) => s !== undefined)),
  ].sort((a, b) => a - b);
  const at = (step: number) =>
    parts
      .filter((p) => p.dropAt === undefined || p.dropAt > step)
      .map((p) =>
        p.shorter !== undefined && p.shorterAt !== undefined && p.shorterAt <= step
          ? { ...p, text: p.shorter }
          : p.short !== undefined && p.shortAt !== undefined && p.shortAt <= step
            ? { ...p, text: p.short }
            : p,
      )
      .filter((p) => p.text !== '');
  const fits = (list: HeaderPart[], g: number) =>
    list.reduce((sum, p) => sum + cellWidth(p.text), 0) + g * Math.max(0, list.length - 1) <= width;
  for (const g of gap > 1 ? [gap, 1] : [gap]) {
    let list = at(-1);
    if (fits(list, g)) return { parts: list, gap: g, fits: true };
    for (const step of steps) {
      list = at(step);
      if (fits(list, g)) return { parts: list, gap: g, fits: true };
    }
  }
  return { parts: at(Number.POSITIVE_INFINITY), gap: 1, fits: false };
}
