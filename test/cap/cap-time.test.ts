import { describe, expect, it } from 'vitest';
import { capTimeProblem } from '../../src/cap/cap-time.js';
import { capTimeToMs, formatCapTime } from '../../src/cap/parse-cap.js';

describe('capTimeToMs', () => {
  it.each([
    ['2003-04-02T14:39:01-05:00', Date.UTC(2003, 3, 2, 19, 39, 1)],
    ['2026-07-20T02:15:00+08:00', Date.UTC(2026, 6, 19, 18, 15, 0)],
    ['2026-07-19T18:15:00-00:00', Date.UTC(2026, 6, 19, 18, 15, 0)],
    ['2026-07-19T18:15:00+00:00', Date.UTC(2026, 6, 19, 18, 15, 0)],
    ['2026-01-01T05:30:00+05:30', Date.UTC(2026, 0, 1, 0, 0, 0)],
    ['2024-02-29T00:00:00+14:00', Date.UTC(2024, 1, 28, 10, 0, 0)],
    ['1969-12-31T23:59:59-00:00', -1000],
    // Date.UTC would read year 50 as 1950; CAP years are taken as written.
    ['0050-06-01T00:00:00-00:00', new Date('0050-06-01T00:00:00Z').getTime()],
  ])('reads %s', (s, ms) => {
    expect(capTimeToMs(s)).toBe(ms);
  });

  it.each([
    '2026-07-19T18:15:00Z',
    '2026-07-19T18:15:00z',
    '2026-07-19T18:15:00',
    '2026-07-19T18:15:00.000+08:00',
    '2026-07-19 18:15:00+08:00',
    '2026-07-19T18:15+08:00',
    '2026-02-29T00:00:00+08:00',
    '2026-13-01T00:00:00+08:00',
    '2026-04-31T00:00:00+08:00',
    '2026-07-19T24:00:00+08:00',
    '2026-07-19T23:60:00+08:00',
    '2026-07-19T23:59:60+08:00',
    '2026-07-19T18:15:00+14:30',
    '2026-07-19T18:15:00+08:60',
    '26-07-19T18:15:00+08:00',
    '',
  ])('gives NaN for %j', (s) => {
    expect(capTimeToMs(s)).toBeNaN();
  });
});

describe('capTimeProblem', () => {
  it('explains a "Z" time in terms a sender can act on', () => {
    expect(capTimeProblem('2026-07-19T18:15:00Z')).toContain('UTC is -00:00');
  });

  it('accepts what capTimeToMs reads', () => {
    expect(capTimeProblem('2026-07-19T18:15:00-00:00')).toBeUndefined();
  });
});

describe('formatCapTime', () => {
  it('writes local time with the offset, crossing midnight', () => {
    expect(formatCapTime(Date.UTC(2026, 6, 19, 16, 30, 5), '+08:00')).toBe('2026-07-20T00:30:05+08:00');
    expect(formatCapTime(Date.UTC(2026, 0, 1, 3, 0, 0), '-05:00')).toBe('2025-12-31T22:00:00-05:00');
    expect(formatCapTime(Date.UTC(2026, 6, 19, 16, 30, 5), '-00:00')).toBe('2026-07-19T16:30:05-00:00');
  });

  it('drops milliseconds, rounding down also before 1970', () => {
    expect(formatCapTime(Date.UTC(2026, 6, 19, 16, 30, 5, 999), '+08:00')).toBe('2026-07-20T00:30:05+08:00');
    expect(formatCapTime(-1, '-00:00')).toBe('1969-12-31T23:59:59-00:00');
  });

  it.each(['+8:00', '08:00', 'Z', '+15:00', '+08:00:00', ''])('refuses the offset %j', (offset) => {
    expect(() => formatCapTime(0, offset)).toThrow(/utcOffset/);
  });

  it('refuses an instant that is not a finite number', () => {
    expect(() => formatCapTime(Number.NaN, '+08:00')).toThrow(RangeError);
  });

  it('round-trips with capTimeToMs to the second, in any offset', () => {
    let seed = 7;
    const next = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let i = 0; i < 500; i++) {
      const ms = Math.floor((next() - 0.3) * 4e12);
      const offset = ['+08:00', '-05:00', '+05:45', '-00:00', '+14:00', '-12:00'][i % 6]!;
      const s = formatCapTime(ms, offset);
      expect(capTimeProblem(s)).toBeUndefined();
      expect(capTimeToMs(s)).toBe(Math.floor(ms / 1000) * 1000);
    }
  });
});
