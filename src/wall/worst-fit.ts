import type { WallTone } from '../state/selectors/wall-tone.js';

/** How much a tone must be seen: the worst-state line makes room for the worst first. */
const URGENCY: Readonly<Record<WallTone, number>> = {
  danger: 0,
  warning: 1,
  watch: 2,
  stale: 3,
  info: 4,
  ok: 5,
};

/**
 * Which segments of the worst-state line fit in `width`, each needing `widthOf(segment)` and `gap` between
 * them. Room goes to the most urgent first (a "!!" is never the one left out), ties in line order; the chosen
 * ones keep their line order, so the line reads the same whatever was dropped.
 */
export function fitBySeverity<S extends { tone: WallTone }>(
  segments: readonly S[],
  width: number,
  gap: number,
  widthOf: (segment: S) => number,
): S[] {
  const byUrgency = segments
    .map((segment, order) => ({ segment, order }))
    .sort((a, b) => URGENCY[a.segment.tone] - URGENCY[b.segment.tone] || a.order - b.order);
  const chosen = new Set<number>();
  let used = -gap;
  for (const { segment, order } of byUrgency) {
    const w = widthOf(segment);
    if (used + gap + w > width) continue;
    chosen.add(order);
    used += gap + w;
  }
  return segments.filter((_, order) => chosen.has(order));
}
