import type { RungTarget } from '../protocol/index.js';
import type { LineKey } from './station-lines.js';

/**
 * The words dutywatch says the domain's things with, keyed by the domain's own types, so a screen, a report
 * and a rule cannot name the same line or rung two ways (issue 18). Incident level names live with the level
 * rule itself (`LEVEL_NAMES` in incident-level.ts).
 */

/** The two languages every screen, report and message is written in. */
export type Lang = 'zh' | 'en';

/** A phrase in each language. */
export type Words = Readonly<Record<Lang, string>>;

/** Who a rung reaches, by duty role, as the duty desk says it; `enReport` in a written report's prose. */
export const RUNG_NAMES: Readonly<Record<RungTarget, Words & { enReport: string }>> = {
  officer: { zh: '值班员', en: 'officer', enReport: 'duty officer' },
  leader: { zh: '带班领导', en: 'leader', enReport: 'leader on duty' },
  chief: { zh: '局长', en: 'chief', enReport: 'bureau chief' },
  government: { zh: '县政府总值班室', en: 'county office', enReport: 'county government duty office' },
};

/** Every rung's name in one form, for tables keyed by rung. */
export function rungNames(form: 'zh' | 'en' | 'enReport'): Readonly<Record<RungTarget, string>> {
  return Object.fromEntries(Object.entries(RUNG_NAMES).map(([rung, n]) => [rung, n[form]])) as Record<
    RungTarget,
    string
  >;
}

/**
 * A characteristic line's names: in full (reports, details), as the duty desk says it in a title (超警戒, 超汛限,
 * short enough for an 80-column console), and in the water panel's 14-column "to next line" cell, whose English
 * must not be a bare status word ("normal" beside a flood colour read as "all is well").
 */
export type LineNames = { zh: string; en: string; zhTitle: string; zhColumn: string; enColumn: string };

/** Every characteristic line's names. */
export const LINE_NAMES: Readonly<Record<LineKey, LineNames>> = {
  floodLimit: {
    zh: '汛限水位',
    en: 'flood limit level',
    zhTitle: '汛限',
    zhColumn: '汛限',
    enColumn: 'limit',
  },
  normal: {
    zh: '正常蓄水位',
    en: 'normal pool level',
    zhTitle: '正常蓄水位',
    zhColumn: '正常蓄水',
    enColumn: 'norm.pool',
  },
  floodHigh: {
    zh: '防洪高水位',
    en: 'flood control high level',
    zhTitle: '防洪高水位',
    zhColumn: '防洪高',
    enColumn: 'flood high',
  },
  designFlood: {
    zh: '设计洪水位',
    en: 'design flood level',
    zhTitle: '设计洪水位',
    zhColumn: '设计洪水',
    enColumn: 'design',
  },
  checkFlood: {
    zh: '校核洪水位',
    en: 'check flood level',
    zhTitle: '校核洪水位',
    zhColumn: '校核洪水',
    enColumn: 'check',
  },
  damCrest: { zh: '坝顶高程', en: 'dam crest', zhTitle: '坝顶', zhColumn: '坝顶', enColumn: 'crest' },
  historicalMax: {
    zh: '历史最高水位',
    en: 'historical max level',
    zhTitle: '历史最高',
    zhColumn: '历史最高',
    enColumn: 'record',
  },
  warning: { zh: '警戒水位', en: 'warning level', zhTitle: '警戒', zhColumn: '警戒', enColumn: 'warning' },
  guarantee: {
    zh: '保证水位',
    en: 'guaranteed level',
    zhTitle: '保证',
    zhColumn: '保证',
    enColumn: 'guarantee',
  },
};

/** The water panel's short line names in one language (`LINE_NAMES[key].zhColumn` / `.enColumn`). */
export function lineColumnNames(lang: Lang): Readonly<Record<LineKey, string>> {
  const pick = (n: LineNames) => (lang === 'zh' ? n.zhColumn : n.enColumn);
  return Object.fromEntries(Object.entries(LINE_NAMES).map(([key, n]) => [key, pick(n)])) as Record<
    LineKey,
    string
  >;
}
