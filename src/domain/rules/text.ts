import type { Bilingual } from '../../protocol/index.js';
import { formatLevel } from '../format.js';
import type { LineKey } from '../station-lines.js';
import { LINE_NAMES } from '../vocabulary.js';

/** A configured place or thing with its Chinese and ASCII names. */
export type Named = { name: string; nameAscii: string };

// Below half a centimetre a level is "at" the line: the gauges read to the centimetre.
const AT_LINE_M = 0.005;

/** A title naming the place, how far the level is over (or under) a line, and the line itself. */
export function lineTitle(place: Named, key: LineKey, level: number, line: number): Bilingual {
  const zhLine = LINE_NAMES[key].zhTitle;
  const enLine = LINE_NAMES[key].en;
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
