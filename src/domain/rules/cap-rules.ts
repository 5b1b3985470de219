import type { Bilingual } from '../../protocol/index.js';
import { CAP_CLASS_SEVERITY, type CapWarning, capClass, isWarningInForce } from '../cap-warning.js';
import type { Condition } from './condition.js';
import type { RuleInput } from './rule-input.js';

const ACTION: Bilingual = {
  zh: '核实预警，报告带班领导，按预警要求部署防范并通知相关乡镇',
  en: 'Verify the warning, tell the leader on duty, act on its instructions and notify the townships concerned',
};

const DRILL_ACTION: Bilingual = {
  zh: '演练：按真实流程逐级处置并记录，不要真实拨打电话或通知任何人',
  en: 'DRILL: go through every step as for real and log it, but phone or notify nobody for real',
};

const joined = (first: string | null, second: string | null) =>
  [first, second].filter((part) => part !== null && part !== '').join(' — ');

/** The alert key of a warning: its identity, which every Update and the Cancel share. */
export const capAlertKey = (w: Pick<CapWarning, 'sender' | 'identifier'>) =>
  `cap:${w.sender}/${w.identifier}`;

/** How an alert names a warning: who says what, where. */
export function capTitle(w: CapWarning): Bilingual {
  // A drill says so first, where a narrow screen still shows it; a headline's own 【演练】 is not said twice.
  const what = (w.headline ?? w.event).replace(/^【演练】/, '');
  const from = w.senderName ?? w.sender;
  return {
    zh: `${w.drill ? '【演练】' : ''}${from}：${what}（${w.areaDesc}）`,
    en: `${w.drill ? 'DRILL: ' : ''}${from}: ${what} (${w.areaDesc})`,
  };
}

/**
 * The titles of warnings no longer in force, by alert key: the alert that closes with one is left saying what
 * the warning said last (issue 14: an Update and its Cancel judged in one pass would otherwise leave the closed
 * alert with the words from before the Update).
 */
export function capEndedTitles(warnings: readonly CapWarning[], now: number): Map<string, Bilingual> {
  const titles = new Map<string, Bilingual>();
  for (const w of warnings) if (!isWarningInForce(w, now)) titles.set(capAlertKey(w), capTitle(w));
  return titles;
}

/**
 * One alert per CAP warning in force. A Cancel, or the `expires` time passing, takes the condition away and the
 * alert closes by itself. A drill is marked in its title, so every screen and report that shows the title
 * says DRILL, and in its action, so the prompt tells the officer to call nobody.
 */
export function capConditions(input: RuleInput, now: number): Condition[] {
  const conditions: Condition[] = [];
  for (const w of input.capWarnings) {
    if (!isWarningInForce(w, now)) continue;
    const cls = capClass(w);
    const action = w.drill
      ? { zh: joined(DRILL_ACTION.zh, w.instruction), en: joined(DRILL_ACTION.en, w.instruction) }
      : { zh: joined(w.instruction, ACTION.zh), en: joined(w.instruction, ACTION.en) };
    const condition: Condition = {
      key: capAlertKey(w),
      class: cls,
      severity: CAP_CLASS_SEVERITY[cls],
      subject: { kind: 'cap', code: `${w.sender}/${w.identifier}` },
      title: capTitle(w),
      action,
      value: null,
      status: 'set',
      autoClose: true,
    };
    if (w.drill) condition.drill = true;
    conditions.push(condition);
  }
  return conditions;
}
