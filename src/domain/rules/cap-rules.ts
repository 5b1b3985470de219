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

/** The alert key of a warning: its identity, which every Update and the Cancel share. */
export const capAlertKey = (w: Pick<CapWarning, 'sender' | 'identifier'>) =>
  `cap:${w.sender}/${w.identifier}`;

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
    const what = w.headline ?? w.event;
    const from = w.senderName ?? w.sender;
    const instruction = w.instruction ? `${w.instruction} — ` : '';
    const action = w.drill ? DRILL_ACTION : ACTION;
    const condition: Condition = {
      key: capAlertKey(w),
      class: cls,
      severity: CAP_CLASS_SEVERITY[cls],
      subject: { kind: 'cap', code: `${w.sender}/${w.identifier}` },
      title: {
        // Drill documents often say 演练 in their own headline already; once is enough.
        zh: `${w.drill && !what.includes('演练') ? '【演练】' : ''}${from}：${what}（${w.areaDesc}）`,
        en: `${w.drill ? 'DRILL: ' : ''}${from}: ${what} (${w.areaDesc})`,
      },
      action: { zh: `${instruction}${action.zh}`, en: `${instruction}${action.en}` },
      value: null,
      status: 'set',
      autoClose: true,
    };
    if (w.drill) condition.drill = true;
    conditions.push(condition);
  }
  return conditions;
}
