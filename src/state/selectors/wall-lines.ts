import { formatLevel } from '../../domain/format.js';
import { characteristicLines, type LineKey } from '../../domain/station-lines.js';
import type { StationFeed } from '../../protocol/index.js';
import type { StationRow } from './stations.js';
import type { WallTone } from './wall-tone.js';
import type { WallLang } from './wall-words.js';

/** A characteristic line on a station's gauge or chart. */
export type WallLine = { short: string; title: string; level: number; tone: WallTone };

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

/** The domain's characteristic lines (every one but 死水位, today's 汛限 where it binds), named short for the gauge. */
export function wallLines(feed: StationFeed, row: StationRow, lang: WallLang): WallLine[] {
  return characteristicLines(feed, row.floodLimit?.level).map((line) => {
    const short = SHORT_LINES[line.key];
    const label = lang === 'zh' ? short.zh : short.en;
    return {
      short: label,
      title: `${label} ${formatLevel(line.level)}`,
      level: line.level,
      tone: short.tone,
    };
  });
}
