import { formatLocal } from '../local-time.js';
import { type Condition, conditionOf, type RuleClass } from './condition.js';
import type { RuleInput } from './rule-input.js';

/** The incoming officer has not accepted the watch in time; the outgoing one is still first on every ladder. */
export const DUTY_HANDOVER: RuleClass = {
  class: 'duty.handover',
  severity: 'warning',
  autoClose: true,
  action: {
    zh: '联系接班人员到岗接班；交班人员继续值守',
    en: 'Call the incoming officer to accept the watch; the outgoing officer stays on',
  },
};

/** A handover pending longer than `escalation.handoverAcceptMinutes`; it clears when the watch is accepted. */
export function dutyConditions(input: RuleInput, now: number): Condition[] {
  const handover = input.handover;
  if (!handover) return [];
  const limit = input.config.escalation.handoverAcceptMinutes;
  if (now - handover.since <= limit * 60_000) return [];
  const person = (id: string) => {
    const p = input.config.people.find((candidate) => candidate.id === id);
    return p ? { zh: p.name, en: p.nameAscii } : { zh: id, en: id };
  };
  const to = person(handover.to);
  const from = person(handover.from);
  const since = formatLocal(handover.since, input.config.county.utcOffset, 'MM-DD HH:mm');
  return [
    conditionOf(DUTY_HANDOVER, handover.to, {
      subject: { kind: 'duty', code: handover.to },
      title: {
        zh: `${to.zh} 超过 ${limit} 分钟未接班（${from.zh} 自 ${since} 起交班）`,
        en: `${to.en} has not accepted the watch in ${limit} min (${from.en} handing over since ${since})`,
      },
      value: null,
      status: 'set',
    }),
  ];
}
