import { Box } from 'ink';
import type { ChaseRow } from '../../state/selectors/callout.js';
import { useConsoleLook } from '../console-context.js';
import { type TextLine, TextLines } from './TextLines.js';

/** Props of {@link ChasePrompt}. */
export type ChasePromptProps = {
  /** Everyone overdue, worst first (selectChase). */
  rows: readonly ChaseRow[];
  variant: 'compact' | 'wide';
  width: number;
};

// The prompt slot's height (layout PROMPT_ROWS): compact 4 lines, wide 7 rows with its border.
const SHOWN = { compact: 3, wide: 4 } as const;

/**
 * The chase (叫应逾期): at the deadline, one prompt listing everyone who has not answered, worst first, with role,
 * place and phone; `c` logs a call to the first that reached them, `C` one that did not — either settles them.
 */
export function ChasePrompt({ rows, variant, width }: ChasePromptProps) {
  const { theme, settings } = useConsoleLook();
  const { lang } = settings;
  const shown = rows.slice(0, SHOWN[variant]);
  const more = rows.length - shown.length;
  const head =
    lang === 'zh'
      ? `叫应逾期：${rows.length} 人未回复，请逐一电话   c 已接通 · C 未接通`
      : `Call-out overdue: ${rows.length} not answered — phone them   c reached · C no answer`;
  const lines: TextLine[] = [
    { text: head, tone: 'critical', isInverse: true, isBold: true },
    ...shown.map((r, i) => ({
      text: `${i === 0 ? '▶ ' : '  '}${r.line}${i === shown.length - 1 && more > 0 ? (lang === 'zh' ? `  …另 ${more} 人` : `  … ${more} more`) : ''}`,
      isBold: i === 0,
      tone: r.state === 'unreachable' ? ('critical' as const) : undefined,
    })),
  ];
  if (variant === 'compact') return <TextLines lines={lines} width={width} height={SHOWN.compact + 1} />;
  return (
    <Box
      borderStyle={theme.border}
      borderColor={theme.color('critical')}
      paddingX={1}
      width={width}
      height={SHOWN.wide + 3}
      flexDirection="column"
    >
      <TextLines lines={lines} width={width - 4} height={SHOWN.wide + 1} />
    </Box>
  );
}
