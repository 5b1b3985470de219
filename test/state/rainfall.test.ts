import { describe, expect, it } from 'vitest';
import type { ReadingPoint } from '../../src/protocol/index.js';
import { stationRainfall } from '../../src/state/selectors/rainfall.js';

const T = Date.parse('2026-07-20T02:00:00+08:00');
const MIN = 60_000;
const point = (minutesBefore: number, rain?: number): ReadingPoint => ({
  at: T - minutesBefore * MIN,
  level: 50,
  ...(rain === undefined ? {} : { rain }),
});

describe('a station’s rain from its history', () => {
  it('is undefined for a station that reports no rain', () => {
    expect(stationRainfall([point(10), point(5), point(0)])).toBeUndefined();
    expect(stationRainfall([])).toBeUndefined();
  });

  it('sums the hour before the latest reading: a reading exactly an hour back ends before the hour', () => {
    const r = stationRainfall([point(120, 9), point(60, 5), point(59, 1.2), point(30, 0.1), point(0, 0.2)]);
    expect(r?.lastHour).toBe(1.5);
    // The oldest held reading starts the window; its own rain fell before it, at an unknown time.
    expect(r?.total).toBe(6.5);
    expect(r?.since).toBe(T - 120 * MIN);
    expect(r?.isWholeDay).toBe(false);
    expect(r?.at).toBe(T);
  });

  it('is the 24-hour rain when the history reaches a day back, and skips readings without rain', () => {
    const r = stationRainfall([
      point(25 * 60, 50),
      point(24 * 60, 7),
      point(23 * 60, 3),
      point(30),
      point(0, 0.4),
    ]);
    expect(r).toEqual({ at: T, lastHour: 0.4, total: 3.4, since: T - 24 * 60 * MIN, isWholeDay: true });
  });

  it('ends at the latest reading, not the clock: a quiet station keeps the rain it last reported', () => {
    const r = stationRainfall([point(300, 0), point(240, 2.5), point(200, 4)]);
    expect(r?.at).toBe(T - 200 * MIN);
    expect(r?.lastHour).toBe(6.5);
  });
});
