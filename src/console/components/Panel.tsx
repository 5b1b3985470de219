import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import { useConsoleLook } from '../console-context.js';
import { fitWidth, textWidth, truncate } from '../text-width.js';

/** Props of {@link Panel}. */
export type PanelProps = {
  title: string;
  /** Right side of the title line: row counts, the filter, or since when the data is frozen. */
  note: string;
  width: number;
  /** Rows including the title line; the panel always takes exactly this many. */
  height: number;
  isFocused: boolean;
  /** Frozen data: the title is dimmed (the rows dim themselves) and the note says since when. */
  isStale: boolean;
  /** The body lines, at most `height - 1` of them. */
  children?: ReactNode;
};

/**
 * A titled block of exactly `height` rows with no border (borders cost rows at 80×24, and Ink 6.8 breaks them
 * next to cut CJK text). The title line is in reverse video while the panel has the focus.
 */
export function Panel({ title, note, width, height, isFocused, isStale, children }: PanelProps) {
  const { theme } = useConsoleLook();
  const titleText = theme.text(title);
  const noteText = truncate(
    theme.text(note),
    Math.max(0, width - textWidth(titleText) - 4),
    theme.glyphs.ellipsis,
  );
  const ruleWidth = Math.max(0, width - textWidth(titleText) - textWidth(noteText) - 3);
  const mark = isFocused ? (theme.isAscii ? '>' : '▌') : ' ';
  const titleLine = fitWidth(`${mark}${titleText} ${theme.glyphs.rule.repeat(ruleWidth)} ${noteText}`, width);
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Text wrap="truncate" inverse={isFocused} bold={isFocused} dimColor={isStale && !isFocused}>
        {titleLine}
      </Text>
      {height > 1 ? (
        <Box flexDirection="column" width={width} height={height - 1} overflow="hidden">
          {children}
        </Box>
      ) : null}
    </Box>
  );
}

/** The first row to show so that row `index` is visible in a window of `rows` rows. */
export function windowTop(index: number, rows: number, total: number): number {
  if (rows <= 0 || total <= rows) return 0;
  return Math.min(Math.max(0, index - rows + 1), total - rows);
}
