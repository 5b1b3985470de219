import { Box } from 'ink';
import { useConsoleLook } from '../console-context.js';
import { TextLines } from './TextLines.js';

/** Props of {@link TooSmall}. */
export type TooSmallProps = {
  columns: number;
  rows: number;
  /** The counts that must never be hidden: alerts triggered, prompts waiting for me, the link. */
  summary: string;
  /** Something waits for me: the summary is drawn loud. */
  isUrgent: boolean;
};

/**
 * The page shown below 80×24 instead of a layout that would overflow (btop and termdash do the same); it still
 * says how many alerts are triggered, how many wait for me, and whether the link is up.
 */
export function TooSmall({ columns, rows, summary, isUrgent }: TooSmallProps) {
  const { strings: s } = useConsoleLook();
  const width = Math.max(1, columns);
  const height = Math.max(1, Math.min(4, rows - 1));
  return (
    <Box width={width} height={height} flexDirection="column">
      <TextLines
        // The counts first: on a tiny terminal the first line is the one that shows.
        lines={[
          { text: summary, tone: isUrgent ? 'critical' : undefined, isBold: true, isInverse: isUrgent },
          { text: s.tooSmall(columns, rows), tone: 'warning', isBold: true },
          { text: s.tooSmallHint },
        ]}
        width={width}
        height={height}
      />
    </Box>
  );
}
