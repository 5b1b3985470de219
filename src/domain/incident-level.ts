import type { Casualties, IncidentFeed } from '../protocol/index.js';
import type { Lang } from './vocabulary.js';

/** A production-safety accident level: 1 = 特别重大 (I) … 4 = 一般 (IV); 1 is the most serious. */
export type IncidentLevel = 1 | 2 | 3 | 4;

/** 较大 and above (levels I–III): the leader on duty is told at once and the reporting clocks run (条例 Art. 3, R2). */
export function isSeriousLevel(level: number): boolean {
  return level <= 3;
}

/**
 * A serious incident: 较大 or above, or 较大涉险 (SAWS Order 21: reportable like 较大 even when nobody died).
 * Both raise a critical alert, take the 较大 reporting clock and need a team sent.
 */
export function isSeriousIncident(level: number, majorRisk: readonly unknown[]): boolean {
  return isSeriousLevel(level) || majorRisk.length > 0;
}

/** The lower bounds of one level; reaching any one of them reaches the level. */
export type LevelBounds = { deaths: number; seriousInjuries: number; directLossYuan: number };

/** Whether missing persons count toward the level (a local policy; the 条例 itself counts deaths only). */
export type LevelPolicy = { countMissingTowardLevel: boolean };

/** 《生产安全事故报告和调查处理条例》 Art. 3 bounds for levels 1–3, most serious first; below level 3 is 一般. */
export const PRODUCTION_SAFETY_BOUNDS: readonly [LevelBounds, LevelBounds, LevelBounds] = [
  { deaths: 30, seriousInjuries: 100, directLossYuan: 100_000_000 },
  { deaths: 10, seriousInjuries: 50, directLossYuan: 50_000_000 },
  { deaths: 3, seriousInjuries: 10, directLossYuan: 10_000_000 },
];

/** Each level's name in Chinese and English, with its roman numeral. */
export const LEVEL_NAMES: Readonly<
  Record<IncidentLevel, { zh: string; en: string; roman: string; zhRoman: string }>
> = {
  1: { zh: '特别重大', en: 'especially serious', roman: 'I', zhRoman: 'Ⅰ' },
  2: { zh: '重大', en: 'serious', roman: 'II', zhRoman: 'Ⅱ' },
  3: { zh: '较大', en: 'relatively serious', roman: 'III', zhRoman: 'Ⅲ' },
  4: { zh: '一般', en: 'ordinary', roman: 'IV', zhRoman: 'Ⅳ' },
};

/** A level as a report writes it in full: `较大（Ⅲ级）`, `III (relatively serious)`. */
export function levelTitle(level: IncidentLevel, lang: Lang): string {
  const n = LEVEL_NAMES[level];
  return lang === 'zh' ? `${n.zh}（${n.zhRoman}级）` : `${n.roman} (${n.en})`;
}

/**
 * The accident level reached by casualties and direct loss (yuan): the highest level any single criterion
 * reaches, each bound included (「以上」含本数, Art. 3).
 */
export function incidentLevel(
  c: Pick<Casualties, 'deaths' | 'missing' | 'seriousInjuries'>,
  directLossYuan: number,
  policy: LevelPolicy,
  bounds: readonly [LevelBounds, LevelBounds, LevelBounds] = PRODUCTION_SAFETY_BOUNDS,
): IncidentLevel {
  // Many local rules escalate on 死亡失踪 combined (domain-rules §1.1); the flag keeps both readings available.
  const deaths = c.deaths + (policy.countMissingTowardLevel ? c.missing : 0);
  const levels = [1, 2, 3] as const;
  for (const level of levels) {
    const b = bounds[level - 1];
    if (!b) continue;
    if (deaths >= b.deaths || c.seriousInjuries >= b.seriousInjuries || directLossYuan >= b.directLossYuan) {
      return level;
    }
  }
  return 4;
}

/** A 较大涉险 criterion (SAWS Order 21): reportable even when nobody died. */
export type MajorRiskCriterion = 'atRisk' | 'trappedOrMissing' | 'evacuated';

/** The lower bounds of the 较大涉险 criteria. */
export type MajorRiskThresholds = Record<MajorRiskCriterion, number>;

/** Default 较大涉险 bounds: ≥10 at risk, ≥3 trapped or missing, ≥500 evacuated. */
export const MAJOR_RISK_THRESHOLDS: Readonly<MajorRiskThresholds> = {
  atRisk: 10,
  trappedOrMissing: 3,
  evacuated: 500,
};

/** Each 较大涉险 criterion's name in Chinese and English. */
export const MAJOR_RISK_NAMES: Readonly<Record<MajorRiskCriterion, { zh: string; en: string }>> = {
  atRisk: { zh: '涉险10人以上', en: '10+ people at risk' },
  trappedOrMissing: { zh: '被困或下落不明3人以上', en: '3+ trapped or missing' },
  evacuated: { zh: '紧急疏散500人以上', en: '500+ evacuated' },
};

/** The 较大涉险 criteria that hold for these casualties, in a fixed order; empty when none does. */
export function majorRiskFlags(
  c: Pick<Casualties, 'missing' | 'trapped' | 'evacuated' | 'atRisk'>,
  thresholds: Readonly<MajorRiskThresholds> = MAJOR_RISK_THRESHOLDS,
): MajorRiskCriterion[] {
  const flags: MajorRiskCriterion[] = [];
  if ((c.atRisk ?? 0) >= thresholds.atRisk) flags.push('atRisk');
  // 「3人以上被困或者下落不明」 counts people who are trapped or missing, so the two are summed: 2 trapped and
  // 1 missing are 3 people in danger. The summed reading also never reports less than either separate reading.
  if (c.trapped + c.missing >= thresholds.trappedOrMissing) flags.push('trappedOrMissing');
  if (c.evacuated >= thresholds.evacuated) flags.push('evacuated');
  return flags;
}

/**
 * The incident with its level and 较大涉险 criteria decided under the county's policy: done once, by the
 * collector, so every screen and report shows the same answer.
 */
export function decideIncident(incident: IncidentFeed, policy: LevelPolicy): IncidentFeed {
  return {
    ...incident,
    level: incidentLevel(incident.casualties, incident.directLossYuan, policy),
    majorRisk: majorRiskFlags(incident.casualties),
  };
}
