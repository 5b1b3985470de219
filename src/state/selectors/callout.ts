import { chaseList } from '../../domain/callout/chase.js';
import { ANSWER_LABELS } from '../../domain/callout/recipient-state.js';
import { ROLE_LABELS } from '../../domain/callout/roles.js';
import type { Lang } from '../../domain/vocabulary.js';
import type { CalloutRecipientFeed, DeliveryFeed } from '../../protocol/index.js';
import type { WatchState } from '../watch-state.js';

/** One person the chase asks the officer to phone. */
export type ChaseRow = {
  recipient: number;
  callout: number;
  name: string;
  role: string;
  place: string;
  phone: string | null;
  state: CalloutRecipientFeed['state'];
  /** "call 周村长 · 沙口镇周店村 村防汛责任人 · 13800000004" */
  line: string;
};

/**
 * Everyone of every open call-out past its deadline who has not answered (nor been phoned), worst first: the
 * list the console's chase prompt shows. `now` is the collector's time.
 */
export function selectChase(
  state: Pick<WatchState, 'callouts' | 'calloutRecipients'>,
  now: number,
  lang: Lang,
): ChaseRow[] {
  const byCallout = recipientsByCallout(state);
  const rows: ChaseRow[] = [];
  const open = [...state.callouts.values()]
    .filter((c) => c.closedAt === null)
    .sort((a, b) => a.deadlineAt - b.deadlineAt);
  for (const c of open) {
    for (const r of chaseList(byCallout.get(c.id) ?? [], c.deadlineAt, now)) {
      const role = ROLE_LABELS[r.role][lang];
      const where = [r.place, role].filter(Boolean).join(' ');
      rows.push({
        recipient: r.id,
        callout: c.id,
        name: r.name,
        role,
        place: r.place,
        phone: r.phone,
        state: r.state,
        line: `${lang === 'zh' ? '致电' : 'call'} ${r.name} · ${where}${r.phone ? ` · ${r.phone}` : ''}`,
      });
    }
  }
  return rows;
}

/** One call-out as the 叫应 view shows it. */
export type CalloutSummary = {
  id: number;
  title: string;
  drill: boolean;
  isOpen: boolean;
  total: number;
  /** Answered or phoned. */
  settled: number;
  answered: number;
  overdue: number;
  overdueNames: string[];
  deadlineAt: number;
};

/** The call-outs open or closed lately, newest first, with answered/total and who is overdue. */
export function selectCallouts(
  state: Pick<WatchState, 'callouts' | 'calloutRecipients'>,
  now: number,
): CalloutSummary[] {
  const byCallout = recipientsByCallout(state);
  return [...state.callouts.values()]
    .sort((a, b) => b.id - a.id)
    .map((c) => {
      const list = byCallout.get(c.id) ?? [];
      const isOpen = c.closedAt === null;
      const overdue = isOpen ? chaseList(list, c.deadlineAt, now) : [];
      return {
        id: c.id,
        title: c.title,
        drill: c.drill,
        isOpen,
        total: list.length,
        settled: list.filter((r) => r.state === 'answered' || r.state === 'phoned').length,
        answered: list.filter((r) => r.state === 'answered').length,
        overdue: overdue.length,
        overdueNames: overdue.map((r) => r.name),
        deadlineAt: c.deadlineAt,
      };
    });
}

/** The wall's line: "叫应 31/40 · 逾期 3" over every open call-out; undefined when none is open. */
export function selectWallCallout(
  state: Pick<WatchState, 'callouts' | 'calloutRecipients'>,
  now: number,
  lang: Lang,
): string | undefined {
  const open = selectCallouts(state, now).filter((c) => c.isOpen);
  if (open.length === 0) return undefined;
  const settled = open.reduce((n, c) => n + c.settled, 0);
  const total = open.reduce((n, c) => n + c.total, 0);
  const overdue = open.reduce((n, c) => n + c.overdue, 0);
  return lang === 'zh'
    ? `叫应 ${settled}/${total}${overdue > 0 ? ` · 逾期 ${overdue}` : ''}`
    : `Call-out ${settled}/${total}${overdue > 0 ? ` · overdue ${overdue}` : ''}`;
}

/**
 * For an alert's details: each delivery about it (the rungs' messages, and its call-out's), who, by which
 * channel, when, whether delivered, and for a call-out's recipient whether and how they answered.
 */
export function selectAlertNotifications(
  state: Pick<WatchState, 'callouts' | 'calloutRecipients' | 'deliveries'>,
  alert: number,
  lang: Lang,
  clock: (ms: number) => string,
): string[] {
  const recipients = state.calloutRecipients;
  const lines: string[] = [];
  const deliveries = [...state.deliveries.values()]
    .filter((d) => d.alert === alert)
    .sort((a, b) => a.id - b.id);
  for (const d of deliveries) {
    const r = d.recipient === null ? undefined : recipients.get(d.recipient);
    lines.push(
      `${d.name} · ${d.channel} · ${clock(d.createdAt)} · ${deliveryWord(d, lang, clock)}${r ? ` · ${answerWord(r, lang, clock)}` : ''}`,
    );
  }
  return lines;
}

function deliveryWord(d: DeliveryFeed, lang: Lang, clock: (ms: number) => string): string {
  if (d.state === 'delivered')
    return `${lang === 'zh' ? '已送达' : 'delivered'} ${d.doneAt === null ? '' : clock(d.doneAt)}`.trim();
  if (d.state === 'dead') return `${lang === 'zh' ? '未送达' : 'NOT delivered'} (${d.error ?? ''})`;
  return lang === 'zh' ? `发送中（第 ${d.tries} 次）` : `sending (try ${d.tries})`;
}

function answerWord(r: CalloutRecipientFeed, lang: Lang, clock: (ms: number) => string): string {
  if (r.state === 'answered' && r.answer) {
    const count = r.count === null ? '' : lang === 'zh' ? ` ${r.count} 人` : ` ${r.count}`;
    return `${lang === 'zh' ? '已回复' : 'answered'} ${ANSWER_LABELS[r.answer][lang]}${count} ${r.answeredAt === null ? '' : clock(r.answeredAt)}`.trim();
  }
  if (r.state === 'phoned')
    return lang === 'zh'
      ? `已电话${r.phonedReached ? '接通' : '未接通'}`
      : `phoned (${r.phonedReached ? 'reached' : 'no answer'})`;
  return lang === 'zh' ? '未回复' : 'no answer yet';
}

function recipientsByCallout(
  state: Pick<WatchState, 'calloutRecipients'>,
): Map<number, CalloutRecipientFeed[]> {
  const map = new Map<number, CalloutRecipientFeed[]>();
  for (const r of state.calloutRecipients.values()) {
    const list = map.get(r.callout) ?? [];
    list.push(r);
    map.set(r.callout, list);
  }
  return map;
}
