import { calloutReport, reportTotals } from '../../domain/callout/report.js';
import { formatDuration } from '../../domain/format.js';
import type { CalloutRecipientFeed } from '../../protocol/index.js';
import { item, type ReportContext, section } from './report-context.js';

/** 叫应 of the last day: each call-out with its totals, and who still has not answered (to phone); '' when none. */
export function calloutSection(ctx: ReportContext): string {
  const { state, w } = ctx;
  if (state.callouts.size === 0) return '';
  const lang = ctx.names === 'zh' ? 'zh' : 'en';
  const byCallout = new Map<number, CalloutRecipientFeed[]>();
  for (const r of state.calloutRecipients.values())
    byCallout.set(r.callout, [...(byCallout.get(r.callout) ?? []), r]);
  const lines: string[] = [];
  for (const c of [...state.callouts.values()].sort((a, b) => a.id - b.id)) {
    const report = calloutReport(c, byCallout.get(c.id) ?? [], lang);
    const open =
      c.closedAt === null ? (lang === 'zh' ? '进行中' : 'open') : lang === 'zh' ? '已结束' : 'closed';
    lines.push(
      item(
        `#${c.id} ${ctx.time(c.startedAt)} **${c.title}**${w.paren(open)}${w.colon}${reportTotals(report, lang, formatDuration)}`,
      ),
    );
    const silent = report.recipients.filter((r) => r.outcome === 'silent' || r.outcome === 'unreachable');
    if (c.closedAt === null && silent.length > 0) {
      const who = silent.map(
        (r) => `${r.name}（${[r.place, r.role].filter(Boolean).join(' ')}${r.phone ? ` ${r.phone}` : ''}）`,
      );
      lines.push(
        `  - ${lang === 'zh' ? '未回复，请电话' : 'not answered, phone'}${w.colon}${who.join('、')}`,
      );
    }
  }
  return section(
    lang === 'zh' ? '叫应' : 'Call-outs (叫应)',
    lines.filter((l) => l.startsWith('- ')).length === 0 ? [] : lines,
    w,
    {
      count: state.callouts.size,
    },
  );
}
