import type { Bilingual, ObligationFeed } from '../../protocol/index.js';
import { formatLocal } from '../local-time.js';
import { type Condition, conditionOf, type RuleClass } from './condition.js';
import type { RuleInput } from './rule-input.js';

/** A reporting clock inside its warning window: the report is due soon. */
export const REPORT_DUE: RuleClass = {
  class: 'report.due',
  severity: 'warning',
  autoClose: true,
  action: {
    zh: '准备并按时报送，报送后标记已报',
    en: 'Prepare and send the report on time; then mark it sent',
  },
};

/** A reporting clock past its deadline with the report not marked sent. */
export const REPORT_OVERDUE: RuleClass = {
  class: 'report.overdue',
  severity: 'critical',
  autoClose: true,
  action: {
    zh: '立即报送并标记已报，报告带班领导',
    en: 'Send the report now and mark it sent; tell the leader on duty',
  },
};

const KIND_NAMES: Readonly<Record<ObligationFeed['kind'], Bilingual>> = {
  statutory: { zh: '事故报告', en: 'statutory report' },
  phone: { zh: '电话报告', en: 'phone report' },
  written: { zh: '书面报告', en: 'written report' },
  followup: { zh: '续报', en: 'follow-up report' },
};

const TARGET_NAMES: Readonly<Record<ObligationFeed['target'], Bilingual>> = {
  city: { zh: '市应急管理局', en: 'the city bureau' },
  province: { zh: '省应急管理厅', en: 'the province' },
  ministry: { zh: '应急管理部', en: 'the ministry' },
  county_gov: { zh: '县政府', en: 'the county government' },
};

/**
 * The reporting clocks of open obligations: `report.due` from warnAt until dueAt, `report.overdue` from dueAt.
 * An obligation marked done (or superseded by an upgrade) raises nothing, so its alerts clear and close.
 */
export function reportConditions(input: RuleInput, now: number): Condition[] {
  const utcOffset = input.config.county.utcOffset;
  const conditions: Condition[] = [];
  // Looked up by code: a search per obligation cost incidents × obligations on every pass (issue 13's flood).
  const incidents = new Map(input.incidents.map((i) => [i.code, i]));
  for (const o of input.obligations) {
    if (o.state !== 'open' || now < o.warnAt) continue;
    const isOverdue = now >= o.dueAt;
    const incident = incidents.get(o.incident);
    const kind = KIND_NAMES[o.kind];
    const target = TARGET_NAMES[o.target];
    const due = formatLocal(o.dueAt, utcOffset, 'MM-DD HH:mm');
    const what = {
      zh: `${incident?.title ?? o.incident} ${kind.zh}（报${target.zh}）`,
      en: `Incident ${o.incident}: ${kind.en} to ${target.en}`,
    };
    conditions.push(
      conditionOf(isOverdue ? REPORT_OVERDUE : REPORT_DUE, String(o.id), {
        subject: { kind: 'obligation', code: String(o.id) },
        title: isOverdue
          ? { zh: `${what.zh} 已超时，时限 ${due}`, en: `${what.en} overdue since ${due}` }
          : { zh: `${what.zh} 将于 ${due} 到期`, en: `${what.en} due ${due}` },
        // A deadline is not a measurement, and a re-armed clock is a new obligation with its own key.
        value: null,
        status: 'set',
        inhibit: { group: `report:${o.id}`, rank: isOverdue ? 2 : 1 },
      }),
    );
  }
  return conditions;
}
