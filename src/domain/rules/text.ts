import type { Bilingual } from '../../protocol/index.js';
import { formatLevel } from '../format.js';
import { LINE_LABELS, type LineKey } from '../station-lines.js';

/** A configured place or thing with its Chinese and ASCII names. */
export type Named = { name: string; nameAscii: string };

// Short Chinese line names as the duty desk says them (超警戒, 超汛限), so titles fit an 80-column console.
const ZH_LINE: Readonly<Record<LineKey, string>> = {
  floodLimit: '汛限',
  normal: '正常蓄水位',
  floodHigh: '防洪高水位',
  designFlood: '设计洪水位',
  checkFlood: '校核洪水位',
  damCrest: '坝顶',
  historicalMax: '历史最高',
  warning: '警戒',
  guarantee: '保证',
};

// Below half a centimetre a level is "at" the line: the gauges read to the centimetre.
const AT_LINE_M = 0.005;

/** A title naming the place, how far the level is over (or under) a line, and the line itself. */
export function lineTitle(place: Named, key: LineKey, level: number, line: number): Bilingual {
  const zhLine = ZH_LINE[key];
  const enLine = key === 'damCrest' ? LINE_LABELS[key].en : `${LINE_LABELS[key].en} level`;
  const lineText = formatLevel(line);
  const diff = level - line;
  const by = formatLevel(Math.abs(diff));
  if (Math.abs(diff) < AT_LINE_M) {
    return {
      zh: `${place.name} 达到${zhLine}（${zhLine} ${lineText}）`,
      en: `${place.nameAscii} at ${enLine} (${lineText})`,
    };
  }
  if (diff > 0) {
    return {
      zh: `${place.name} 超${zhLine} ${by} m（${zhLine} ${lineText}）`,
      en: `${place.nameAscii} ${by} m over ${enLine} (${lineText})`,
    };
  }
  return {
    zh: `${place.name} 低于${zhLine} ${by} m（${zhLine} ${lineText}）`,
    en: `${place.nameAscii} ${by} m below ${enLine} (${lineText})`,
  };
}

/** Looks a configured entry up by code, falling back to the code itself for both names. */
export function namedOrCode<T extends Named & { code: string }>(list: readonly T[], code: string): Named {
  return list.find((entry) => entry.code === code) ?? { name: code, nameAscii: code };
}
