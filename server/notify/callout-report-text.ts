import { calloutReport, reportTotals } from '../../src/domain/callout/report.js';
import { formatDuration } from '../../src/domain/format.js';
import { formatLocal } from '../../src/domain/local-time.js';
import type { Lang } from '../../src/domain/vocabulary.js';
import type { Db } from '../db/open-database.js';
import { type CalloutRow, createCalloutsRepo, toCalloutFeed, toRecipientFeed } from './callouts-repo.js';

/** The call-out `wanted` names (its number), or the latest. */
export function findCallout(db: Db, wanted: string | undefined): CalloutRow | undefined {
  const repo = createCalloutsRepo(db);
  if (wanted === undefined) return repo.all().at(-1);
  const id = Number(wanted.replace(/^#/, ''));
  return Number.isInteger(id) && id > 0 ? repo.callout(id) : undefined;
}

/**
 * The after-action review of one call-out as Markdown: who was reached, when, by what; who answered, when;
 * who had to be phoned; who never answered; and the totals ("38/40 answered, median 2m10s, 2 phoned").
 */
export function calloutReportMarkdown(db: Db, row: CalloutRow, utcOffset: string, lang: Lang): string {
  const repo = createCalloutsRepo(db);
  const c = toCalloutFeed(row);
  const recipients = repo.recipientsOf(row.id);
  const report = calloutReport(c, recipients.map(toRecipientFeed), lang);
  const time = (ms: number) => formatLocal(ms, utcOffset, 'YYYY-MM-DD HH:mm');
  const dur = (ms: number | null) => (ms === null ? '--' : formatDuration(ms));
  const zh = lang === 'zh';
  const channels = (id: number) =>
    repo
      .deliveriesOf(id)
      .map(
        (d) =>
          `${d.channel}${d.state === 'delivered' ? '' : d.state === 'dead' ? (zh ? '✗' : ' failed') : '…'}`,
      )
      .join(' ');
  const outcome = {
    answered: zh ? '已回复' : 'answered',
    phoned: zh ? '电话' : 'phoned',
    unreachable: zh ? '无法送达' : 'unreachable',
    silent: zh ? '未回复' : 'never answered',
  } as const;
  const head = zh
    ? [
        `# 叫应 #${c.id}${c.drill ? '【演练】' : ''} ${c.title}`,
        '',
        `- 发起：${c.startedBy === 'system' ? `自动（${c.trigger}）` : c.startedBy}，${time(c.startedAt)}（UTC${utcOffset}）`,
        `- 回复期限：${time(c.deadlineAt)}；${c.closedAt === null ? '进行中' : `结束于 ${time(c.closedAt)}`}`,
        `- 合计：${reportTotals(report, lang, formatDuration)}`,
        '',
        '| 姓名 | 职责 | 地点 | 电话 | 渠道 | 送达用时 | 回复用时 | 结果 |',
      ]
    : [
        `# Call-out #${c.id}${c.drill ? ' (DRILL)' : ''} ${c.title}`,
        '',
        `- Started by ${c.startedBy === 'system' ? `the ${c.trigger} trigger` : c.startedBy} at ${time(c.startedAt)} (UTC${utcOffset})`,
        `- Answers due ${time(c.deadlineAt)}; ${c.closedAt === null ? 'still open' : `closed ${time(c.closedAt)}`}`,
        `- Totals: ${reportTotals(report, lang, formatDuration)}`,
        '',
        '| Name | Role | Place | Phone | Channels | To deliver | To answer | Outcome |',
      ];
  const rows = report.recipients.map((r, i) => {
    const rec = recipients[i] as (typeof recipients)[number];
    const result =
      r.outcome === 'answered'
        ? `${outcome.answered} ${r.answer ?? ''}${r.overdue ? (zh ? '（逾期）' : ' (late)') : ''}`
        : r.outcome === 'phoned'
          ? `${outcome.phoned}${rec.phoned_reached === 1 ? (zh ? '接通' : ' (reached)') : zh ? '未接通' : ' (no answer)'} ${rec.phoned_by ?? ''}`
          : outcome[r.outcome];
    const cell = (s: string) => s.replace(/\|/g, '\\|');
    return `| ${cell(r.name)} | ${cell(r.role)} | ${cell(r.place || '--')} | ${r.phone ?? '--'} | ${channels(rec.id) || '--'} | ${dur(r.toDeliver)} | ${dur(r.toAnswer)} | ${cell(result.trim())} |`;
  });
  return `${[...head, '|---|---|---|---|---|---|---|---|', ...rows].join('\n')}\n`;
}
