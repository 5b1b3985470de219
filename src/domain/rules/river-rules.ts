import type { GaugeLevels, Station } from '../../protocol/index.js';
import type { RuleClass } from './condition.js';
import type { LevelRule } from './level-rules.js';
import { lineTitle } from './text.js';

/** 蓝色: within the approach margin below 警戒水位 (水情预警 blue). */
export const WATER_BLUE: RuleClass = {
  class: 'water.blue',
  severity: 'info',
  autoClose: true,
  action: {
    zh: '加密观测，提醒沿河乡镇做好巡堤准备',
    en: 'Watch the readings closely; tell riverside townships to ready dike patrols',
  },
};

/** 黄色: at or above 警戒水位 — dikes may show danger, patrols go out round the clock. */
export const WATER_WARNING: RuleClass = {
  class: 'water.warning',
  severity: 'warning',
  autoClose: true,
  action: { zh: '通知乡镇巡堤查险，报告带班领导', en: 'Order dike patrols; tell the leader on duty' },
};

/** 橙色: at or above 保证水位 — the works are at their guaranteed limit, emergency status. */
export const WATER_GUARANTEE: RuleClass = {
  class: 'water.guarantee',
  severity: 'critical',
  autoClose: true,
  action: {
    zh: '立即报告带班领导和局长，按预案组织抢险和群众转移',
    en: 'Tell the leader on duty and the chief now; start flood fighting and evacuation per the plan',
  },
};

/** 红色: at or above the highest level ever recorded at the gauge. */
export const WATER_RECORD: RuleClass = {
  class: 'water.record',
  severity: 'critical',
  autoClose: true,
  action: {
    zh: '立即报告县防指，启动应急响应，组织危险区群众转移',
    en: 'Report to the county flood HQ now; start the emergency response and evacuate danger zones',
  },
};

/** A river gauge's level rules at `level`, mildest first: blue 1 < warning 2 < guarantee 3 < record 4. */
export function riverRules(station: Station, gauge: GaugeLevels, level: number): LevelRule[] {
  const warningTitle = lineTitle(station, 'warning', level, gauge.warningLevel);
  const rules: LevelRule[] = [
    { rule: WATER_BLUE, line: gauge.warningLevel - station.approachMargin, rank: 1, title: warningTitle },
    { rule: WATER_WARNING, line: gauge.warningLevel, rank: 2, title: warningTitle },
    {
      rule: WATER_GUARANTEE,
      line: gauge.guaranteeLevel,
      rank: 3,
      title: lineTitle(station, 'guarantee', level, gauge.guaranteeLevel),
    },
  ];
  if (gauge.historicalMax !== undefined) {
    rules.push({
      rule: WATER_RECORD,
      line: gauge.historicalMax,
      rank: 4,
      title: lineTitle(station, 'historicalMax', level, gauge.historicalMax),
    });
  }
  return rules;
}
