import { describe, expect, it } from 'vitest';
import { boundedHistory } from '../../server/live/live-picture.js';
import { bucketsPerStation, thinHistory } from '../../server/live/thin-history.js';
import { stationStatus } from '../../src/domain/station-status.js';
import type { ReadingPoint } from '../../src/protocol/index.js';
import { stationRainfall } from '../../src/state/selectors/rainfall.js';
import { ruRiverGauge } from '../domain/station-fixtures.js';

const MIN = 60_000;
const NOW = Date.parse('2026-07-20T02:00+08:00');
const opts = { utcOffset: '+08:00', floodSeason: { from: '06-01', to: '09-30' } };

const stationWith = (rateWindowMinutes: number) => ruRiverGauge({ rateWindowMinutes });

// A deterministic pseudo-random series so the cases vary without flaking.
function series(seed: number, count: number, everyMin: number, endAt: number): ReadingPoint[] {
  let x = seed;
  const next = () => {
    x = (x * 1_103_515_245 + 12_345) % 2_147_483_648;
    return x / 2_147_483_648;
  };
  const points: ReadingPoint[] = [];
  let level = 9 + next();
  for (let i = count - 1; i >= 0; i--) {
    level += (next() - 0.45) * 0.05;
    const p: ReadingPoint = { at: endAt - i * everyMin * MIN, level: Math.round(level * 1000) / 1000 };
    if (seed % 2 === 0) p.rain = Math.round(next() * 30) / 10;
    if (next() < 0.05) p.sensorFault = true;
    if (next() < 0.03) p.suspect = true;
    points.push(p);
  }
  return points;
}

describe('thinHistory: the snapshot history a screen judges the same as the whole (issue 19.6)', () => {
  const cases: Array<{ name: string; history: ReadingPoint[]; rateWindow: number }> = [];
  for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
    for (const [everyMin, count] of [
      [3.6, 400],
      [5, 288],
      [1, 400],
      [15, 96],
      [10, 60],
    ] as const) {
      for (const rateWindow of [30, 60, 180]) {
        const history = series(seed, count, everyMin, NOW - (seed % 3) * 7 * MIN);
        // A suspect newest reading on some: the rate and stale are judged from the trusted one before it.
        if (seed % 4 === 0) history.push({ at: NOW - MIN, level: 30, suspect: true });
        cases.push({
          name: `seed ${seed}, every ${everyMin} min, window ${rateWindow}`,
          history,
          rateWindow,
        });
      }
    }
  }

  it.each(cases)('$name', ({ history, rateWindow }) => {
    const station = stationWith(rateWindow);
    const full = boundedHistory(history);
    const thin = thinHistory(full, rateWindow, 4);
    expect(thin.history.length).toBeLessThanOrEqual(full.length);
    for (const now of [NOW, NOW + 30 * MIN, NOW + 3 * 60 * MIN]) {
      expect(stationStatus(station, thin.history, now, opts)).toEqual(
        stationStatus(station, full, now, opts),
      );
    }
    expect(stationRainfall(thin.history)).toEqual(stationRainfall(full));
  });

  it('keeps the newest span exactly and sends the older part as at most K points', () => {
    const full = series(2, 400, 3.6, NOW);
    const thin = thinHistory(full, 60, 4);
    expect(thin.thinned).toBe(true);
    const tail = full.filter((p) => p.at >= (full.at(-1) as ReadingPoint).at - 60 * MIN);
    expect(thin.history.slice(-tail.length)).toEqual(tail);
    // The oldest reading, at most 4 span points, then the exact tail.
    expect(thin.history.length).toBeLessThanOrEqual(1 + 4 + tail.length);
    expect(thin.history[0]).toEqual(full[0]);
  });

  it('a span point is its last reading, carrying the span rain', () => {
    const full: ReadingPoint[] = [
      { at: NOW - 300 * MIN, level: 1, rain: 0.1 },
      { at: NOW - 250 * MIN, level: 2, rain: 0.2 },
      { at: NOW - 240 * MIN, level: 3, rain: 0.3, sensorFault: true },
      { at: NOW - 200 * MIN, level: 4 },
      { at: NOW, level: 5, rain: 1 },
    ];
    const thin = thinHistory(full, 60, 1);
    expect(thin.history).toEqual([
      full[0],
      { at: NOW - 200 * MIN, level: 4, rain: 0.5 },
      { at: NOW, level: 5, rain: 1 },
    ]);
  });

  it('leaves short histories alone', () => {
    const full = series(3, 10, 5, NOW);
    expect(thinHistory(full, 60, 4)).toEqual({ history: full, thinned: false });
    expect(thinHistory([], 60, 4)).toEqual({ history: [], thinned: false });
  });

  it('thins only past the budget', () => {
    expect(bucketsPerStation([400, 400], 800)).toBeUndefined();
    expect(bucketsPerStation([400, 401], 800)).toBe(400);
    expect(bucketsPerStation(new Array(5000).fill(400), 20_000)).toBe(4);
    expect(bucketsPerStation([], 10)).toBeUndefined();
  });
});
