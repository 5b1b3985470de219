import { describe, expect, it } from 'vitest';
import { type StationStatus, stationStatus } from '../../src/domain/station-status.js';
import { stationSchema } from '../../src/protocol/index.js';
import { ruRiverGauge } from './station-fixtures.js';

const MIN = 60_000;
const IN_SEASON = Date.parse('2026-07-20T02:00+08:00');
const OUT_OF_SEASON = Date.parse('2026-11-20T02:00+08:00');
const opts = { utcOffset: '+08:00', floodSeason: { from: '06-01', to: '09-30' } };

const river = ruRiverGauge();

const reservoir = stationSchema.parse({
  code: 'lake-1',
  name: '某湖水库',
  nameAscii: 'Lake reservoir',
  kind: 'reservoir',
  township: 't01',
  reservoir: {
    deadLevel: 90,
    normalLevel: 106,
    designFloodLevel: 108,
    checkFloodLevel: 109.5,
    damCrest: 110,
    historicalMax: 108.8,
    floodLimits: [{ from: '06-01', to: '09-30', level: 104, label: '主汛期' }],
  },
});

// A reading at `now` preceded by a steady trend of `mPerH` over the last hour.
function trend(level: number, mPerH: number, now: number) {
  return [60, 45, 30, 15, 0].map((m) => ({ at: now - m * MIN, level: level - (mPerH * m) / 60 }));
}

const at = (level: number, now = IN_SEASON) => [{ at: now, level }];

describe('stationStatus on a river gauge', () => {
  const cases: [string, number, StationStatus['floodColour'], StationStatus['condition']][] = [
    ['shows no colour well below 警戒', 9.5, 'none', 'normal'],
    ['turns blue within the approach margin below 警戒', 9.7, 'blue', 'watch'],
    ['stays blue just below 警戒', 9.99, 'blue', 'watch'],
    ['turns yellow exactly at 警戒', 10, 'yellow', 'warning'],
    ['stays yellow just below 保证', 11.99, 'yellow', 'warning'],
    ['turns orange exactly at 保证', 12, 'orange', 'danger'],
    ['turns red at the historical maximum', 13.2, 'red', 'danger'],
  ];
  it.each(cases)('%s', (_name, level, colour, condition) => {
    const s = stationStatus(river, at(level), IN_SEASON, opts);
    expect(s.floodColour).toBe(colour);
    expect(s.condition).toBe(condition);
  });

  it('lists 警戒, 保证 and the historical maximum with signed distances', () => {
    const s = stationStatus(river, at(10.5), IN_SEASON, opts);
    expect(s.lines.map((l) => [l.key, l.label.zh, l.distance])).toEqual([
      ['warning', '警戒水位', 0.5],
      ['guarantee', '保证水位', -1.5],
      ['historicalMax', '历史最高水位', expect.closeTo(-2.7, 9)],
    ]);
  });

  it('estimates the time to the next line when rising', () => {
    const s = stationStatus(river, trend(11, 0.5, IN_SEASON), IN_SEASON, opts);
    expect(s.nextLine?.key).toBe('guarantee');
    expect(s.rate).toBeCloseTo(0.5, 9);
    expect(s.timeToNextLineMs).toBeCloseTo(2 * 3_600_000, 0);
    expect(s.riseAlarm).toBe(true);
  });

  it('counts the time to the next line from now, not from the last reading', () => {
    const readAt = IN_SEASON - 10 * MIN;
    const s = stationStatus(river, trend(11, 0.5, readAt), IN_SEASON, opts);
    expect(s.timeToNextLineMs).toBeCloseTo(2 * 3_600_000 - 10 * MIN, 0);
  });

  it('gives no time to the next line for a stale station', () => {
    const s = stationStatus(river, trend(11, 0.5, IN_SEASON - 40 * MIN), IN_SEASON, opts);
    expect(s.stale).toBe(true);
    expect(s.timeToNextLineMs).toBeUndefined();
  });

  it('gives no time to the next line when falling', () => {
    const s = stationStatus(river, trend(11, -0.2, IN_SEASON), IN_SEASON, opts);
    expect(s.nextLine?.key).toBe('guarantee');
    expect(s.timeToNextLineMs).toBeUndefined();
    expect(s.riseAlarm).toBe(false);
  });

  it('takes the line above when the level sits exactly on one', () => {
    expect(stationStatus(river, at(10), IN_SEASON, opts).nextLine?.key).toBe('guarantee');
  });

  it('has no next line above the historical maximum', () => {
    const s = stationStatus(river, trend(14, 0.1, IN_SEASON), IN_SEASON, opts);
    expect(s.nextLine).toBeUndefined();
    expect(s.timeToNextLineMs).toBeUndefined();
  });

  it('lifts a fast rise below every line to watch', () => {
    const s = stationStatus(river, trend(8, 0.4, IN_SEASON), IN_SEASON, opts);
    expect(s.floodColour).toBe('none');
    expect(s.condition).toBe('watch');
  });
});

describe('stationStatus on a reservoir', () => {
  const cases: [string, number, number, StationStatus['floodColour'], boolean, boolean][] = [
    ['shows no colour well below 汛限 in season', 103, IN_SEASON, 'none', false, false],
    ['turns blue within the margin below 汛限 in season', 103.8, IN_SEASON, 'blue', false, false],
    ['stays blue exactly at 汛限', 104, IN_SEASON, 'blue', false, false],
    ['turns yellow above 汛限 in season', 104.5, IN_SEASON, 'yellow', true, false],
    ['ignores 汛限 out of season', 104.5, OUT_OF_SEASON, 'none', false, false],
    ['turns orange near 设计洪水位', 107.8, IN_SEASON, 'orange', true, true],
    ['turns orange near design even out of season', 107.5, OUT_OF_SEASON, 'orange', false, true],
    ['stays orange exactly at 设计洪水位 − designMargin', 107.5, IN_SEASON, 'orange', true, true],
    ['stays yellow just below the design margin', 107.49, IN_SEASON, 'yellow', true, false],
    ['turns red at the historical maximum', 108.8, IN_SEASON, 'red', true, true],
    ['turns red at 校核洪水位', 109.5, IN_SEASON, 'red', true, true],
    // Issue 12.9: outside every 汛限 period the ceiling is 正常蓄水位 (106 here), with no blue band under it.
    ['stays uncoloured exactly at 正常蓄水位 out of season', 106, OUT_OF_SEASON, 'none', false, false],
    ['turns yellow above 正常蓄水位 out of season', 106.2, OUT_OF_SEASON, 'yellow', false, false],
  ];
  it.each(cases)('%s', (_name, level, now, colour, over, near) => {
    const s = stationStatus(reservoir, at(level, now), now, opts);
    expect(s.floodColour).toBe(colour);
    expect(s.overFloodLimit).toBe(over);
    expect(s.nearDesign).toBe(near);
  });

  it('turns red at a historical maximum that lies below the design margin', () => {
    const lowRecord = stationSchema.parse({
      ...reservoir,
      reservoir: { ...reservoir.reservoir, historicalMax: 105 },
    });
    const s = stationStatus(lowRecord, at(105), IN_SEASON, opts);
    expect(s).toMatchObject({ floodColour: 'red', condition: 'danger', nearDesign: false });
  });

  it('lists today’s 汛限 in season and leaves it out of season', () => {
    const inSeason = stationStatus(reservoir, at(100), IN_SEASON, opts);
    expect(inSeason.lines.map((l) => l.key)).toEqual([
      'floodLimit',
      'normal',
      'designFlood',
      'historicalMax',
      'checkFlood',
      'damCrest',
    ]);
    expect(inSeason.floodLimit?.label).toBe('主汛期');
    const outOfSeason = stationStatus(reservoir, at(100, OUT_OF_SEASON), OUT_OF_SEASON, opts);
    expect(outOfSeason.lines[0]?.key).toBe('normal');
    expect(outOfSeason.floodLimit).toBeUndefined();
  });
});

describe('stationStatus on a reservoir with 防洪高水位 (issue 12.9)', () => {
  const withFloodHigh = stationSchema.parse({
    ...reservoir,
    reservoir: { ...reservoir.reservoir, normalLevel: 106, floodHighLevel: 106 },
  });
  const cases: [string, number, number, StationStatus['condition']][] = [
    ['is never normal at 防洪高水位 out of season', 106, OUT_OF_SEASON, 'warning'],
    ['is never normal at 防洪高水位 in season', 106, IN_SEASON, 'warning'],
    ['is normal below it out of season', 105.9, OUT_OF_SEASON, 'normal'],
  ];
  it.each(cases)('%s', (_name, level, now, condition) => {
    expect(stationStatus(withFloodHigh, at(level, now), now, opts).condition).toBe(condition);
  });
});

// Issue 15.1: a suspect reading is shown with its value, never as a colour or a rate.
describe('stationStatus with a suspect newest reading', () => {
  it('keeps level, colour and rate on the trusted readings and shows the suspect one beside them', () => {
    const readings = [...trend(9.0, 0, IN_SEASON - 5 * MIN), { at: IN_SEASON, level: 14, suspect: true }];
    const s = stationStatus(river, readings, IN_SEASON, opts);
    expect(s).toMatchObject({ level: 9.0, floodColour: 'none', condition: 'normal', rate: 0 });
    expect(s.suspect).toEqual({ level: 14, at: IN_SEASON });
  });

  it('says no rate with fewer than three trusted readings in the window', () => {
    const readings = [
      { at: IN_SEASON - 40 * MIN, level: 9.0 },
      { at: IN_SEASON - 20 * MIN, level: 14, suspect: true },
      { at: IN_SEASON, level: 9.2 },
    ];
    expect(stationStatus(river, readings, IN_SEASON, opts).rate).toBeUndefined();
  });
});

describe('stationStatus freshness', () => {
  it('is stale past staleAfterMinutes but keeps the last level and colour', () => {
    const readAt = IN_SEASON - 31 * MIN;
    const s = stationStatus(river, [{ at: readAt, level: 10.2 }], IN_SEASON, opts);
    expect(s).toMatchObject({ stale: true, condition: 'stale', level: 10.2, floodColour: 'yellow' });
    expect(s.ageMs).toBe(31 * MIN);
    expect(s.rate).toBeUndefined();
  });

  it('is not stale at exactly staleAfterMinutes', () => {
    const s = stationStatus(river, [{ at: IN_SEASON - 30 * MIN, level: 5 }], IN_SEASON, opts);
    expect(s).toMatchObject({ stale: false, condition: 'normal' });
  });

  it('reports no data as stale, never as normal', () => {
    const s = stationStatus(river, [], IN_SEASON, opts);
    expect(s).toMatchObject({ stale: true, condition: 'no-data', level: undefined, ageMs: undefined });
    expect(s.lines.map((l) => l.distance)).toEqual([undefined, undefined, undefined]);
  });

  it('treats a reading stamped slightly ahead as fresh, with age 0', () => {
    const s = stationStatus(river, trend(9, 0.2, IN_SEASON + 2 * MIN), IN_SEASON, opts);
    expect(s.ageMs).toBe(0);
    expect(s.rate).toBeCloseTo(0.2, 9);
  });
});
