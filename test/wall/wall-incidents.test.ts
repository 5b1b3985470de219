import { describe, expect, it } from 'vitest';
import { wrapWords } from '../../src/wall/apply-lists.js';
import { pageText, sharedDemoCollector, withLoadedWall } from './wall-harness.js';

// Issue 20.1: the incidents table laid out by what must be read. The flood night's 较大 incident at 王岗镇 counts
// 3 dead, 1 seriously injured, 2 injured and 35 evacuated: at 160 columns that was cut to "3 dead, 1 seriously
// injured~" beside a title column three-quarters empty.
const running = sharedDemoCollector();

const CASUALTIES = {
  zh: '死亡3 重伤1 受伤2 转移35',
  en: '3 dead, 1 seriously injured, 2 injured, 35 evacuated',
} as const;

/** The row of the III incident and the rows its casualties run on to (nothing under the level and title). */
function seriousRows(text: string): string[] {
  const lines = text.split('\n');
  const at = lines.findIndex((l) => /│!! III /.test(l));
  if (at < 0) throw new Error('no III incident on the page');
  const rows = [lines[at] as string];
  for (const line of lines.slice(at + 1)) {
    if (!/^│ {30}/.test(line) || line.trim() === '│' || /^│ +│$/.test(line)) break;
    rows.push(line);
  }
  return rows;
}

describe('the incidents table (issue 20.1)', () => {
  it.each([
    { lang: 'zh', isTty: false },
    { lang: 'en', isTty: false },
    { lang: 'en', isTty: true },
    { lang: 'zh', isTty: true },
  ] as const)('at 160×48 ($lang, TTY $isTty) shows the casualties whole on one row', async (c) => {
    await withLoadedWall(running.url, 160, 48, { lang: c.lang, isTty: c.isTty }, async ({ wall }) => {
      const [row = ''] = seriousRows(pageText(wall, 'incidents'));
      expect(row).toContain(CASUALTIES[c.lang]);
      expect(row).not.toMatch(/~ /);
    });
  });

  it.each([
    { lang: 'zh', isTty: false },
    { lang: 'en', isTty: false },
    { lang: 'en', isTty: true },
  ] as const)(
    'at 80×24 ($lang, TTY $isTty) wraps the casualties under themselves rather than cut them',
    async (c) => {
      await withLoadedWall(running.url, 80, 24, { lang: c.lang, isTty: c.isTty }, async ({ wall }) => {
        const rows = seriousRows(pageText(wall, 'incidents'));
        const words = CASUALTIES[c.lang].split(/,? /);
        const text = rows.join('\n');
        for (const word of words) expect(text).toContain(word);
        if (c.lang === 'en') {
          // One column: the casualties read down it, whole.
          const header = pageText(wall, 'incidents')
            .split('\n')
            .find((l) => l.includes('Casualties')) as string;
          const from = header.indexOf('Casualties');
          const to = header.indexOf('Next report due');
          const column = rows.map((r) => r.slice(from, to).trim()).join(' ');
          expect(column).toBe(CASUALTIES.en);
        }
        // The other incidents are still on the page.
        expect(text.split('\n').length).toBeGreaterThan(1);
        expect(pageText(wall, 'incidents')).toMatch(c.lang === 'zh' ? /转移2150/ : /2150 evacuated/);
      });
    },
  );
});

describe('wrapWords', () => {
  it('keeps phrases whole where they fit and breaks a longer one at its spaces', () => {
    expect(wrapWords(CASUALTIES.en, 16)).toEqual([
      '3 dead,',
      '1 seriously',
      'injured,',
      '2 injured,',
      '35 evacuated',
    ]);
    expect(wrapWords(CASUALTIES.zh, 17)).toEqual(['死亡3 重伤1 受伤2', '转移35']);
    expect(wrapWords(CASUALTIES.zh, 16)).toEqual(['死亡3 重伤1', '受伤2 转移35']);
    expect(wrapWords('2150 evacuated', 16)).toEqual(['2150 evacuated']);
  });
});
