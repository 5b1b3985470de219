import stringWidth from 'string-width';
import { afterEach, describe, expect, it } from 'vitest';
import { type TeamFeed, teamSchema } from '../../src/protocol/index.js';
import { dispatchFeed, NIGHT } from '../state/feed-fixtures.js';
import { busySnapshot, liveState } from './console-fixtures.js';
import { KEYS, renderApp, settle } from './render-app.js';

const MIN = 60_000;

/** A team of the test county with its roll call and dispatches. */
function team(over: Partial<TeamFeed> & { code: string }): TeamFeed {
  const { available, posture, reportedAt, dispatches, ...rest } = over;
  const config = teamSchema.parse({
    name: '城关镇应急救援队',
    nameAscii: 'Chengguan Rescue Team',
    level: 'township',
    township: 'T1',
    specialties: ['flood-fighting', 'water-rescue'],
    strength: 24,
    minimumAvailable: 10,
    leader: { name: '王建军', phone: '0375-5550101' },
    ...rest,
  });
  return {
    ...config,
    available: available ?? 14,
    posture: posture ?? 'standby',
    reportedAt: reportedAt ?? NIGHT - 2 * 60 * MIN,
    dispatches: dispatches ?? [],
  };
}

const TEAMS: TeamFeed[] = [
  team({
    code: 'TEAM-C',
    name: '测试县应急救援队',
    nameAscii: 'County Rescue Team',
    level: 'county',
    strength: 105,
    available: 75,
    dispatches: [dispatchFeed({ arrivedAt: NIGHT - 5 * MIN })],
  }),
  team({ code: 'TEAM-T1' }),
  // No roll call for two days: stale, never counted as available.
  team({
    code: 'TEAM-T2',
    name: '河口镇应急救援队',
    nameAscii: 'Hekou Rescue Team',
    township: 'T2',
    reportedAt: NIGHT - 48 * 60 * MIN,
  }),
];

let app: ReturnType<typeof renderApp> | undefined;
afterEach(() => app?.unmount());

describe('the forces page (key f)', () => {
  it.each([
    [
      80,
      24,
      'zh',
      ['救援力量  在岗 89 · 出动 30 · 1 队未点名', '按乡镇', '出动中', '→ INC-1  30  01:20', '已到达'],
    ],
    [
      80,
      24,
      'en',
      ['Rescue forces  on hand 89 - out 30 - 1 teams stale', 'By township', 'Out now', 'on scene'],
    ],
    [
      160,
      48,
      'zh',
      ['救援力量  在岗 89 · 出动 30', '城关镇', '河口镇', '水域救援', '王建军 0375-5550101', '不明'],
    ],
    [
      160,
      48,
      'en',
      ['Rescue forces  on hand 89 - out 30', 'Chengguan', 'Hekou', 'water', 'County Rescue Team'],
    ],
  ] as const)('shows teams by township at %i×%i (%s)', async (columns, rows, lang, wants) => {
    const state = liveState(
      busySnapshot({ teams: TEAMS, forces: { unsentAfterMinutes: 30, staleAfterHours: 24 } }),
    );
    app = renderApp({ state, lang, size: { columns, rows } });
    await settle();
    await app.press('f');
    const frame = app.frame();
    if (process.env['DUTYWATCH_DUMP_SCREEN']) console.info(frame);
    for (const want of wants) expect(frame, want).toContain(want);
    const lines = frame.split('\n');
    expect(lines.length).toBeLessThanOrEqual(rows - 1);
    for (const line of lines) expect(stringWidth(line), line).toBeLessThanOrEqual(columns);
    // Esc goes back to the panels.
    await app.press('\u001B');
    expect(app.frame()).not.toContain(lang === 'zh' ? '按乡镇' : 'By township');
  });

  it('lists the teams sent in the details of an incident', async () => {
    const state = liveState(
      busySnapshot({ teams: TEAMS, forces: { unsentAfterMinutes: 30, staleAfterHours: 24 } }),
    );
    app = renderApp({ state, lang: 'zh', size: { columns: 100, rows: 40 } });
    await settle();
    // Tab moves to the incidents panel (as the note and report keys use it), Enter opens its details.
    await app.press(KEYS.tab, KEYS.enter);
    expect(app.frame()).toContain('救援队伍');
    expect(app.frame()).toContain('测试县应急救援队 30 人 · 01:20 出发 · 01:55 到达');
  });

  it('records a dispatch reported by phone in two steps: fields, then y on a line that names it', async () => {
    const state = liveState(
      busySnapshot({ teams: TEAMS, forces: { unsentAfterMinutes: 30, staleAfterHours: 24 } }),
    );
    app = renderApp({ state, lang: 'zh', size: { columns: 100, rows: 40 } });
    await settle();
    await app.press(KEYS.tab, 'd');
    expect(app.frame()).toContain('记录队伍出动/到达/归队 — INC-1');
    // Out; the first team offered (the county team, already out on INC-1); 12 people; now.
    await app.press(KEYS.enter, KEYS.enter, '12', KEYS.enter, KEYS.enter);
    expect(app.frame()).toContain('记录（电话报告）：测试县应急救援队 (75) 出动 12 人 — INC-1');
    expect(app.sent).toEqual([]);
    app.advance(1000);
    await app.press('y');
    expect(app.sent).toEqual([
      {
        type: 'team.record',
        id: 't-1',
        event: 'dispatch',
        team: 'TEAM-C',
        incident: 'INC-1',
        headcount: 12,
        // "now" is fixed when the confirm line is reached, as for every dialog (issue 12.6): what is stored is
        // the time the officer was shown, not the moment the key landed.
        at: new Date(NIGHT).toISOString(),
      },
    ]);
  });
});
