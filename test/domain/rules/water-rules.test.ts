// One file on purpose (over 250 lines): the water rules (river lines, reservoir lines, the seasonal ceiling,
// the rise rule) on the demo county's stations.
import { describe, expect, it } from 'vitest';
import type { Condition } from '../../../src/domain/rules/condition.js';
import { evaluateConditions } from '../../../src/domain/rules/evaluate.js';
import type { ReadingPoint } from '../../../src/protocol/index.js';
import { byKey, HOUR, MIN, NOW, rising, ruleInput, steady } from './rules-fixtures.js';

const RIVER = 'ST-RH-02'; // 汝河城关站: 警戒 41.80, 保证 43.60, historical max 44.32
const LAKE = 'ST-RES-01'; // 白鹭湖水库: 汛限 51.50 (06-01..07-31) / 52.20 (08-01..09-30), 设计 55.00, 校核 56.30

function evaluate(
  code: string,
  history: ReadingPoint[],
  now = NOW,
  open: string[] = [],
): Map<string, Condition> {
  const input = ruleInput({ histories: new Map([[code, history]]), openAlertKeys: new Set(open) });
  return byKey(
    evaluateConditions(input, now).filter((c) => c.subject.code === code && c.class !== 'station.stale'),
  );
}

const statuses = (conditions: Map<string, Condition>) =>
  Object.fromEntries([...conditions.values()].map((c) => [c.class, c.status]));

describe('river level rules', () => {
  const cases: [string, number, Record<string, string>][] = [
    ['raise nothing below the blue band', 41.49, {}],
    ['turn blue at warning − approachMargin', 41.5, { 'water.blue': 'set' }],
    ['stay blue 1 cm below 警戒', 41.79, { 'water.blue': 'set' }],
    ['set the warning exactly at 警戒', 41.8, { 'water.blue': 'set', 'water.warning': 'set' }],
    ['stay below guarantee 1 cm below 保证', 43.59, { 'water.blue': 'set', 'water.warning': 'set' }],
    [
      'set the guarantee exactly at 保证',
      43.6,
      { 'water.blue': 'set', 'water.warning': 'set', 'water.guarantee': 'set' },
    ],
    [
      'set the record at the historical maximum',
      44.32,
      { 'water.blue': 'set', 'water.warning': 'set', 'water.guarantee': 'set', 'water.record': 'set' },
    ],
  ];
  it.each(cases)('%s', (_name, level, expected) => {
    expect(statuses(evaluate(RIVER, steady(level)))).toEqual(expected);
  });

  it('ranks blue 1 < warning 2 < guarantee 3 < record 4 in the station group', () => {
    const found = evaluate(RIVER, steady(44.5));
    const ranks = ['blue', 'warning', 'guarantee', 'record'].map(
      (c) => found.get(`water.${c}:${RIVER}`)?.inhibit,
    );
    expect(ranks).toEqual([1, 2, 3, 4].map((rank) => ({ group: `water:${RIVER}`, rank })));
  });

  it('names the station, the excess and the line in both languages', () => {
    const warning = evaluate(RIVER, steady(41.85)).get(`water.warning:${RIVER}`);
    expect(warning).toMatchObject({
      severity: 'warning',
      subject: { kind: 'station', code: RIVER },
      value: 41.85,
      autoClose: true,
      title: {
        zh: '汝河城关站 超警戒 0.05 m（警戒 41.80）',
        en: 'Ruhe Chengguan 0.05 m over warning level (41.80)',
      },
    });
    expect(warning?.action.zh).toContain('巡堤');
  });

  const band: [string, number, boolean, string | undefined][] = [
    ['holds an open warning 1 cm below the line', 41.79, true, 'hold'],
    ['holds an open warning at line − clearMargin', 41.75, true, 'hold'],
    ['clears an open warning below line − clearMargin', 41.74, true, undefined],
    ['opens nothing 1 cm below the line when no alert is open', 41.79, false, undefined],
  ];
  it.each(band)('%s', (_name, level, isOpen, expected) => {
    const key = `water.warning:${RIVER}`;
    const found = evaluate(RIVER, steady(level), NOW, isOpen ? [key] : []);
    expect(found.get(key)?.status).toBe(expected);
  });

  it('judges the latest reading without a sensor fault', () => {
    const history = [...steady(41.9, NOW - 5 * MIN), { at: NOW, level: 0, sensorFault: true }];
    const key = `water.warning:${RIVER}`;
    // The fault makes the station untrusted: the open alert holds on the last good level, nothing new opens.
    expect(evaluate(RIVER, history, NOW, [key]).get(key)).toMatchObject({ status: 'hold', value: 41.9 });
    expect(evaluate(RIVER, history, NOW).get(key)).toBeUndefined();
  });

  it('keeps the open alerts of a stale station on its last level but opens no new ones', () => {
    const history = steady(43.7, NOW - 45 * MIN);
    const open = [`water.warning:${RIVER}`];
    expect(statuses(evaluate(RIVER, history, NOW, open))).toEqual({ 'water.warning': 'hold' });
    expect(statuses(evaluate(RIVER, history, NOW))).toEqual({});
  });
});

describe('reservoir level rules', () => {
  const overLimit = `reservoir.over_limit:${LAKE}`;
  const JULY_31 = Date.parse('2026-07-31T23:50+08:00');
  const AUGUST_1 = Date.parse('2026-08-01T00:10+08:00');
  const NOVEMBER = Date.parse('2026-11-20T02:00+08:00');
  const cases: [string, number, number, string[], string | undefined][] = [
    ['flags 超汛限 above the main-season limit', 51.73, NOW, [], 'set'],
    ['does not flag a level exactly at 汛限 (above means above)', 51.5, NOW, [], undefined],
    ['ignores 汛限 out of flood season (below 正常蓄水位)', 51.73, NOVEMBER, [], undefined],
    ['flags 51.80 on the last day of 主汛期 (limit 51.50)', 51.8, JULY_31, [], 'set'],
    [
      'clears 51.80 on the first day of 后汛期 (limit 52.20), even when open',
      51.8,
      AUGUST_1,
      [overLimit],
      undefined,
    ],
    ['flags 52.25 on the first day of 后汛期', 52.25, AUGUST_1, [], 'set'],
    ['holds an open 超汛限 just under the 后汛期 limit', 52.17, AUGUST_1, [overLimit], 'hold'],
  ];
  it.each(cases)('%s', (_name, level, now, open, expected) => {
    expect(evaluate(LAKE, steady(level, now), now, open).get(overLimit)?.status).toBe(expected);
  });

  it('titles 超汛限 with the excess and the limit', () => {
    const found = evaluate(LAKE, steady(51.73)).get(overLimit);
    expect(found).toMatchObject({ severity: 'warning', inhibit: { group: `water:${LAKE}`, rank: 2 } });
    expect(found?.title).toEqual({
      zh: '白鹭湖水库 超汛限 0.23 m（汛限 51.50）',
      en: 'Bailuhu Shuiku 0.23 m over flood limit level (51.50)',
    });
  });

  const over = { 'reservoir.over_limit': 'set', 'reservoir.over_flood_high': 'set' };
  const design: [string, number, Record<string, string>][] = [
    ['is not near design 1 cm below design − designMargin', 54.49, over],
    ['is near design at design − designMargin', 54.5, { ...over, 'reservoir.near_design': 'set' }],
    ['is below 校核 1 cm under it', 56.29, { ...over, 'reservoir.near_design': 'set' }],
    [
      'is over check exactly at 校核',
      56.3,
      { ...over, 'reservoir.near_design': 'set', 'reservoir.over_check': 'set' },
    ],
  ];
  it.each(design)('%s', (_name, level, expected) => {
    const found = evaluate(LAKE, steady(level));
    expect(statuses(new Map([...found].filter(([k]) => !k.startsWith('water.rise'))))).toEqual(expected);
  });

  it('ranks over 防洪高 3, near_design 4 and over_check 5, all critical', () => {
    const found = evaluate(LAKE, steady(56.4));
    expect(found.get(`reservoir.over_flood_high:${LAKE}`)).toMatchObject({
      severity: 'critical',
      inhibit: { rank: 3 },
    });
    expect(found.get(`reservoir.near_design:${LAKE}`)).toMatchObject({
      severity: 'critical',
      inhibit: { rank: 4 },
    });
    expect(found.get(`reservoir.over_check:${LAKE}`)).toMatchObject({
      severity: 'critical',
      inhibit: { rank: 5 },
    });
  });
});

// Issue 12.9: on 3 December the demo lake sat at 53.96 m, over 防洪高 53.80, and was shown as normal.
describe('reservoir ceiling in and out of season (正常蓄水位 52.60, 防洪高水位 53.80)', () => {
  const DECEMBER = Date.parse('2026-12-03T02:00+08:00');
  const cases: [string, number, number, Record<string, string>][] = [
    ['in season: 超汛限 above the main-season limit', NOW, 51.73, { 'reservoir.over_limit': 'set' }],
    ['in season: below 汛限 is quiet', NOW, 51.2, {}],
    ['out of season: up to 正常蓄水位 is quiet', DECEMBER, 52.0, {}],
    ['out of season: exactly at 正常蓄水位 is quiet (above means above)', DECEMBER, 52.6, {}],
    ['out of season: above 正常蓄水位 is flagged', DECEMBER, 52.65, { 'reservoir.over_normal': 'set' }],
    [
      'out of season: at 防洪高水位 is never normal',
      DECEMBER,
      53.8,
      { 'reservoir.over_normal': 'set', 'reservoir.over_flood_high': 'set' },
    ],
    [
      'out of season: 53.96 (the December demo) is over 防洪高',
      DECEMBER,
      53.96,
      { 'reservoir.over_normal': 'set', 'reservoir.over_flood_high': 'set' },
    ],
    [
      'in season: at 防洪高水位 is over 汛限 and at 防洪高',
      NOW,
      53.8,
      { 'reservoir.over_limit': 'set', 'reservoir.over_flood_high': 'set' },
    ],
    ['in season: at 正常蓄水位 is over 汛限', NOW, 52.6, { 'reservoir.over_limit': 'set' }],
  ];
  it.each(cases)('%s', (_name, now, level, expected) => {
    const found = evaluate(LAKE, steady(level, now), now);
    expect(statuses(new Map([...found].filter(([k]) => !k.startsWith('water.rise'))))).toEqual(expected);
  });

  it('titles the out-of-season ceiling as 正常蓄水位', () => {
    const found = evaluate(LAKE, steady(52.9, DECEMBER), DECEMBER).get(`reservoir.over_normal:${LAKE}`);
    expect(found?.title).toEqual({
      zh: '白鹭湖水库 超正常蓄水位 0.30 m（正常蓄水位 52.60）',
      en: 'Bailuhu Shuiku 0.30 m over normal pool level (52.60)',
    });
  });
});

describe('rise rule', () => {
  const key = `water.rise:${RIVER}`; // riseAlarm 0.4 m/h over 60 min
  const cases: [string, number, boolean, string | undefined][] = [
    ['sets above the alarm rate', 0.5, false, 'set'],
    ['opens nothing at exactly the alarm rate', 0.4, false, undefined],
    ['holds an open alarm above 80 % of the rate', 0.35, true, 'hold'],
    ['opens nothing between 80 % and 100 %', 0.35, false, undefined],
    ['clears an open alarm at 75 % of the rate', 0.3, true, undefined],
    ['never fires on a falling level', -0.6, false, undefined],
  ];
  it.each(cases)('%s', (_name, rate, isOpen, expected) => {
    const found = evaluate(RIVER, rising(40, rate), NOW, isOpen ? [key] : []);
    expect(found.get(key)?.status).toBe(expected);
  });

  it('carries the rate as its value, with a readable title, and is not inhibited', () => {
    const found = evaluate(RIVER, rising(40, 0.5)).get(key);
    expect(found?.value).toBeCloseTo(0.5, 6);
    expect(found?.inhibit).toBeUndefined();
    expect(found?.title.en).toBe('Ruhe Chengguan rising +0.50 m/h (alarm 0.40 m/h)');
  });

  it('keeps an open alarm of a stale station on the rate it last showed', () => {
    const history = rising(40, 0.5, NOW - 2 * HOUR);
    expect(evaluate(RIVER, history, NOW, [key]).get(key)?.status).toBe('hold');
    expect(evaluate(RIVER, history, NOW).get(key)).toBeUndefined();
  });
});

// Issue 15.1: a suspect reading raises a data alert for the officer, never a flood colour or a rise alarm.
describe('suspect readings', () => {
  const spiked = (level: number): ReadingPoint[] => [
    ...steady(41.0, NOW - 5 * MIN),
    { at: NOW, level, suspect: true },
  ];

  it('judges levels and the rate on the trusted readings only, and raises one quiet data alert', () => {
    const found = evaluate(RIVER, spiked(48.0));
    expect([...found.keys()]).toEqual([`station.suspect:${RIVER}`]);
    expect(found.get(`station.suspect:${RIVER}`)).toMatchObject({
      severity: 'info',
      neverEscalates: true,
      value: 48.0,
      title: {
        zh: '汝河城关站 可疑读数 48.00 m（07-20 02:00，上一可信 41.00），待下一读数确认',
        en: 'Ruhe Chengguan suspect reading 48.00 m at 07-20 02:00 (last trusted 41.00), awaiting the next reading',
      },
    });
  });

  it('drops the data alert once the next reading settles it, either way', () => {
    const contradicted = [...spiked(48.0), { at: NOW + 5 * MIN, level: 41.01 }];
    expect([...evaluate(RIVER, contradicted, NOW + 5 * MIN).keys()]).toEqual([]);
  });

  it('says no rate (no alarm) while the window holds fewer than three trusted readings', () => {
    const sparse = [
      { at: NOW - 40 * MIN, level: 40.0 },
      { at: NOW - 20 * MIN, level: 47.0, suspect: true as const },
      { at: NOW, level: 40.6 },
    ];
    expect(evaluate(RIVER, sparse).get(`water.rise:${RIVER}`)).toBeUndefined();
  });
});
