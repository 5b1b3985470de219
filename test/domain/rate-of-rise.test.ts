import { describe, expect, it } from 'vitest';
import { type LevelSample, MAX_RATE_SAMPLES, rateOfRise } from '../../src/domain/rate-of-rise.js';

const MIN = 60_000;
const NOW = Date.parse('2026-07-20T02:00+08:00');

// Samples at the given minutes before NOW on a straight line of `mPerH`, from 100 m at NOW.
function line(minutesAgo: number[], mPerH: number): LevelSample[] {
  return minutesAgo
    .map((m) => ({ at: NOW - m * MIN, level: 100 - (mPerH * m) / 60 }))
    .sort((a, b) => a.at - b.at);
}

const every5 = [60, 55, 50, 45, 40, 35, 30, 25, 20, 15, 10, 5, 0];

describe('rateOfRise', () => {
  const cases: [string, LevelSample[], number][] = [
    ['measures a steady rise', line(every5, 0.12), 0.12],
    ['measures a steady fall as negative', line(every5, -0.3), -0.3],
    ['reads a flat series as zero', line(every5, 0), 0],
    ['weighs irregular intervals by time, not by index', line([58, 57, 56, 30, 2, 1, 0], 0.5), 0.5],
  ];
  it.each(cases)('%s', (_name, samples, expected) => {
    expect(rateOfRise(samples, NOW, 60)).toBeCloseTo(expected, 9);
  });

  it('barely moves for one spike', () => {
    const samples = line(every5, 0.12);
    const spiked = samples.map((s, i) => (i === 6 ? { ...s, level: s.level + 3 } : s));
    const rate = rateOfRise(spiked, NOW, 60);
    expect(rate).toBeDefined();
    expect(Math.abs((rate ?? 0) - 0.12)).toBeLessThan(0.01);
  });

  it('barely moves for a spike on the newest reading', () => {
    const samples = line(every5, 0.12);
    const last = samples.length - 1;
    const spiked = samples.map((s, i) => (i === last ? { ...s, level: s.level - 5 } : s));
    expect(Math.abs((rateOfRise(spiked, NOW, 60) ?? 0) - 0.12)).toBeLessThan(0.02);
  });

  it('ignores samples before the window and after now', () => {
    const inside = line([50, 40, 30, 20, 10, 0], 0.2);
    const outside = [
      { at: NOW - 120 * MIN, level: 50 },
      { at: NOW - 61 * MIN, level: 200 },
      { at: NOW + 5 * MIN, level: 0 },
    ];
    expect(rateOfRise([...outside, ...inside], NOW, 60)).toBeCloseTo(0.2, 9);
  });

  it('includes a sample exactly at the window start', () => {
    const samples = [
      { at: NOW - 60 * MIN, level: 99 },
      { at: NOW - 30 * MIN, level: 99.5 },
      { at: NOW, level: 100 },
    ];
    expect(rateOfRise(samples, NOW, 60)).toBeCloseTo(1, 9);
  });

  it('accepts samples in any order', () => {
    expect(rateOfRise(line(every5, 0.12).reverse(), NOW, 60)).toBeCloseTo(0.12, 9);
  });

  it.each([
    ['no samples', []],
    [
      'one sample in the window',
      [
        { at: NOW - 70 * MIN, level: 1 },
        { at: NOW - 5 * MIN, level: 2 },
      ],
    ],
    [
      'samples spanning under the minimum span (10 min)',
      [
        { at: NOW - 9 * MIN, level: 1 },
        { at: NOW - 5 * MIN, level: 1.5 },
        { at: NOW, level: 2 },
      ],
    ],
    // Issue 15.1: the window held a spike and one good reading, and the console showed −14.98 m/h.
    [
      'two readings however far apart',
      [
        { at: NOW - 40 * MIN, level: 1 },
        { at: NOW, level: 2 },
      ],
    ],
    [
      'two readings at the same instant',
      [
        { at: NOW, level: 1 },
        { at: NOW, level: 2 },
      ],
    ],
  ])('is undefined with %s', (_name, samples) => {
    expect(rateOfRise(samples, NOW, 60)).toBeUndefined();
  });

  it('measures three readings spanning exactly the minimum span', () => {
    expect(rateOfRise(line([10, 5, 0], 0.6), NOW, 60)).toBeCloseTo(0.6, 9);
  });

  it('takes a station’s own minimum span, but never under a minute', () => {
    expect(rateOfRise(line([2, 1, 0], 0.6), NOW, 60, 2)).toBeCloseTo(0.6, 9);
    expect(rateOfRise(line([0.5, 0.25, 0], 0.6), NOW, 60, 0)).toBeUndefined();
  });

  it('thins a dense window and still finds the slope', () => {
    const dense = Array.from({ length: MAX_RATE_SAMPLES * 5 }, (_, i) => (i * 60) / (MAX_RATE_SAMPLES * 5));
    expect(rateOfRise(line(dense, 0.07), NOW, 60)).toBeCloseTo(0.07, 9);
  });
  // The median is found by selection, not by sorting every slope (issue 19); it must be the same number the sort
  // gave: noisy series, odd and even slope counts, repeated levels and instants, dense windows thinned.
  it.each([3, 4, 7, 12, 50, 241, 600])(
    'gives the sorted-median Theil–Sen rate over %i noisy samples',
    (count) => {
      let seed = count;
      const random = () => {
        seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
        return seed / 2_147_483_648;
      };
      const samples = Array.from({ length: count }, (_, i) => ({
        at: NOW - Math.floor((i * 60 * MIN) / count / 1000) * 1000,
        level: Math.round((100 + i * 0.002 + (random() - 0.5) * 0.3) * 100) / 100,
      })).sort((a, b) => a.at - b.at);
      expect(rateOfRise(samples, NOW, 60)).toBe(sortedTheilSen(samples));
    },
  );
});

// The fit as it was first written: every pairwise slope, sorted (after the same thinning as rateOfRise).
function sortedTheilSen(samples: LevelSample[]): number {
  const step = (samples.length - 1) / (MAX_RATE_SAMPLES - 1);
  const kept =
    samples.length <= MAX_RATE_SAMPLES
      ? samples
      : Array.from({ length: MAX_RATE_SAMPLES }, (_, k) => samples[Math.round(k * step)] as LevelSample);
  const slopes: number[] = [];
  for (let i = 0; i < kept.length; i++)
    for (let j = i + 1; j < kept.length; j++) {
      const a = kept[i] as LevelSample;
      const b = kept[j] as LevelSample;
      if (b.at !== a.at) slopes.push((b.level - a.level) / (b.at - a.at));
    }
  slopes.sort((a, b) => a - b);
  const mid = Math.floor(slopes.length / 2);
  const lower = slopes[slopes.length % 2 === 0 ? mid - 1 : mid] as number;
  return ((lower + (slopes[mid] as number)) / 2) * 3_600_000;
}
