import { Box } from 'ink';
import type { Strings } from '../strings.js';
import type { Theme } from '../theme.js';
import { TextLines } from './TextLines.js';

/** Props of {@link TooSmall}. */
export type TooSmallProps = { columns: number; rows: number; strings: Strings; theme: Theme };

/** The page shown below 80×24 instead of a layout that would overflow (btop and termdash do the same). */
export function TooSmall({ columns, rows, strings: s, theme }: TooSmallProps) {
  const width = Math.max(1, columns);
  const height = Math.max(1, Math.min(3, rows - 1));
  return (
    <Box width={width} height={height} flexDirection="column">
      <TextLines
        lines={[{ text: s.tooSmall(columns, rows), tone: 'warning', isBold: true }, { text: s.tooSmallHint }]}
        width={width}
        height={height}
        theme={theme}
      />
    </Box>
  );
}
