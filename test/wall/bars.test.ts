import { describe, expect, it } from 'vitest';
import type { WallLine } from '../../src/state/selectors/wall-lines.js';
import { ASCII_BARS, levelGauge, placeLabels } from '../../src/wall/bars.js';
import { paletteFor } from '../../src/wall/terminal-mode.js';

const untagged = (text: string) => text.replace(/\{\/?[\w\-,;!#]*\}/g, '');

// 白鹭湖水库's lines, lowest first: 历史 54.86 and 设计 55.00 fall a cell apart on any gauge a tile has room for.
const RESERVOIR: [WallLine['key'], string, string, number][] = [
  ['floodLimit', '汛限', 'FL', 51.5],
  ['normal', '正常', 'NP', 52.6],
  ['floodHigh', '防高', 'FH', 53.8],
  ['historicalMax', '历史', 'HM', 54.86],
  ['designFlood', '设计', 'DF', 55],
  ['checkFlood', '校核', 'CF', 56.3],
  ['damCrest', '坝顶', 'DC', 57.6],
];

function lines(lang: 'zh' | 'en'): WallLine[] {
  return RESERVOIR.map(([key, zh, en, level]) => ({
    key,
    short: lang === 'zh' ? zh : en,
    title: '',
    name: '',
    level,
    tone: 'warning',
  }));
}

function marksRow(lang: 'zh' | 'en', width: number): string {
  const gauge = { low: 48.5, high: 57.6, level: 54.62 };
  const [, marks] = levelGauge(gauge, lines(lang), width, 'danger', paletteFor(8, true), ASCII_BARS);
  return untagged(marks);
}

describe('levelGauge (issue 20.2)', () => {
  it('names every line under the gauge, in order, where two marks all but collide', () => {
    // 53 cells: the tile beside a chart at 160 columns, where 设计 and 坝顶 used to vanish.
    for (const lang of ['zh', 'en'] as const) {
      const row = marksRow(lang, 53);
      const names = row.trim().split(/ +/);
      expect(names, lang).toEqual(RESERVOIR.map(([, zh, en]) => (lang === 'zh' ? zh : en)));
    }
  });

  it('says how many it leaves out when the row cannot hold them all', () => {
    const row = marksRow('zh', 24);
    const shown = row.trim().split(/ +/);
    const more = shown.pop();
    expect(more).toMatch(/^\+\d$/);
    expect(shown.length + Number(more?.slice(1))).toBe(RESERVOIR.length);
  });
});

describe('placeLabels', () => {
  it('leaves a label under its mark when nothing is in the way', () => {
    expect(
      placeLabels(
        [
          { x: 2, w: 2 },
          { x: 10, w: 2 },
        ],
        20,
      ),
    ).toEqual({ at: [2, 10], hidden: 0 });
  });

  it('lays labels side by side, in order, when their marks are a cell apart', () => {
    const { at, hidden } = placeLabels(
      [
        { x: 10, w: 4 },
        { x: 11, w: 4 },
        { x: 16, w: 4 },
        { x: 19, w: 4 },
      ],
      24,
    );
    expect(hidden).toBe(0);
    for (let i = 1; i < at.length; i += 1) expect(at[i] as number).toBeGreaterThan((at[i - 1] as number) + 4);
    expect((at.at(-1) as number) + 4).toBeLessThanOrEqual(24);
  });
});
