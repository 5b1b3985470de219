/**
 * The last `width` values as a one-line chart of `glyphs` (lowest first), scaled between their own min and max;
 * a flat series draws at the bottom. Fewer values than `width` leave the left end blank.
 */
export function sparkline(values: readonly number[], width: number, glyphs: string): string {
  if (width <= 0) return '';
  const steps = [...glyphs];
  const tail = values.slice(-width);
  if (tail.length === 0) return ' '.repeat(width);
  const min = Math.min(...tail);
  const max = Math.max(...tail);
  const range = max - min;
  const top = steps.length - 1;
  const drawn = tail
    .map((v) => steps[range === 0 ? 0 : Math.round(((v - min) / range) * top)] ?? ' ')
    .join('');
  return ' '.repeat(width - tail.length) + drawn;
}
