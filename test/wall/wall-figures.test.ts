import { describe, expect } from 'vitest';
import { itInEveryRoom, pageText, sharedDemoCollector } from './wall-harness.js';

// Issue 20.2: every figure explains itself. The flood night at 02:01: 白鹭湖水库 at 54.62 m is "near design"
// (设计洪水位 55.00 is 0.38 m above), 0.24 m under its record; 汝河城关站 at 43.35 m is over 警戒 41.80 by 1.55 m.
const running = sharedDemoCollector();

const WORDS = {
  zh: {
    reservoir: /^!! 近设计 -0\.38m {2}白鹭湖水库 /,
    river: /^! 超警戒 \+1\.55m {2}汝河城关站 /,
    caption: /^!! 白鹭湖水库 近设计 {2}-0\.38m {2}54\.62\/汛限51\.50/,
    page: / (水情 )?第?1\/\d页$/,
  },
  en: {
    reservoir: /^!! NEAR DESIGN -0\.38 m {2}Bailuhu Shuiku /,
    river: /^! OVER WARNING \+1\.55 m {2}Ruhe Chengguan /,
    caption: /^!! Bailuhu Shuiku NEAR DESIGN {2}-0\.38 m {2}54\.62( m|\/FL 51\.50) /,
    page: / (Water page 1|p1)\/\d$/,
  },
} as const;

describe('each word with its own figure (issue 20.2)', () => {
  itInEveryRoom(
    "at $cols×$rows ($lang, TTY $isTty): 近设计 with design's figure, 超警戒 with 警戒's, a page counter that says so",
    running,
    async ({ wall }, c) => {
      const lines = pageText(wall, 'water').split('\n');
      const want = WORDS[c.lang];
      // The tiles: the word, then how far its own line is; the next line (the record) keeps its own distance.
      expect(lines.find((l) => want.reservoir.test(l))).toBeDefined();
      expect(lines.find((l) => want.river.test(l))).toBeDefined();
      // The worst-state caption: the word with its figure, then the line the big "54.62/51.50" is read against.
      expect(lines[1]).toMatch(want.caption);
      // The counter on the right counts pages, in words that say so.
      expect(lines[0]?.trimEnd()).toMatch(want.page);
    },
  );
});

describe("the gauges' legend (issue 20.2)", () => {
  itInEveryRoom(
    'at $cols×$rows ($lang, TTY $isTty): every mark under a gauge, none dropped, each spelled out',
    running,
    async ({ wall }, c) => {
      const lines = pageText(wall, 'water').split('\n');
      const gauges = lines.flatMap((l, i) => (/^\d+\.\d\d [█#]/.test(l) ? [i] : []));
      expect(gauges.length).toBe(5);
      // The reservoir's seven lines all named under its gauge, in order, though 历史 and 设计 are a cell apart.
      const marks = (i: number) => (lines[i + 1] ?? '').trim().split(/ +/);
      expect(marks(gauges[0] as number)).toEqual(
        c.lang === 'zh'
          ? ['汛限', '正常', '防高', '历史', '设计', '校核', '坝顶']
          : ['FL', 'NP', 'FH', 'HM', 'DF', 'CF', 'DC'],
      );
      const legend = lines.slice((gauges.at(-1) as number) + 2).join('\n');
      for (const i of gauges)
        for (const mark of marks(i)) expect(legend, mark).toMatch(new RegExp(`(^|   )${mark} \\S`, 'm'));
    },
  );
});
