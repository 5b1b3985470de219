import { fitWidth } from './text-width.js';
import type { Theme, Tone } from './theme.js';

/** One column of a panel table: a fixed width, or `flex` to take what is left (at least `width`). */
export type ColumnSpec<K extends string> = {
  key: K;
  width: number;
  align?: 'left' | 'right';
  isFlex?: boolean;
  /** Columns are dropped from the highest `drop` down when the panel is too narrow; 0 is never dropped. */
  drop?: number;
};

/** A column with its final width. */
export type PlacedColumn<K extends string> = ColumnSpec<K> & { final: number };

/** One cell of a row: text fitted to its column, with a tone. */
export type Cell = { text: string; tone?: Tone | undefined; isBold?: boolean };

/**
 * Fits columns into `width` (one space between columns): drops the most droppable columns until the fixed
 * widths fit, then gives the rest to the flex column. Pure, so each panel lays out the same at every width.
 */
export function placeColumns<K extends string>(
  specs: readonly ColumnSpec<K>[],
  width: number,
): PlacedColumn<K>[] {
  let kept = [...specs];
  const need = (cols: readonly ColumnSpec<K>[]) =>
    cols.reduce((sum, c) => sum + c.width, 0) + cols.length - 1;
  while (need(kept) > width) {
    const worst = kept.reduce<ColumnSpec<K> | undefined>(
      (w, c) => ((c.drop ?? 0) > (w?.drop ?? 0) ? c : w),
      undefined,
    );
    if (!worst) break;
    kept = kept.filter((c) => c !== worst);
  }
  const spare = Math.max(0, width - need(kept));
  const flex = kept.find((c) => c.isFlex);
  return kept.map((c) => ({ ...c, final: c === flex ? c.width + spare : c.width }));
}

/** The text of each cell fitted to its column, keyed like the columns. */
export function fitCells<K extends string>(
  columns: readonly PlacedColumn<K>[],
  cells: Readonly<Record<K, Cell>>,
  theme: Theme,
): Cell[] {
  return columns.map((c) => {
    const cell = cells[c.key];
    return {
      ...cell,
      text: fitWidth(theme.text(cell.text), c.final, c.align ?? 'left', theme.glyphs.ellipsis),
    };
  });
}
