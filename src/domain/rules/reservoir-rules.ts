import type { ReservoirLevels, Station } from '../../protocol/index.js';
import type { ReservoirCeiling } from '../reservoir-ceiling.js';
import { reaches } from '../station-lines.js';
import type { RuleClass } from './condition.js';
import type { LevelRule } from './level-rules.js';
import { lineTitle } from './text.js';

/** 超汛限: above today's flood-limit level in flood season (防洪法 Art. 44 needs authorisation for that). */
export const RESERVOIR_OVER_LIMIT: RuleClass = {
  class: 'reservoir.over_limit',
  severity: 'warning',
  autoClose: true,
  action: {
    zh: '报告带班领导，督促水库管理单位按调度令泄洪降至汛限',
    en: 'Tell the leader on duty; have the reservoir release water down to the flood limit as ordered',
  },
};

/** Above 正常蓄水位 on a day no 汛限 period binds: outside the flood limits that is the ceiling (issue 12.9). */
export const RESERVOIR_OVER_NORMAL: RuleClass = {
  class: 'reservoir.over_normal',
  severity: 'warning',
  autoClose: true,
  action: {
    zh: '报告带班领导，督促水库管理单位按调度令泄洪降至正常蓄水位',
    en: 'Tell the leader on duty; have the reservoir release water down to its normal pool as ordered',
  },
};

/** At or above 防洪高水位: the storage that protects the downstream is used up, in any season. */
export const RESERVOIR_OVER_FLOOD_HIGH: RuleClass = {
  class: 'reservoir.over_flood_high',
  severity: 'critical',
  autoClose: true,
  action: {
    zh: '立即报告带班领导和县防指，按调度令泄洪，通知下游做好防御准备',
    en: 'Tell the leader on duty and the county flood HQ now; release as ordered; warn downstream',
  },
};

/** Near 设计洪水位: an emergency criterion (紧急防汛期, 防洪法 Art. 41). */
export const RESERVOIR_NEAR_DESIGN: RuleClass = {
  class: 'reservoir.near_design',
  severity: 'critical',
  autoClose: true,
  action: {
    zh: '立即报告局长和县防指，准备宣布紧急防汛期，通知下游做好转移准备',
    en: 'Tell the chief and the county flood HQ now; prepare an emergency flood period; warn downstream',
  },
};

/** At 校核洪水位, or within the margin of the dam crest: the dam itself is in danger. */
export const RESERVOIR_OVER_CHECK: RuleClass = {
  class: 'reservoir.over_check',
  severity: 'critical',
  autoClose: true,
  action: {
    zh: '立即报告县政府，组织下游群众紧急转移',
    en: 'Tell the county government now; evacuate downstream at once',
  },
};

/**
 * A reservoir's level rules at `level`: over its ceiling 2 < over 防洪高 3 < near_design 4 < over_check 5. The
 * ceiling is today's 汛限 while a period binds (超汛限), else 正常蓄水位 (超正常蓄水位): there is always one.
 */
export function reservoirRules(
  station: Station,
  levels: ReservoirLevels,
  level: number,
  ceiling: ReservoirCeiling,
): LevelRule[] {
  const rules: LevelRule[] = [
    {
      rule: ceiling.kind === 'floodLimit' ? RESERVOIR_OVER_LIMIT : RESERVOIR_OVER_NORMAL,
      line: ceiling.level,
      isStrict: true,
      rank: 2,
      title: lineTitle(station, ceiling.kind, level, ceiling.level),
    },
  ];
  if (levels.floodHighLevel !== undefined) {
    rules.push({
      rule: RESERVOIR_OVER_FLOOD_HIGH,
      line: levels.floodHighLevel,
      rank: 3,
      title: lineTitle(station, 'floodHigh', level, levels.floodHighLevel),
    });
  }
  rules.push({
    rule: RESERVOIR_NEAR_DESIGN,
    line: levels.designFloodLevel - levels.designMargin,
    rank: 4,
    title: lineTitle(station, 'designFlood', level, levels.designFloodLevel),
  });
  // There is no separate crest margin in the config; designMargin stands in. With 坝顶 above 校核 (the config
  // insists) the crest criterion only bites when that margin exceeds the gap between them.
  const crestLine = levels.damCrest - levels.designMargin;
  const isCheckCloser = levels.checkFloodLevel <= crestLine || reaches(level, levels.checkFloodLevel);
  rules.push({
    rule: RESERVOIR_OVER_CHECK,
    line: Math.min(levels.checkFloodLevel, crestLine),
    rank: 5,
    title: isCheckCloser
      ? lineTitle(station, 'checkFlood', level, levels.checkFloodLevel)
      : lineTitle(station, 'damCrest', level, levels.damCrest),
  });
  return rules;
}
