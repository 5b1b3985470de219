/** How big the figures are: `small` is 3 rows (half blocks), `large` 5 rows of double-width blocks. */
export type BigScale = 'small' | 'large';

// A 3×5 pixel font for the figures the header shows; `#` is a lit pixel. Narrow glyphs keep "52.31/51.50" to
// 39 columns in small type, so the worst state fits an 80-column wall.
const FONT: Readonly<Record<string, readonly string[]>> = {
  '0': ['###', '#.#', '#.#', '#.#', '###'],
  '1': ['.#.', '##.', '.#.', '.#.', '###'],
  '2': ['###', '..#', '###', '#..', '###'],
  '3': ['###', '..#', '###', '..#', '###'],
  '4': ['#.#', '#.#', '###', '..#', '..#'],
  '5': ['###', '#..', '###', '..#', '###'],
  '6': ['###', '#..', '###', '#.#', '###'],
  '7': ['###', '..#', '..#', '..#', '..#'],
  '8': ['###', '#.#', '###', '#.#', '###'],
  '9': ['###', '#.#', '###', '..#', '###'],
  '.': ['.', '.', '.', '.', '#'],
  ':': ['.', '#', '.', '#', '.'],
  '/': ['..#', '..#', '.#.', '#..', '#..'],
  '+': ['...', '.#.', '###', '.#.', '...'],
  '-': ['...', '...', '###', '...', '...'],
  ' ': ['..', '..', '..', '..', '..'],
};
const UNKNOWN = ['###', '#.#', '#.#', '#.#', '###'];

const glyphOf = (ch: string) => FONT[ch] ?? UNKNOWN;

/** How many columns `text` takes in big type at `scale`. */
export function bigWidth(text: string, scale: BigScale): number {
  const pixels = [...text].reduce((sum, ch) => sum + (glyphOf(ch)[0]?.length ?? 0) + 1, 0) - 1;
  return scale === 'small' ? Math.max(0, pixels) : Math.max(0, pixels * 2);
}

/** How many rows big type takes at `scale`. */
export function bigHeight(scale: BigScale): number {
  return scale === 'small' ? 3 : 5;
}

/**
 * `text` drawn in big type, one string per row. Small type packs two pixel rows into one text row with half
 * blocks (▀ ▄ █), which the Linux console font has (they come from code page 437); braille it has not.
 */
export function bigLines(text: string, scale: BigScale): string[] {
  const glyphs = [...text].map(glyphOf);
  const pixelRow = (y: number) =>
    glyphs.map((g) => (g[y] ?? '').replaceAll('#', '1').replaceAll('.', '0')).join('0');
  const rows = [0, 1, 2, 3, 4].map(pixelRow);
  if (scale === 'large') return rows.map((r) => [...r].map((p) => (p === '1' ? '██' : '  ')).join(''));
  const out: string[] = [];
  for (let y = 0; y < 5; y += 2) {
    const top = rows[y] ?? '';
    const bottom = rows[y + 1] ?? '';
    out.push(
      [...top]
        .map((p, x) => {
          const isBottom = bottom[x] === '1';
          if (p === '1') return isBottom ? '█' : '▀';
          return isBottom ? '▄' : ' ';
        })
        .join(''),
    );
  }
  return out;
}
