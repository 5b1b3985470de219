import type { Bilingual, IncidentFeed } from '../../protocol/index.js';
import {
  incidentLevel,
  isSeriousLevel,
  LEVEL_NAMES,
  MAJOR_RISK_NAMES,
  majorRiskFlags,
} from '../incident-level.js';
import { type Condition, conditionOf, type RuleClass } from './condition.js';
import type { RuleInput } from './rule-input.js';
import { namedOrCode } from './text.js';

/** How long after receipt an 一般 incident still counts as new. */
export const NEW_INCIDENT_MINUTES = 60;

/** 较大 and above (level ≤ 3): the reporting clocks run and the leader on duty must know at once (R2). */
export const INCIDENT_REPORTABLE: RuleClass = {
  class: 'incident.reportable',
  severity: 'critical',
  autoClose: false,
  worseWhen: 'lower',
  action: {
    zh: '立即报告带班领导，按时限向市应急管理局电话和书面报告',
    en: 'Tell the leader on duty now; phone and written reports to the city bureau on time',
  },
};

/** 较大涉险 (SAWS Order 21): reportable even when nobody died. */
export const INCIDENT_MAJOR_RISK: RuleClass = {
  class: 'incident.major_risk',
  severity: 'critical',
  autoClose: false,
  worseWhen: 'higher',
  action: {
    zh: '按较大涉险事故报告带班领导和市应急管理局，跟进救援进展',
    en: 'Report it as a major-risk incident to the leader on duty and the city bureau; follow the rescue',
  },
};

/** A new 一般 incident, so that the officer acknowledges every report that arrives. */
export const INCIDENT_NEW: RuleClass = {
  class: 'incident.new',
  severity: 'warning',
  autoClose: false,
  action: { zh: '核实信息，登记并跟踪续报', en: 'Verify the report, log it and follow up' },
};

/**
 * Incident rules over the open incidents, whatever their category (the 条例 levels are the only table there
 * is). A closed incident raises nothing, so its alerts go clear; being autoClose false, a human closes them.
 * The reportable key carries the level, so an upgrade opens a new alert that inhibits the old one.
 */
export function incidentConditions(input: RuleInput, now: number): Condition[] {
  const policy = { countMissingTowardLevel: input.config.reporting.countMissingTowardLevel };
  const conditions: Condition[] = [];
  for (const incident of input.incidents) {
    if (incident.status !== 'open') continue;
    const code = incident.code;
    const subject = { kind: 'incident' as const, code };
    const group = `incident:${code}`;
    const level = incidentLevel(incident.casualties, incident.directLossYuan, policy);
    const where = place(input, incident);
    const name = LEVEL_NAMES[level];
    if (isSeriousLevel(level)) {
      conditions.push(
        conditionOf(INCIDENT_REPORTABLE, `${code}:L${level}`, {
          subject,
          title: {
            zh: `${where.zh} 达到${name.zh}（${name.roman}级）事故标准：${casualtyText(incident).zh}`,
            en: `${where.en} reaches level ${name.roman} (${name.en}): ${casualtyText(incident).en}`,
          },
          value: level,
          status: 'set',
          inhibit: { group, rank: 5 - level },
        }),
      );
    } else if (now - incident.receivedAt < NEW_INCIDENT_MINUTES * 60_000) {
      // Rank 1 is the 一般 rung of the same ladder (5 − 4), so a later upgrade's reportable alert hides it.
      conditions.push(
        conditionOf(INCIDENT_NEW, code, {
          subject,
          title: {
            zh: `新事件：${where.zh} ${name.zh}，${casualtyText(incident).zh}`,
            en: `New incident: ${where.en}, ${name.en}: ${casualtyText(incident).en}`,
          },
          value: null,
          status: 'set',
          inhibit: { group, rank: 1 },
        }),
      );
    }
    const flags = majorRiskFlags(incident.casualties);
    if (flags.length > 0) {
      conditions.push(
        conditionOf(INCIDENT_MAJOR_RISK, code, {
          subject,
          title: {
            zh: `${where.zh} 较大涉险：${flags.map((f) => MAJOR_RISK_NAMES[f].zh).join('、')}`,
            en: `${where.en} major risk: ${flags.map((f) => MAJOR_RISK_NAMES[f].en).join(', ')}`,
          },
          // A criterion added since the acknowledgement is new data.
          value: flags.length,
          status: 'set',
        }),
      );
    }
  }
  return conditions;
}

// The incident's own title is free text in Chinese; the English side names it by code and township.
function place(input: RuleInput, incident: IncidentFeed): Bilingual {
  const township = namedOrCode(input.config.townships, incident.township);
  return {
    zh: `${incident.title}（${township.name}）`,
    en: `Incident ${incident.code} (${township.nameAscii})`,
  };
}

// Only the non-zero figures: a title has to fit a console line.
function casualtyText(incident: IncidentFeed): Bilingual {
  const c = incident.casualties;
  const figures: [number, string, string][] = [
    [c.deaths, '死亡', 'dead'],
    [c.missing, '失踪', 'missing'],
    [c.seriousInjuries, '重伤', 'seriously injured'],
    [c.trapped, '被困', 'trapped'],
  ];
  const zh: string[] = [];
  const en: string[] = [];
  for (const [count, zhLabel, enLabel] of figures) {
    if (count <= 0) continue;
    zh.push(`${zhLabel} ${count} 人`);
    en.push(`${count} ${enLabel}`);
  }
  const loss = incident.directLossYuan;
  if (loss > 0) {
    zh.push(`损失 ${Number((loss / 10_000).toFixed(2))} 万元`);
    en.push(`loss CNY ${Number((loss / 1_000_000).toFixed(2))}M`);
  }
  if (zh.length === 0) return { zh: '无人员伤亡', en: 'no casualties' };
  return { zh: zh.join('，'), en: en.join(', ') };
}
