import { describe, expect, it } from 'vitest';
import {
  pageText,
  sharedDemoCollector,
  startTestWall,
  until,
  untilLoaded,
  withLoadedWall,
} from './wall-harness.js';

const running = sharedDemoCollector();

/** What each page must show, in each language: titles and figures of the flood night at 02:01. */
const EXPECT = {
  zh: {
    header: [
      '汝川县 值班台',
      '02:01',
      '[实时]',
      '白鹭湖水库 近设计',
      '54.62/汛限51.50',
      '较大以上 1',
      '未确认告警',
    ],
    water: [
      '水情',
      '白鹭湖水库',
      '54.62 m',
      '近设计',
      '汝河城关站',
      '43.35 m',
      '超警戒',
      '警戒',
      '保证',
      '汛限',
    ],
    trend: ['水位过程', '白鹭湖水库 近7小时'],
    stock: [
      '物资',
      '县级应急物资仓库',
      '土工布',
      '2700/5000',
      '不足',
      '沙口镇 冲锋舟',
      '0/1',
      '缺货',
      '未盘点',
    ],
    incidents: ['事件', '全县转移 3045 人', 'III 较大 涉险', '王岗镇梁桥村', '死亡3 重伤1', '电话报市'],
    alerts: ['告警', '未确认 26', '严重 未确认', '已通知 陈晓燕'],
    acked: ['严重 已确认', '王磊 02:01 确认'],
    forces: ['救援力量', '在岗 616 人 · 出动 25 人', '湖滨镇'],
  },
  en: {
    header: [
      'Ruchuan Xian duty watch',
      '02:01',
      '[LIVE]',
      'Bailuhu Shuiku NEAR DESIGN',
      // "54.62/FL 51.50" where it fits, "54.62 m" at 80 columns (issue 20.2).
      '54.62',
      'serious 1',
      'unacked',
    ],
    water: [
      'Water',
      'Bailuhu Shuiku',
      '54.62 m',
      'NEAR DESIGN',
      'Ruhe Chengguan',
      '43.35 m',
      'OVER WARNING',
      'WL',
      'GL',
      'FL',
    ],
    trend: ['Levels 24h', 'Bailuhu Shuiku, last 7 h'],
    stock: [
      'Stock',
      'Xianji Yingji Wuzi Cangku',
      'Geotextile',
      '2700/5000',
      'LOW',
      'Shakou Zhen Assault boat',
      'EMPTY',
    ],
    incidents: ['Incidents', 'evac 3045', 'III at risk', 'production safety', '3 dead', 'phone to city'],
    alerts: ['Alerts', 'unacked 26', 'CRIT UNACKED', 'notified Chen Xiaoyan'],
    acked: ['CRIT ACKED', 'acked by Wang Lei 02:01'],
    forces: ['Forces', 'ready 616 - out 25', 'Hubin Zhen'],
  },
} as const;

const CASES = [
  {
    cols: 160,
    rows: 48,
    lang: 'zh',
    isTty: false,
    pages: ['water', 'stock', 'incidents', 'alerts', 'forces'],
  },
  {
    cols: 80,
    rows: 24,
    lang: 'zh',
    isTty: false,
    pages: ['water', 'trend', 'stock', 'incidents', 'alerts', 'forces'],
  },
  {
    cols: 160,
    rows: 48,
    lang: 'en',
    isTty: true,
    pages: ['water', 'stock', 'incidents', 'alerts', 'forces'],
  },
  { cols: 80, rows: 24, lang: 'en', isTty: true, pages: ['water', 'stock', 'incidents', 'alerts', 'forces'] },
] as const;

const CJK = /[\u3000-\u9fff\uff00-\uffef]/;
const BRAILLE = /[\u2800-\u28ff]/;

describe('the wall on a fake terminal, fed by the flood-night scenario', () => {
  for (const c of CASES) {
    const mode = c.isTty ? 'TTY mode, ASCII names' : 'Chinese names';
    it(`shows every page's title and figures at ${c.cols}×${c.rows} (${mode})`, async () => {
      await withLoadedWall(
        running.url,
        c.cols,
        c.rows,
        {
          lang: c.lang,
          isTty: c.isTty,
        },
        async ({ wall, terminal, warnings }) => {
          expect(wall.pages()).toEqual(c.pages);
          const expected = EXPECT[c.lang];
          for (const page of c.pages) {
            const text = pageText(wall, page);
            const lines = text.split('\n');
            expect(lines).toHaveLength(c.rows);
            // At 80 columns the county's name gives way to the duty officer's and leader's (issue 20.1).
            // (and on the Linux console at 160 the word "duty watch" gives way to the phone numbers).
            const header = expected.header
              .map((w) => (c.isTty ? w.replace(' duty watch', '') : w))
              .filter((w) => c.cols >= 160 || !/值班台|duty watch|^Ruchuan Xian$/.test(w));
            for (const want of [...header, ...expected[page]])
              expect(text, `${page}: ${want}`).toContain(want);
            // The big figures are drawn in block glyphs under the captions.
            expect(lines.slice(2, 5).join('')).toMatch(/[█▀▄]/);
            if (c.isTty) {
              expect(text, page).not.toMatch(CJK);
              expect(text, page).not.toMatch(BRAILLE);
            }
          }
          if (!c.isTty && c.cols === 160) {
            expect(pageText(wall, 'water')).toMatch(BRAILLE);
            // The reservoir is 3 m over 汛限 and past 正常 and 防高: 汛限 is still drawn and in the chart's key.
            expect(pageText(wall, 'water')).toMatch(/── 汛限 51\.50/);
          }
          // Unacknowledged alerts come first; on a tall wall the acknowledged one shows, with who and when.
          if (c.rows === 48)
            for (const want of expected.acked) expect(pageText(wall, 'alerts')).toContain(want);
          expect(terminal.bytes()).toBeGreaterThan(0);
          expect(warnings).toEqual([]);
        },
      );
    });
  }

  it('shows "too small" at 20×8 without throwing, and the grid again when grown back', async () => {
    const { wall, terminal, warnings } = startTestWall(running.url, 160, 48, { lang: 'zh', isTty: false });
    const errors: unknown[] = [];
    const onError = (error: unknown) => errors.push(error);
    process.on('uncaughtException', onError);
    try {
      await untilLoaded(wall);
      wall.redraw();
      terminal.resize(20, 8);
      await until(() => wall.layoutKind() === 'too-small', 2000, 'the too-small page');
      wall.redraw();
      const small = wall.screen.text();
      expect(small).toHaveLength(8);
      expect(small.join('\n')).toContain('TOO SMALL');
      expect(small.join('\n')).toContain('20x8 < 80x24');
      terminal.resize(80, 24);
      await until(() => wall.layoutKind() === 'grid', 2000, 'the grid');
      const back = pageText(wall, 'water');
      expect(back.split('\n')).toHaveLength(24);
      expect(back).toContain('白鹭湖水库');
      expect(back).toContain('水情');
      expect(errors).toEqual([]);
      // Nothing failed quietly either: no layout or redraw fault was caught and logged.
      expect(warnings).toEqual([]);
    } finally {
      process.off('uncaughtException', onError);
      await wall.stop();
    }
  });
});
