import { Box } from 'ink';
import type { AlertRow } from '../../state/selectors/alerts.js';
import type { PendingAction } from '../../state/ui-state.js';
import { type ConsoleLook, useConsoleLook } from '../console-context.js';
import { wrapText } from '../text-width.js';
import { pendingText } from './Footer.js';
import { type TextLine, TextLines } from './TextLines.js';

/** Props of {@link PromptBox} and {@link promptLines}. */
export type PromptBoxProps = {
  /** The alert on show (held while it waits), or the one just handled when `isDone`. */
  alert: AlertRow;
  /** Its place in the waiting queue (1-based) and the queue's length. */
  position: number;
  count: number;
  /** The prompt's alert was acknowledged: say by whom and when, until dismissed. */
  isDone: boolean;
  /** The latest action this console sent about the alert. */
  pending: PendingAction | undefined;
  /** Set while the collector is unreachable: since when (county time). Nothing escalates meanwhile. */
  linkDownSince: string | undefined;
  /** Triggered again after an acknowledgement or a snooze ran out: since when (county time). */
  retriggeredAt: string | undefined;
  variant: 'compact' | 'wide';
  width: number;
  /** Rows the layout gave the prompt, border included; lines past them are cut. Default: all of them. */
  height?: number;
};

/** What the prompt's lines are written with. */
export type PromptLook = Pick<ConsoleLook, 'strings' | 'theme'>;

// The "To do" and the rung lines wrap rather than being cut; beyond these many lines they are cut.
const MAX_TODO_LINES = { compact: 2, wide: 3 } as const;

/**
 * The escalation prompt: what the alert is, what to do, who has it now and who is called next (with phone and
 * when); while the collector is unreachable, that nothing escalates and whom to phone instead. It cannot be
 * missed: reverse video in the compact layout, a double red border in the wide one.
 */
export function PromptBox(props: PromptBoxProps) {
  const look = useConsoleLook();
  const { theme } = look;
  const { variant, width } = props;
  const isDone = props.isDone || props.alert.state !== 'triggered';
  const border = variant === 'wide' ? 2 : 0;
  const all = promptLines(props, look);
  const lines = all.slice(0, Math.max(1, (props.height ?? all.length + border) - border));
  if (variant === 'compact') return <TextLines lines={lines} width={width} height={lines.length} />;
  return (
    <Box
      borderStyle={theme.border}
      borderColor={theme.color(isDone ? 'ok' : 'critical')}
      paddingX={1}
      width={width}
      height={lines.length + 2}
      flexDirection="column"
    >
      <TextLines lines={lines} width={width - 4} height={lines.length} />
    </Box>
  );
}

/** The prompt's lines, wrapped to its inner width (the layout sizes the prompt by their count). */
export function promptLines(p: PromptBoxProps, look: PromptLook): TextLine[] {
  const isDone = p.isDone || p.alert.state !== 'triggered';
  const inner = p.variant === 'wide' ? p.width - 4 : p.width;
  return isDone ? doneLines(p, look) : waitingLines(p, look, inner);
}

/** How many rows the prompt takes, border included. */
export function promptHeight(p: PromptBoxProps, look: PromptLook): number {
  return promptLines(p, look).length + (p.variant === 'wide' ? 2 : 0);
}

function waitingLines(p: PromptBoxProps, { strings: s, theme }: PromptLook, inner: number): TextLine[] {
  const { alert: a } = p;
  const wrap = (text: string, max: number, style: Omit<TextLine, 'text'> = {}): TextLine[] =>
    wrapText(theme.text(text), inner, max).map((line) => ({ text: line, ...style }));
  const more = p.count > 1 ? s.prompt.more(p.position, p.count) : '';
  // A status of an action still in flight, or one that failed; a confirmed one is history, and the alert's
  // state says what is true now (an acknowledgement that ran out must not still read "confirmed").
  const status = p.pending && p.pending.status !== 'confirmed' ? pendingText(p.pending, s, false) : undefined;
  const out: TextLine[] = [
    {
      text: `${theme.glyphs.severity[a.severity]} ${s.prompt.title(a.id)}${more}   ${s.prompt.keys}`,
      tone: 'critical',
      isInverse: true,
      isBold: true,
    },
    {
      text: `${s.severity[a.severity]}  ${a.title}${p.retriggeredAt ? `  ${s.prompt.retriggered(p.retriggeredAt)}` : ''}`,
      isBold: true,
    },
    ...wrap(`${s.prompt.todo}${a.action}`, MAX_TODO_LINES[p.variant]),
  ];
  const now = a.rung ? s.prompt.now(withPhone(a.rungText, a.currentPhone), a.ageText) : undefined;
  const next = a.next ? withPhone(a.next.rungText, a.next.phone) : undefined;
  if (p.linkDownSince !== undefined) {
    // Nothing escalates while the collector is unreachable: say so, and whom to phone instead.
    const phone = next ?? withPhone(a.rungText, a.currentPhone);
    out.push(...wrap(s.prompt.linkDown(p.linkDownSince, phone), 2, { tone: 'critical', isBold: true }));
    if (now) out.push(...wrap(now, 1, { tone: 'muted' }));
  } else {
    const deadline =
      !a.next || next === undefined
        ? a.nextEscalationAt === null
          ? s.prompt.lastRung
          : s.prompt.deadlineUnknown(a.nextEscalationText, a.nextEscalationClock)
        : (a.nextEscalationIn ?? 0) <= 0
          ? s.prompt.dueNow(next)
          : s.prompt.deadline(a.nextEscalationText, next, a.next.clock);
    const text = status ? `${deadline}  ${status.text}` : deadline;
    out.push(...wrap(text, 2, { tone: status?.tone ?? 'warning', isBold: true }));
    if (now) out.push(...wrap(now, 1, { tone: 'muted' }));
  }
  return out;
}

/** A rung as it is said, with the phone to call it on. */
export function withPhone(rungText: string, phone: string | undefined): string {
  return phone ? `${rungText} ${phone}` : rungText;
}

function doneLines(p: PromptBoxProps, { strings: s, theme }: PromptLook): TextLine[] {
  const { alert: a } = p;
  const head = a.ack
    ? `${theme.glyphs.ok} ${s.prompt.done(a.id, a.ack.byName, a.ack.atText)}`
    : s.prompt.closedElsewhere(a.id);
  return [
    { text: `${head}   ${s.prompt.doneHint}`, tone: 'ok', isInverse: true, isBold: true },
    { text: `${s.severity[a.severity]}  ${a.title}` },
    { text: a.ack ? `${s.dialog.reason}: ${a.ack.reason}` : '' },
    { text: p.pending ? pendingText(p.pending, s, false).text : '', tone: 'muted' },
  ];
}
