import type { PendingAction } from '../../state/ui-state.js';
import { useConsoleLook } from '../console-context.js';
import type { Strings } from '../strings.js';
import { fitWidth, textWidth } from '../text-width.js';
import type { Tone } from '../theme.js';
import { Line } from './Line.js';

/** How long a settled action stays in the footer. */
export const PENDING_SHOWN_MS = 15_000;

/** Props of {@link Footer}. */
export type FooterProps = {
  width: number;
  isQuitting: boolean;
  /** The keys of the current mode, from the key map (footerHints). */
  hints: string;
  /** The quit question, when it says more than the plain one (prompts waiting, the demo's collector). */
  quitText?: string | undefined;
  /** The filter being typed, if it is. */
  filterDraft: string | undefined;
  flash: string | undefined;
  /** The latest action sent, to say whether the collector took it. */
  pending: PendingAction | undefined;
  now: number;
  /** Bytes per second written to the terminal, when asked for (`--stats`). */
  stats: string | undefined;
};

/**
 * The status of one action sent — `sent…`, then confirmed, or refused with the collector's reason — first, so a
 * narrow line keeps it; then, if asked, what the action was.
 */
export function pendingText(p: PendingAction, s: Strings, withLabel = true): { text: string; tone: Tone } {
  const word = s.pending[p.status];
  const tone: Tone = p.status === 'confirmed' ? 'ok' : p.status === 'sent' ? 'warning' : 'critical';
  const status = `${word}${p.message ? `: ${p.message}` : ''}`;
  return { text: withLabel ? `${status} — ${p.label}` : status, tone };
}

/**
 * The bottom line, by priority: the quit question, the filter being typed, a flash message, the latest action's
 * status, else the key hints of the current mode.
 */
export function Footer(props: FooterProps) {
  const { strings: s, theme } = useConsoleLook();
  const { width } = props;
  const right = props.stats ?? '';
  const room = Math.max(0, width - textWidth(right) - (right ? 1 : 0));
  let main: { text: string; tone?: Tone; isInverse?: boolean; isBold?: boolean };
  if (props.isQuitting) main = { text: props.quitText ?? s.quit, isInverse: true, isBold: true };
  else if (props.filterDraft !== undefined) main = { text: `/${props.filterDraft}_`, isBold: true };
  else if (props.flash) main = { text: props.flash, tone: 'warning', isBold: true };
  else if (
    props.pending &&
    (props.pending.status === 'sent' || props.now - (props.pending.settledAt ?? 0) < PENDING_SHOWN_MS)
  ) {
    main = pendingText(props.pending, s);
  } else main = { text: props.hints, tone: 'muted' };
  const text = fitWidth(theme.text(main.text), room, 'left', theme.glyphs.ellipsis);
  return (
    <Line
      hasMarker={false}
      width={width}
      isInverse={main.isInverse}
      cells={[
        { text, tone: main.tone, isBold: main.isBold },
        ...(right ? [{ text: right, tone: 'muted' as const }] : []),
      ]}
    />
  );
}
