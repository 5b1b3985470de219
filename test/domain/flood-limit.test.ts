import { describe, expect, it } from 'vitest';
import { floodLimitAt, isInSeason } from '../../src/domain/flood-limit.js';
import { reservoirLevelsSchema } from '../../src/protocol/index.js';

const levels = reservoirLevelsSchema.parse({
  deadLevel: 90,
  normalLevel: 106,
  designFloodLevel: 108,
  checkFloodLevel: 109.5,
  damCrest: 110,
  floodLimits: [
    { from: '06-01', to: '07-31', level: 103.5, label: '主汛期' },
    { from: '08-01', to: '09-30', level: 104.5, label: '后汛期' },
  ],
});

const at = (iso: string) => Date.parse(iso);

describe('floodLimitAt', () => {
  const cases: [string, string, number | undefined][] = [
    ['applies the main-season limit on its first day', '2026-06-01T00:00+08:00', 103.5],
    [
      'stays on the main-season limit late on 07-31 local though UTC is earlier that day',
      '2026-07-31T23:30+08:00',
      103.5,
    ],
    [
      'switches to the post-season limit just after local midnight though UTC still says 07-31',
      '2026-08-01T00:10+08:00',
      104.5,
    ],
    ['applies the post-season limit on its last day', '2026-09-30T23:59+08:00', 104.5],
    ['has no limit the day after the last period', '2026-10-01T00:00+08:00', undefined],
    ['has no limit the day before the first period', '2026-05-31T23:59+08:00', undefined],
  ];
  it.each(cases)('%s', (_name, iso, expected) => {
    expect(floodLimitAt(levels, at(iso), '+08:00')?.level).toBe(expected);
  });

  it('returns the label and the period that set the limit', () => {
    expect(floodLimitAt(levels, at('2026-07-31T15:30Z'), '+08:00')).toEqual({
      level: 103.5,
      label: '主汛期',
      period: { from: '06-01', to: '07-31' },
    });
  });

  it('reads the same instant as a different day under another offset', () => {
    const instant = at('2026-07-31T16:10Z');
    expect(floodLimitAt(levels, instant, '+08:00')?.level).toBe(104.5);
    expect(floodLimitAt(levels, instant, '+00:00')?.level).toBe(103.5);
  });

  it('matches a period that wraps the year end', () => {
    const winter = reservoirLevelsSchema.parse({
      ...levels,
      floodLimits: [{ from: '11-15', to: '02-15', level: 100 }],
    });
    expect(floodLimitAt(winter, at('2026-12-31T12:00+08:00'), '+08:00')?.level).toBe(100);
    expect(floodLimitAt(winter, at('2027-01-01T00:05+08:00'), '+08:00')?.level).toBe(100);
    expect(floodLimitAt(winter, at('2027-02-16T00:05+08:00'), '+08:00')).toBeUndefined();
  });

  it('takes the lower limit where periods overlap', () => {
    const overlapping = reservoirLevelsSchema.parse({
      ...levels,
      floodLimits: [
        { from: '06-01', to: '08-15', level: 104 },
        { from: '08-01', to: '09-30', level: 103 },
      ],
    });
    expect(floodLimitAt(overlapping, at('2026-08-05T12:00+08:00'), '+08:00')?.level).toBe(103);
  });
});

describe('isInSeason', () => {
  const season = { from: '06-01', to: '09-30' };
  const cases: [string, string, boolean][] = [
    ['is in season on the first local day', '2026-06-01T00:05+08:00', true],
    [
      'is out of season just before local midnight on 05-31 (UTC already says 05-31)',
      '2026-05-31T23:55+08:00',
      false,
    ],
    ['is in season on the last local day', '2026-09-30T23:55+08:00', true],
    ['is out of season on 10-01 local though UTC still says 09-30', '2026-10-01T00:05+08:00', false],
  ];
  it.each(cases)('%s', (_name, iso, expected) => {
    expect(isInSeason(season, at(iso), '+08:00')).toBe(expected);
  });

  it('handles a season that wraps the year end', () => {
    const wrap = { from: '12-01', to: '01-31' };
    expect(isInSeason(wrap, at('2026-01-15T12:00+08:00'), '+08:00')).toBe(true);
    expect(isInSeason(wrap, at('2026-02-01T00:00+08:00'), '+08:00')).toBe(false);
  });
});
