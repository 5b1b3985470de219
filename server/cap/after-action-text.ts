import { formatDuration } from '../../src/domain/format.js';
import { formatLocal } from '../../src/domain/local-time.js';
import type { AfterActionReport } from './after-action.js';

/** `2026-07-20 02:04:15` in the county's zone. */
function localTime(ms: number, utcOffset: string): string {
  return formatLocal(ms, utcOffset, 'YYYY-MM-DD HH:mm:ss');
}

const ENDINGS = {
  cancelled: 'cancelled by its sender (CAP Cancel)',
  expired: 'expired (CAP expires)',
  resolved: 'resolved by hand',
  closed: 'closed',
} as const;

/** The after-action report as Markdown: the three times first, then how the ladder went, then the log. */
export function afterActionMarkdown(r: AfterActionReport, utcOffset: string): string {
  const at = (ms: number) => localTime(ms, utcOffset);
  const w = r.warning;
  const kind = w.drill ? `DRILL 演练 (${w.status})` : `real warning (${w.status})`;
  const lines = [
    `# After-action report 复盘 — ${kind}`,
    '',
    `- Warning: ${w.headline ?? w.event} — ${w.areaDesc}`,
    `- CAP: sender \`${w.sender}\`, identifier \`${w.identifier}\`; ${w.urgency} / ${w.severity} / ${w.certainty}`,
    `- Messages: ${r.messages.map((m) => `${m.msgType} received ${at(m.receivedAt)}`).join('; ') || 'none'}`,
  ];
  if (!r.alert) {
    lines.push('', 'No alert was raised for this warning (not in force when it arrived, or no ladder).');
    return `${lines.join('\n')}\n`;
  }
  const cell = (x: { afterMs: number } | null, detail: string) =>
    x ? `**${formatDuration(x.afterMs)}** (${detail})` : '**not done**';
  const { acknowledged: ack, escalated: esc, reported: rep } = r;
  lines.push(
    `- Alert #${r.alert.id} opened ${at(r.alert.openedAt)}, ladder \`${r.alert.ladder}\``,
    '',
    '## Times',
    '',
    `| | after the alert opened |`,
    `|---|---|`,
    `| Time to acknowledge 确认 | ${cell(ack, ack ? `${ack.by} at ${at(ack.at)}` : '')} |`,
    `| Time to escalate 上报领导 | ${cell(esc, esc ? `${esc.how} at ${at(esc.at)}` : '')} |`,
    `| Time to report 报告 | ${cell(rep, rep ? `${rep.by}: ${rep.text}` : '')} |`,
    `| Ended 结束 | ${r.ended ? `${ENDINGS[r.ended.how]} at ${at(r.ended.at)}, after ${formatDuration(r.ended.at - r.alert.openedAt)}` : 'still open'} |`,
    '',
    `## Ladder${w.drill ? ' (drill: nobody was paged)' : ''}`,
    '',
    ...(r.rungs.length > 0
      ? r.rungs.map((g) => `- +${formatDuration(g.afterMs)} ${g.text}`)
      : ['- no rung fired']),
    '',
    '## Log',
    '',
    ...r.timeline.map((e) => `- ${at(e.at)} ${e.actor} ${e.action}: ${e.text}`),
  );
  return `${lines.join('\n')}\n`;
}
