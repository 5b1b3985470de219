import { describe, expect, it } from 'vitest';
import { pageText, sharedDemoCollector, withLoadedWall } from './wall-harness.js';

// Issue 20.3: charts you can read, at the two sizes a command centre has. The flood night at 02:01: 白鹭湖水库 has
// risen through 汛限 51.50, 正常 52.60 and 防高 53.80 in the last seven hours and stands 0.24 m under its record.
const running = sharedDemoCollector();

/** The rows inside the box of the chart whose title starts with `title`, each cut to that chart's column. */
function chartBox(screen: string, title: string): string[] {
  const lines = screen.split('\n');
  const top = lines.findIndex((l) => l.includes(`┌─ ${title}`));
  if (top < 0) throw new Error(`no chart titled ${title}`);
  // Side by side, boxes read "│…││…│": the column is the box's place among the boxes on its top row.
  const column =
    (lines[top] ?? '').slice(0, (lines[top] ?? '').indexOf(`┌─ ${title}`) + 1).split('┌').length - 2;
  const rows: string[] = [];
  // Charts side by side are as tall as each other: every box on the row ends on the same line.
  for (const line of lines.slice(top + 1)) {
    if (line.includes('└')) break;
    rows.push(line.split('│').filter((cell) => cell !== '')[column] ?? '');
  }
  return rows;
}

const AXIS = /^(.{5}) ⡇/;

describe('the charts at 160×48 (issue 20.3)', () => {
  it.each(['zh', 'en'] as const)(
    '(%s) get at least six rows of plot, and the axis gives each line its level to the centimetre',
    async (lang) => {
      await withLoadedWall(running.url, 160, 48, { lang, isTty: false }, async ({ wall }) => {
        pageText(wall, 'water');
        expect(wall.pages()).toContain('trend');
        for (const page of ['water', 'trend'] as const) {
          const box = chartBox(pageText(wall, page), lang === 'zh' ? '白鹭湖水库' : 'Bailuhu Shuiku');
          const plot = box.filter((r) => AXIS.test(r));
          expect(plot.length, page).toBeGreaterThanOrEqual(page === 'trend' ? 8 : 6);
          const labels = plot.map((r) => AXIS.exec(r)?.[1]?.trim()).filter((l) => l !== '');
          // The lines crossed and the record above, at their own heights: never a whole metre written where the
          // rounded value does not belong.
          expect(labels, page).toEqual(['54.86', '53.80', '52.60', '51.50']);
        }
      });
    },
  );
});

const KEY = {
  zh: ['── 水位 54.62', '── 汛限 51.50', '── 正常 52.60', '── 防高 53.80', '── 历史 54.86'],
  en: ['level 54.62', 'flood limit', 'normal pool', 'flood control high', 'historical max'],
} as const;

describe('the key under every chart (issue 20.3)', () => {
  it.each([
    { cols: 80, rows: 24, lang: 'zh' },
    { cols: 80, rows: 24, lang: 'en' },
    { cols: 160, rows: 48, lang: 'zh' },
    { cols: 160, rows: 48, lang: 'en' },
  ] as const)(
    'at $cols×$rows ($lang) names the level and every line it crossed, under the time axis',
    async (c) => {
      await withLoadedWall(running.url, c.cols, c.rows, { lang: c.lang, isTty: false }, async ({ wall }) => {
        pageText(wall, 'water');
        const box = chartBox(pageText(wall, 'trend'), c.lang === 'zh' ? '白鹭湖水库' : 'Bailuhu Shuiku');
        const axis = box.findIndex((r) => /\d\d:\d\d {2}\d\d:\d\d/.test(r));
        expect(axis).toBeGreaterThan(0);
        const key = box[axis + 1] ?? '';
        for (const want of KEY[c.lang]) expect(key).toContain(want);
        // A river chart says which of its lines is which too.
        const river = chartBox(pageText(wall, 'trend'), c.lang === 'zh' ? '汝河城关站' : 'Ruhe Chengguan');
        expect(river.join('\n')).toMatch(
          c.lang === 'zh' ? /警戒 41\.80.*保证 43\.60/ : /warning 41\.80.*guaranteed 43\.60/,
        );
      });
    },
  );
});
