import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../server/config-file.js';
import { DEMO_CONFIG } from '../../src/cli/demo.js';
import { pageText, sharedDemoCollector, withLoadedWall } from './wall-harness.js';

const running = sharedDemoCollector();

// At the end of the flood night every team has called in (strength less 0–2 each, by its place in the config)
// and only the county team is still out, 25 at the dam.
const teams = loadConfigFile(DEMO_CONFIG).forces.teams;
const OUT = 25;
const ON_HAND = teams.reduce((sum, t, i) => sum + t.strength - (i % 3), 0) - OUT;

describe('the wall header names the rescue forces', () => {
  it.each([
    // On the big line where it fits whole (the big figure is the people out); at 80 columns, on the row below it
    // (issue 17.5).
    [160, 48, 'zh', `救援力量 在岗 ${ON_HAND} · 出动 ${OUT}`],
    [160, 48, 'en', `forces ${ON_HAND} on hand · ${OUT} out`],
    [80, 24, 'zh', `救援力量 在岗 ${ON_HAND} · 出动 ${OUT}`],
    [80, 24, 'en', `forces ${ON_HAND} on hand · ${OUT} out`],
  ] as const)('at %i×%i (%s) shows "%s"', async (cols, rows, lang, want) => {
    await withLoadedWall(running.url, cols, rows, { lang, isTty: lang === 'en' }, async ({ wall }) => {
      // On every page, in the six rows above the page's own content.
      for (const page of wall.pages()) {
        const text = pageText(wall, page);
        if (process.env['DUTYWATCH_DUMP_SCREEN']) console.info(text);
        expect(text.split('\n').slice(0, 6).join('\n'), page).toContain(want);
      }
    });
  });

  it.each([
    [80, 24, 'zh', ['救援力量', `在岗 ${ON_HAND} 人 · 出动 ${OUT} 人`, '乡镇', '汝川县', '湖滨镇', '专长']],
    [80, 24, 'en', ['Forces', `ready ${ON_HAND} - out ${OUT}`, 'Township', 'Ruchuan Xian', 'Hubin Zhen']],
    [160, 48, 'zh', ['救援力量', '汝川县', '杨楼乡', '防汛抢险', '水域救援']],
    [160, 48, 'en', ['Forces', 'Ruchuan Xian', 'Yanglou Xiang', 'flood', 'water']],
  ] as const)('shows a page of forces by township at %i×%i (%s)', async (cols, rows, lang, wants) => {
    await withLoadedWall(running.url, cols, rows, { lang, isTty: lang === 'en' }, async ({ wall }) => {
      expect(wall.pages()).toContain('forces');
      const text = pageText(wall, 'forces');
      if (process.env['DUTYWATCH_DUMP_SCREEN']) console.info(text);
      expect(text.split('\n')).toHaveLength(rows);
      for (const want of wants) expect(text, want).toContain(want);
    });
  });
});
