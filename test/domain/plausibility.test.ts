import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PLAUSIBILITY,
  type JudgedPoint,
  judgeReadings,
  plausibilityOf,
} from '../../src/domain/plausibility.js';

const MIN = 60_000;
const T0 = Date.parse('2026-07-20T01:00+08:00');

/** Readings at [minutes after T0, level]. */
const series = (steps: [number, number][]): JudgedPoint[] =>
  steps.map(([m, level]) => ({ at: T0 + m * MIN, level }));

/** Judged all at once: the levels held as suspect. */
function suspects(points: JudgedPoint[]): number[] {
  const { start, suspect } = judgeReadings(points, DEFAULT_PLAUSIBILITY);
  return points.filter((_, i) => i >= start && suspect[i - start]).map((p) => p.level);
}

/** Judged one arrival at a time, as the collector does, writing each verdict on the points. */
function suspectsArriving(points: JudgedPoint[]): number[] {
  const kept: JudgedPoint[] = [];
  for (const p of points) {
    kept.push({ ...p });
    const { start, suspect } = judgeReadings(kept, DEFAULT_PLAUSIBILITY, kept.length - 1);
    suspect.forEach((s, k) => {
      const point = kept[start + k] as JudgedPoint;
      if (s) point.suspect = true;
      else delete point.suspect;
    });
  }
  return kept.filter((p) => p.suspect).map((p) => p.level);
}

const every10 = (levels: number[]): [number, number][] => levels.map((level, i) => [i * 10, level]);

// Issue 15.1: 50.25 → 58.00 → 50.50 opened four alerts and paged the leader.
describe('judgeReadings (default limits: 0.05 m/min, 0.5 m band around the median of 5)', () => {
  const cases: [string, [number, number][], number[]][] = [
    ['holds a single spike up as suspect', every10([50.25, 50.26, 58.0, 50.5, 50.51]), [58.0]],
    ['holds a single spike down as suspect', every10([50.25, 50.26, 42.1, 50.27, 50.28]), [42.1]],
    ['keeps a spike suspect while it waits for the next reading', every10([50.25, 50.26, 58.0]), [58.0]],
    ['holds two consecutive spikes that disagree', every10([50.25, 50.26, 58.0, 43.1, 50.3]), [58.0, 43.1]],
    [
      'holds two spikes with a good reading between',
      every10([50.25, 50.26, 58.0, 50.27, 57.5, 50.28]),
      [58.0, 57.5],
    ],
    ['trusts a genuine fast rise once the next reading confirms it', every10([50.5, 50.52, 52.1, 52.15]), []],
    ['holds a fast rise until then', every10([50.5, 50.52, 52.1]), [52.1]],
    ['trusts a sensor stuck at one value (it is not a jump)', every10(Array(12).fill(50.25)), []],
    [
      'trusts a stuck sensor that comes back to a new level the next reading confirms',
      every10([...Array(6).fill(50.25), 51.6, 51.62]),
      [],
    ],
    [
      'trusts a steady 0.5 m/h rise read at irregular intervals of 5 to 40 min',
      [0, 5, 45, 55, 80, 120, 125, 160].map((m): [number, number] => [m, 50 + (0.5 * m) / 60]),
      [],
    ],
    [
      'holds a spike between readings 40 min apart',
      [
        [0, 50.25],
        [40, 50.3],
        [80, 58.0],
        [120, 50.4],
      ],
      [58.0],
    ],
    [
      'trusts gauge noise a minute apart (inside the band)',
      [
        [0, 50.25],
        [0.2, 50.4],
        [0.4, 50.2],
        [1, 50.3],
      ],
      [],
    ],
  ];
  it.each(cases)('%s', (_name, steps, expected) => {
    expect(suspects(series(steps))).toEqual(expected);
    expect(suspectsArriving(series(steps))).toEqual(expected);
  });

  it('skips readings with a sensor fault: neither suspect nor a reference', () => {
    const points = series(every10([50.25, 50.26, 58.0, 50.27]));
    (points[2] as JudgedPoint).sensorFault = true;
    expect(suspects(points)).toEqual([]);
  });

  it('reports the suspect reading it settles when judging from a later index', () => {
    const points = series(every10([50.5, 50.52, 52.1, 52.15]));
    (points[2] as JudgedPoint).suspect = true;
    expect(judgeReadings(points, DEFAULT_PLAUSIBILITY, 3)).toEqual({ start: 2, suspect: [false, false] });
  });

  it('takes a station’s own limits over the defaults', () => {
    expect(plausibilityOf({ plausibility: { band: 2 } })).toEqual({ ...DEFAULT_PLAUSIBILITY, band: 2 });
    expect(plausibilityOf({})).toEqual(DEFAULT_PLAUSIBILITY);
  });
});
