import { describe, expect, it } from 'vitest';
import { groupAlerts } from '../../src/state/selectors/wall-alerts.js';
import { dataAge } from '../../src/state/selectors/wall-header.js';
import { WALL_WORDS } from '../../src/state/selectors/wall-words.js';
import { startCollector } from '../helpers/start-collector.js';
import {
  itInEveryRoom,
  pageText,
  ROOM_CASES,
  SCENARIO_END,
  sharedDemoCollector,
  startTestWall,
  until,
  withLoadedWall,
} from './wall-harness.js';

// Issue 20: the wall read from across the room, at the two sizes a command centre has, in both languages and on
// the Linux console. The flood night's clock stands at 02:01, a minute after the last reading.
const running = sharedDemoCollector();

const WANT = {
  zh: { officer: /值班 陈晓燕/, leader: /带班 吴海涛/, link: /链路 ?\d+s/, data: /数据 ?1m/ },
  en: {
    officer: /(duty|officer) Chen Xiaoyan/,
    leader: /lead(er)? Wu Haitao/,
    link: /link \d+s/,
    data: /data 1m/,
  },
} as const;

describe('the header line, read whole (issue 20.1, 20.5)', () => {
  itInEveryRoom(
    'at $cols×$rows ($lang, TTY $isTty) names the officer and the leader, and the link and data ages apart',
    running,
    async ({ wall }, c) => {
      for (const page of wall.pages()) {
        const header = (pageText(wall, page).split('\n')[0] ?? '').trimEnd();
        const want = WANT[c.lang];
        expect(header, page).toMatch(want.officer);
        expect(header, page).toMatch(want.leader);
        expect(header, page).toMatch(want.link);
        expect(header, page).toMatch(want.data);
        // Nothing on it is cut: pieces are shortened or left out whole.
        expect(header, page).not.toContain('~');
      }
    },
  );
});

describe('the refused banner (issue 20.5)', () => {
  it.each(ROOM_CASES)("at $cols×$rows ($lang, TTY $isTty) is whole and in the wall's language", async (c) => {
    const bare = await startCollector();
    const { wall } = startTestWall(bare.url, c.cols, c.rows, {
      lang: c.lang,
      isTty: c.isTty,
      token: 'not-a-token',
      redrawMs: 100,
    });
    try {
      const screen = () => wall.screen.text().join('\n');
      const words =
        c.lang === 'zh'
          ? '采集服务器拒绝了本屏的令牌（HTTP 401）'
          : "the collector refused this wall's token (HTTP 401)";
      await until(() => screen().includes(words), 5_000, 'the banner');
      const line = wall.screen.text().find((l) => l.includes(words)) ?? '';
      expect(line).toContain(c.lang === 'zh' ? '每分钟重试' : 'retrying every minute');
      expect(line).not.toContain('~');
      // The collector's English reason is not mixed into a Chinese wall.
      if (c.lang === 'zh') expect(line).not.toMatch(/token is required|Bearer/);
      else if (c.cols >= 160) expect(line).toContain('a valid token is required');
    } finally {
      await wall.stop();
      await bare.stop();
    }
  });
});

describe('dataAge', () => {
  const t = WALL_WORDS.zh;
  it("is the age of the newest reading, not the link's", () => {
    expect(
      dataAge(
        [
          { ageMs: 3_600_000, stale: true },
          { ageMs: 120_000, stale: false },
        ],
        t,
      ),
    ).toEqual({ text: '数据 2m前', short: '数据2m', isStale: false });
  });

  it('is stale when every station is, however fresh the link', () => {
    expect(
      dataAge(
        [
          { ageMs: 3_600_000, stale: true },
          { ageMs: 3_900_000, stale: true },
        ],
        WALL_WORDS.en,
      ),
    ).toEqual({ text: 'data 1h00m old', short: 'data 1h00m', isStale: true });
  });

  it('says there are no readings rather than an age', () => {
    expect(dataAge([{ ageMs: undefined, stale: true }], t)).toEqual({
      text: '数据 无',
      short: '数据 无',
      isStale: true,
    });
  });
});

// A station's first line: the level with its arrow ("54.62 m ↑", "43.35 m ^").
const TILE_HEAD = /\d+\.\d\d m [↑↓→^v=]/;
const TO_LINE = {
  zh: /距\S+ \d+\.\d\dm( 约\d+(h\d+)?m)?/,
  en: /\d+\.\d\d m to [A-Za-z ]+(, ~\d+(h\d+)?m)?/,
} as const;

describe('the water page (issue 20.1, 20.2, 20.4)', () => {
  itInEveryRoom(
    'at $cols×$rows ($lang, TTY $isTty): arrows, clock times, whole distances, a legend',
    running,
    async ({ wall }, c) => {
      const lines = pageText(wall, 'water').split('\n');
      const heads = lines.filter((l) => TILE_HEAD.test(l));
      expect(heads.length).toBeGreaterThanOrEqual(4);
      for (const head of heads) {
        // The last reading's clock time (02:00), and the distance and time to the next line, never cut.
        expect(head).toMatch(/ 02:00/);
        expect(head).toMatch(TO_LINE[c.lang]);
        expect(head.split('┌')[0]?.trimEnd()).not.toMatch(/~$/);
      }
      // Rising stations say so with an arrow, one falling with its own.
      expect(heads.some((h) => /m [↑^]/.test(h))).toBe(true);
      expect(heads.some((h) => /m [↓v]/.test(h))).toBe(true);
      const text = lines.join('\n');
      // The gauges' marks are spelled out under the tiles, at every size (at 160 columns too since the charts
      // moved under the tiles, issue 20.3).
      for (const want of c.lang === 'zh'
        ? ['警戒 警戒水位', '保证 保证水位', '汛限 汛限水位']
        : ['WL warning', 'GL guaranteed', 'FL flood limit'])
        expect(text).toContain(want);
      if (!c.isTty && c.cols >= 160) {
        // Under each chart, its key names the level and each line.
        expect(text).toMatch(c.lang === 'zh' ? /── 水位 54\.62 +── / : /─ ?level 54\.62 +─/);
      }
    },
  );
});

describe('the alerts page (issue 20.1)', () => {
  itInEveryRoom(
    'at $cols×$rows ($lang, TTY $isTty): "+N" for what does not fit, and alerts that differ look different',
    running,
    async ({ wall }, c) => {
      const lines = pageText(wall, 'alerts').split('\n');
      const rows = lines.filter((l) => /│\d\d:\d\d /.test(l));
      const more = lines.map((l) => /│\+(\d+) (另有 \d+ 条未显示|more not shown)/.exec(l)).find((m) => m);
      // The flood night leaves 28 alerts open (26 unacknowledged, 2 acknowledged). Rules passes that ran mid-replay
      // on a loaded machine may also have opened and closed some; those are listed (and counted) as closed.
      const groups = groupAlerts(wall.store.getState().alerts.values(), SCENARIO_END);
      expect(groups.triggered.length + groups.acked.length).toBe(28);
      expect(rows.length + Number(more?.[1] ?? 0)).toBe(groups.visible.length);
      if (c.rows === 24) expect(more).toBeDefined();
      // Two alerts about one incident never read the same, however narrow the column.
      expect(new Set(rows.map((r) => r.slice(6))).size).toBe(rows.length);
    },
  );
});

describe('what the operator asked for (issue 20.4)', () => {
  itInEveryRoom(
    'at $cols×$rows ($lang, TTY $isTty): county evacuated and trapped totals on the incidents page',
    running,
    async ({ wall }, c) => {
      const incidents = [...wall.store.getState().incidents.values()].filter((i) => i.status === 'open');
      const sum = (key: 'evacuated' | 'trapped') =>
        incidents.reduce((n, i) => n + (i.casualties[key] ?? 0), 0);
      const want =
        c.lang === 'zh'
          ? `全县转移 ${sum('evacuated')} 人 · 被困 ${sum('trapped')} 人`
          : `evac ${sum('evacuated')} · trapped ${sum('trapped')}`;
      expect(pageText(wall, 'incidents').split('\n').slice(0, 12).join('\n')).toContain(want);
    },
  );

  it('names the duty officer and leader with their phones, and the handover time, on a wide Chinese wall', async () => {
    await withLoadedWall(running.url, 160, 48, { lang: 'zh', isTty: false }, async ({ wall }) => {
      const header = pageText(wall, 'water').split('\n')[0] ?? '';
      expect(header).toMatch(/值班 陈晓燕 1\d{10} {2}带班 吴海涛 1\d{10} {2}交班 \d\d:\d\d/);
    });
  });

  // The flood night's gauges report rain every 5–10 minutes from 20:00; the reservoir's last hour (01:05–02:00) and
  // its night are summed from its own readings (the day is not held yet, so "since 20:00", not "24h").
  it.each([
    {
      cols: 160,
      rows: 48,
      lang: 'zh',
      isTty: false,
      want: ['雨量 1h 7.3 · 20:00起 200.0mm', '雨量 1h 4.8 · 20:00起 144.8mm'],
    },
    {
      cols: 160,
      rows: 48,
      lang: 'en',
      isTty: true,
      want: ['rain 1h 6.0, since 20:00 163.2 mm', 'rain 7.3/200.0 mm'],
    },
    { cols: 80, rows: 24, lang: 'zh', isTty: false, want: ['雨 4.8/144.8mm', '雨 6.1/181.2mm'] },
  ] as const)('shows each station’s rain on the water page at $cols×$rows ($lang, TTY $isTty)', async (c) => {
    await withLoadedWall(running.url, c.cols, c.rows, { lang: c.lang, isTty: c.isTty }, async ({ wall }) => {
      const water = pageText(wall, 'water');
      for (const want of c.want) expect(water).toContain(want);
    });
  });
});
