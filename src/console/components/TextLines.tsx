import { Box, Text } from 'ink';
import { useConsoleLook } from '../console-context.js';
import { fitWidth } from '../text-width.js';
import type { Tone } from '../theme.js';

/** One line of an overlay or a page: plain text with a tone and emphasis. */
export type TextLine = {
  text: string;
  tone?: Tone | undefined;
  isBold?: boolean;
  isInverse?: boolean;
  isDim?: boolean;
};

/** Props of {@link TextLines}. */
export type TextLinesProps = {
  lines: readonly TextLine[];
  width: number;
  /** Rows to fill; lines past it are cut off, from `scroll` on. */
  height: number;
  scroll?: number;
};

/** A block of exactly `height` rows of fitted text lines: the body of help, details and handover pages. */
export function TextLines({ lines, width, height, scroll = 0 }: TextLinesProps) {
  const { theme } = useConsoleLook();
  const top = Math.max(0, Math.min(scroll, lines.length - height));
  const shown = lines.slice(top, top + height);
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      {shown.map((line, i) => (
        <Text
          // Lines are positional within the page.
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          key={i}
          wrap="truncate"
          color={line.tone ? theme.color(line.tone) : undefined}
          bold={line.isBold}
          inverse={line.isInverse}
          dimColor={line.isDim}
        >
          {fitWidth(theme.text(line.text), width, 'left', theme.glyphs.ellipsis)}
        </Text>
      ))}
    </Box>
  );
}
