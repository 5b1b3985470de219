import type { CalloutSummary } from '../../state/selectors/callout.js';
import { useConsoleLook } from '../console-context.js';
import { type TextLine, TextLines } from './TextLines.js';

/** Props of {@link CalloutView}. */
export type CalloutViewProps = {
  callouts: readonly CalloutSummary[];
  width: number;
  height: number;
};

/** The 叫应 lines: per call-out, answered/total and the overdue names, open ones first. */
export function calloutLines(callouts: readonly CalloutSummary[], lang: 'zh' | 'en'): TextLine[] {
  const ordered = [...callouts].sort((a, b) => Number(b.isOpen) - Number(a.isOpen) || b.id - a.id);
  return ordered.map((c) => {
    const mark = c.drill ? (lang === 'zh' ? '【演练】' : 'DRILL ') : '';
    const state = c.isOpen ? '' : lang === 'zh' ? '（已结束）' : ' (closed)';
    const overdue =
      c.overdue > 0
        ? lang === 'zh'
          ? ` · 逾期 ${c.overdue}：${c.overdueNames.slice(0, 6).join('、')}`
          : ` · overdue ${c.overdue}: ${c.overdueNames.slice(0, 6).join(', ')}`
        : '';
    const word = lang === 'zh' ? '叫应' : 'Call-out';
    return {
      text: `${word} #${c.id} ${mark}${c.title}${state}  ${c.settled}/${c.total}${overdue}`,
      tone: c.overdue > 0 ? 'critical' : c.isOpen ? 'warning' : 'muted',
      isBold: c.overdue > 0,
    };
  });
}

/** The 叫应 view: open call-outs with answered/total and who is overdue. */
export function CalloutView({ callouts, width, height }: CalloutViewProps) {
  const { settings } = useConsoleLook();
  return <TextLines lines={calloutLines(callouts, settings.lang)} width={width} height={height} />;
}
