/**
 * Where one recipient of a call-out stands. queued (nothing tried yet) → sent (a channel is trying) → delivered
 * (a channel said it went through) → answered (from their answer link), or phoned (the officer logged a call),
 * or unreachable (every channel gave up). Answered and phoned are settled: the chase stops asking about them.
 */
export type RecipientState = 'queued' | 'sent' | 'delivered' | 'answered' | 'phoned' | 'unreachable';

/** What a person may answer: 收到 / 已到岗 / 正在转移 N 人 / 需要支援. */
export type AnswerKind = 'received' | 'on_duty' | 'evacuating' | 'need_support';
export const ANSWER_KINDS: readonly AnswerKind[] = ['received', 'on_duty', 'evacuating', 'need_support'];

export const ANSWER_LABELS: Readonly<Record<AnswerKind, { zh: string; en: string }>> = {
  received: { zh: '收到', en: 'Received' },
  on_duty: { zh: '已到岗', en: 'On duty' },
  evacuating: { zh: '正在转移', en: 'Evacuating' },
  need_support: { zh: '需要支援', en: 'Need support' },
};

export type RecipientEvent =
  | { type: 'attempted' }
  | { type: 'delivered' }
  /** A delivery gave up; `allGaveUp` when no channel of this recipient is still trying or has delivered. */
  | { type: 'gave_up'; allGaveUp: boolean }
  | { type: 'answered'; answer: AnswerKind; count: number | null }
  | { type: 'phoned'; reached: boolean };

export type Step = { ok: true; state: RecipientState } | { ok: false; reason: string };

/** The next state, or why the event does not fit (an answer on a spent link, a call logged after an answer). */
export function nextRecipientState(state: RecipientState, event: RecipientEvent): Step {
  const stay: Step = { ok: true, state };
  switch (event.type) {
    case 'attempted':
      return state === 'queued' ? { ok: true, state: 'sent' } : stay;
    case 'delivered':
      return state === 'queued' || state === 'sent' || state === 'unreachable'
        ? { ok: true, state: 'delivered' }
        : stay;
    case 'gave_up':
      return event.allGaveUp && (state === 'queued' || state === 'sent')
        ? { ok: true, state: 'unreachable' }
        : stay;
    case 'answered':
      if (state === 'answered') return { ok: false, reason: 'already answered' };
      if (event.answer === 'evacuating' && event.count === null)
        return { ok: false, reason: 'evacuating needs how many people' };
      return { ok: true, state: 'answered' };
    case 'phoned':
      if (state === 'answered') return { ok: false, reason: 'already answered' };
      return { ok: true, state: 'phoned' };
  }
}

/** Answered or phoned: nobody needs to chase them. */
export const isSettled = (state: RecipientState) => state === 'answered' || state === 'phoned';

/** Not settled by the answer deadline. */
export const isOverdue = (state: RecipientState, deadlineAt: number, now: number) =>
  !isSettled(state) && now >= deadlineAt;
