import { Box } from 'ink';
import type { AlertRow } from '../../state/selectors/alerts.js';
import type { PendingAction } from '../../state/ui-state.js';
import type { Strings } from '../strings.js';
import type { Theme } from '../theme.js';
import { pendingText } from './Footer.js';
import { type TextLine, TextLines } from './TextLines.js';

/** Props of {@link PromptBox}. */
export type PromptBoxProps = {
  /** The alert waiting for me (the head of the queue), or the one just handled when `isDone`. */
  alert: AlertRow;
  position: number;
  count: number;
  /** The prompt's alert was acknowledged: say by whom and when, until dismissed. */
  isDone: boolean;
  /** The latest action this console sent about the alert. */
  pending: PendingAction | undefined;
  variant: 'compact' | 'wide';
  width: number;
  strings: Strings;
  theme: Theme;
};

/**
 * The escalation prompt: what the alert is, what to do, and by when it climbs to the next rung; then, once an
 * action is sent, "sent…" until the collector confirms, and who acknowledged and when. It cannot be missed:
 * reverse video in the compact layout, a double red border in the wide one.
 */
export function PromptBox(props: PromptBoxProps) {
  const { alert: a, strings: s, theme, variant, width } = props;
  // Acknowledged already (the prompt queue catches up an effect later): say so rather than show a stale deadline.
  const isDone = props.isDone || a.state !== 'triggered';
  const lines = isDone ? doneLines(props) : waitingLines(props);
  if (variant === 'compact')
    return <TextLines lines={lines} width={width} height={lines.length} theme={theme} />;
  return (
    <Box
      borderStyle={theme.border}
      borderColor={theme.color(isDone ? 'ok' : 'critical')}
      paddingX={1}
      width={width}
      height={lines.length + 2}
      flexDirection="column"
    >
      <TextLines lines={lines} width={width - 4} height={lines.length} theme={theme} />
    </Box>
  );

  function waitingLines(p: PromptBoxProps): TextLine[] {
    const deadline =
      a.nextEscalationAt === null
        ? s.prompt.lastRung
        : s.prompt.deadline(a.nextEscalationText, a.nextEscalationClock);
    const status = p.pending ? pendingText(p.pending, s, false) : undefined;
    const out: TextLine[] = [
      {
        text: `${theme.glyphs.severity[a.severity]} ${s.prompt.title(a.id, p.position, p.count)}   ${s.prompt.keys}`,
        tone: 'critical',
        isInverse: true,
        isBold: true,
      },
      { text: `${s.severity[a.severity]}  ${a.title}`, isBold: true },
      { text: `${s.prompt.todo}${a.action}` },
      status
        ? { text: `${deadline}  ${status.text}`, tone: status.tone, isBold: true }
        : { text: deadline, tone: 'warning', isBold: true },
    ];
    if (variant === 'wide') out.push({ text: s.prompt.now(a.rungText, a.ageText), tone: 'muted' });
    return out;
  }

  function doneLines(p: PromptBoxProps): TextLine[] {
    const head = a.ack
      ? `${theme.glyphs.ok} ${s.prompt.done(a.id, a.ack.byName, a.ack.atText)}`
      : s.prompt.closedElsewhere(a.id);
    const out: TextLine[] = [
      { text: `${head}   ${s.prompt.doneHint}`, tone: 'ok', isInverse: true, isBold: true },
      { text: `${s.severity[a.severity]}  ${a.title}` },
      { text: a.ack ? `${s.dialog.reason}: ${a.ack.reason}` : '' },
      { text: p.pending ? pendingText(p.pending, s, false).text : '', tone: 'muted' },
    ];
    if (variant === 'wide') out.push({ text: '' });
    return out;
  }
}
