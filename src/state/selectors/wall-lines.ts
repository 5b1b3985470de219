import { formatLevel } from '../../domain/format.js';
import { characteristicLines, type LineKey } from '../../domain/station-lines.js';
import type { StationFeed } from '../../protocol/index.js';
import type { StationRow } from './stations.js';
import type { WallTone } from './wall-tone.js';
import type { WallLang } from './wall-words.js';

/** A characteristic line on a station's gauge or chart. */
export type WallLine = {
  key: LineKey;
  short: string;
  title: string;
  /** The line's full name, for the legend that explains the short marks. */
  name: string;
  level: number;
  tone: WallTone;
};

/** Full names of the lines, in the wall's two languages. */
const LINE_NAMES: Readonly<Record<LineKey, { zh: string; en: string }>> = {
  floodLimit: { zh: '汛限水位', en: 'flood limit' },
  normal: { zh: '正常蓄水位', en: 'normal pool' },
  floodHigh: { zh: '防洪高水位', en: 'flood control high' },
  designFlood: { zh: '设计洪水位', en: 'design flood' },
  checkFlood: { zh: '校核洪水位', en: 'check flood' },
  damCrest: { zh: '坝顶高程', en: 'dam crest' },
  historicalMax: { zh: '历史最高水位', en: 'historical max' },
  warning: { zh: '警戒水位', en: 'warning' },
  guarantee: { zh: '保证水位', en: 'guaranteed' },
};

const SHORT_LINES: Readonly<Record<LineKey, { zh: string; en: string; tone: WallTone }>> = {
  floodLimit: { zh: '汛限', en: 'FL', tone: 'warning' },
  normal: { zh: '正常', en: 'NP', tone: 'watch' },
  floodHigh: { zh: '防高', en: 'FH', tone: 'warning' },
  designFlood: { zh: '设计', en: 'DF', tone: 'danger' },
  checkFlood: { zh: '校核', en: 'CF', tone: 'danger' },
  damCrest: { zh: '坝顶', en: 'DC', tone: 'danger' },
  historicalMax: { zh: '历史', en: 'HM', tone: 'danger' },
  warning: { zh: '警戒', en: 'WL', tone: 'warning' },
  guarantee: { zh: '保证', en: 'GL', tone: 'danger' },
};

/** A line's short mark, as under the gauges (and explained by the legend beneath them). */
export function lineMark(key: LineKey, lang: WallLang): string {
  return SHORT_LINES[key][lang === 'zh' ? 'zh' : 'en'];
}

/** The domain's characteristic lines (every one but 死水位, today's 汛限 where it binds), named short for the gauge. */
export function wallLines(feed: StationFeed, row: StationRow, lang: WallLang): WallLine[] {
  return characteristicLines(feed, row.floodLimit?.level).map((line) => {
    const short = SHORT_LINES[line.key];
    const label = lang === 'zh' ? short.zh : short.en;
    return {
      key: line.key,
      short: label,
      title: `${label} ${formatLevel(line.level)}`,
      name: LINE_NAMES[line.key][lang === 'zh' ? 'zh' : 'en'],
      level: line.level,
      tone: short.tone,
    };
  });
}
