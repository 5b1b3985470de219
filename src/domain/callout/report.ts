import type { CalloutFeed, CalloutRecipientFeed } from '../../protocol/index.js';
import type { Lang } from '../vocabulary.js';
import { ANSWER_LABELS } from './recipient-state.js';
import { ROLE_LABELS } from './roles.js';

/** One recipient in the after-action review: reached when, answered when, phoned, or never answered. */
export type RecipientReport = {
  name: string;
  role: string;
  place: string;
  phone: string | null;
  /** ms from the call-out's start. */
  toDeliver: number | null;
  toAnswer: number | null;
  answer: string | null;
  outcome: 'answered' | 'phoned' | 'unreachable' | 'silent';
  overdue: boolean;
};

export type CalloutReport = {
  total: number;
  answered: number;
  phoned: number;
  unreachable: number;
  never: number;
  /** Median time to answer of those who answered, ms. */
  medianToAnswer: number | null;
  recipients: RecipientReport[];
};

const median = (xs: number[]): number | null => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1
    ? (s[mid] as number)
    : Math.round(((s[mid - 1] as number) + (s[mid] as number)) / 2);
};

/** The review of one call-out (domain: who was reached, when, by what; who answered, when; who had to be phoned). */
export function calloutReport(
  c: CalloutFeed,
  recipients: readonly CalloutRecipientFeed[],
  lang: Lang,
): CalloutReport {
  const rows = recipients.map((r): RecipientReport => {
    const outcome =
      r.state === 'answered'
        ? 'answered'
        : r.state === 'phoned'
          ? 'phoned'
          : r.state === 'unreachable'
            ? 'unreachable'
            : 'silent';
    const count = r.count === null ? '' : lang === 'zh' ? ` ${r.count} 人` : ` ${r.count}`;
    return {
      name: r.name,
      role: ROLE_LABELS[r.role][lang],
      place: r.place,
      phone: r.phone,
      toDeliver: r.deliveredAt === null ? null : r.deliveredAt - c.startedAt,
      toAnswer: r.answeredAt === null ? null : r.answeredAt - c.startedAt,
      answer:
        r.answer === null ? null : `${ANSWER_LABELS[r.answer][lang]}${count}${r.note ? ` — ${r.note}` : ''}`,
      outcome,
      overdue: r.answeredAt === null ? true : r.answeredAt > c.deadlineAt,
    };
  });
  const answered = rows.filter((r) => r.outcome === 'answered');
  return {
    total: rows.length,
    answered: answered.length,
    phoned: rows.filter((r) => r.outcome === 'phoned').length,
    unreachable: rows.filter((r) => r.outcome === 'unreachable').length,
    never: rows.filter((r) => r.outcome === 'silent' || r.outcome === 'unreachable').length,
    medianToAnswer: median(answered.map((r) => r.toAnswer as number)),
    recipients: rows,
  };
}

/** "38/40 answered, median 2m10s, 2 phoned" in the report's language. */
export function reportTotals(r: CalloutReport, lang: Lang, duration: (ms: number) => string): string {
  const med = r.medianToAnswer === null ? '--' : duration(r.medianToAnswer);
  return lang === 'zh'
    ? `${r.answered}/${r.total} 已回复，中位用时 ${med}，电话 ${r.phoned} 人，始终未回复 ${r.never} 人`
    : `${r.answered}/${r.total} answered, median ${med}, ${r.phoned} phoned, ${r.never} never answered`;
}
