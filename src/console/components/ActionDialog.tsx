import type { Dialog } from '../../state/ui-state.js';
import { useConsoleLook } from '../console-context.js';
import { confirmText } from '../dialog-requests.js';
import { wrapText } from '../text-width.js';
import { type TextLine, TextLines } from './TextLines.js';

/** Props of {@link ActionDialog}. */
export type ActionDialogProps = {
  dialog: Dialog;
  width: number;
  height: number;
};

/**
 * A dialog in the body area: its title echoing the target, each field (the current one marked, a choice field's
 * options listed), then the confirm step's question in reverse video. Drawn from state only: the keys that
 * drive it are handled by the App's one `useInput`.
 */
export function ActionDialog({ dialog, width, height }: ActionDialogProps) {
  const { strings: s, theme } = useConsoleLook();
  const lines: TextLine[] = [
    {
      text: `${s.dialog.titles[dialog.kind]} — ${dialog.target.label}`,
      isBold: true,
      isInverse: true,
      tone: 'accent',
    },
    { text: '' },
  ];
  const isConfirming = dialog.step >= dialog.fields.length;
  dialog.fields.forEach((field, i) => {
    const isCurrent = i === dialog.step;
    const mark = isCurrent ? theme.glyphs.selected : ' ';
    if (field.kind === 'text') {
      lines.push({
        text: `${mark} ${field.label}: ${field.value}${isCurrent ? '_' : ''}`,
        isBold: isCurrent,
      });
      return;
    }
    const chosen = field.options[field.index]?.label ?? '';
    lines.push({ text: `${mark} ${field.label}: ${chosen}`, isBold: isCurrent });
    if (!isCurrent) return;
    // The options of the field being chosen, numbered for the 1-9 keys; the list scrolls with the choice.
    const room = Math.max(1, height - dialog.fields.length - 6);
    const top = Math.max(0, Math.min(field.index - room + 1, field.options.length - room));
    field.options.slice(top, top + room).forEach((o, j) => {
      const n = top + j;
      lines.push({
        text: `     ${n < 9 ? `${n + 1}.` : '  '} ${o.label}`,
        isInverse: n === field.index,
        tone: n === field.index ? 'accent' : undefined,
      });
    });
  });
  if (dialog.error) lines.push({ text: `  ! ${dialog.error}`, tone: 'critical', isBold: true });
  lines.push({ text: '' });
  if (isConfirming) {
    // Wrapped, and a long reason is cut in the middle, never at the end: the [y/N] must be on screen.
    const wrapped = wrapText(theme.text(confirmText(dialog, s)), width);
    const shown =
      wrapped.length > 4 ? [...wrapped.slice(0, 2), theme.glyphs.ellipsis, ...wrapped.slice(-1)] : wrapped;
    for (const line of shown) {
      lines.push({ text: line, isInverse: true, isBold: true, tone: 'warning' });
    }
    lines.push({ text: s.dialog.confirmHint, tone: 'muted' });
  } else {
    const field = dialog.fields[dialog.step];
    lines.push({ text: field?.kind === 'choice' ? s.dialog.choiceHint : s.dialog.hint, tone: 'muted' });
  }
  return <TextLines lines={lines} width={width} height={height} />;
}
