import { Text } from 'ink';
import type { Cell } from '../columns.js';
import { useConsoleLook } from '../console-context.js';
import { textWidth } from '../text-width.js';

/** Props of {@link Line}. */
export type LineProps = {
  cells: readonly Cell[];
  width: number;
  /** Marks the selected row: a marker glyph, and reverse video when its panel has the focus. */
  isSelected?: boolean;
  isFocused?: boolean;
  isDim?: boolean;
  isInverse?: boolean;
  /** Whether a one-column marker leads the row (table rows) or not (free lines). */
  hasMarker?: boolean;
};

/**
 * One frame line made of already-fitted cells (one space between them), padded to exactly `width` columns so
 * nothing wraps and no old characters stay behind when a row gets shorter.
 */
export function Line({ cells, width, isSelected, isFocused, isDim, isInverse, hasMarker = true }: LineProps) {
  const { theme } = useConsoleLook();
  const marker = hasMarker ? (isSelected ? theme.glyphs.selected : ' ') : '';
  const used = textWidth(marker) + cells.reduce((n, c, i) => n + textWidth(c.text) + (i > 0 ? 1 : 0), 0);
  return (
    <Text
      wrap="truncate"
      inverse={isInverse === true || (isSelected === true && isFocused === true)}
      dimColor={isDim}
    >
      {marker}
      {cells.map((c, i) => (
        // Cells are positional and never reorder within a row, so the index is a stable key.
        // biome-ignore lint/suspicious/noArrayIndexKey: see above
        <Text key={i} color={c.tone ? theme.color(c.tone) : undefined} bold={c.isBold}>
          {i > 0 ? ' ' : ''}
          {c.text}
        </Text>
      ))}
      {' '.repeat(Math.max(0, width - used))}
    </Text>
  );
}
