import { describe, expect, it } from 'vitest';
import {
  daysUntil,
  isWithinMonthDays,
  localDate,
  localMonthDay,
  parseUtcOffset,
} from '../../src/domain/local-time.js';

describe('parseUtcOffset', () => {
  it.each([
    ['+08:00', 8 * 3_600_000],
    ['-05:30', -5.5 * 3_600_000],
    ['+00:00', 0],
  ])('reads %s', (text, ms) => {
    expect(parseUtcOffset(text)).toBe(ms);
  });

  it('throws on a malformed offset', () => {
    expect(() => parseUtcOffset('UTC+8')).toThrow(RangeError);
  });
});

describe('localDate', () => {
  it('rolls over to the next day at local midnight, not UTC midnight', () => {
    expect(localDate(Date.parse('2026-07-31T16:00Z'), '+08:00')).toEqual({ year: 2026, month: 8, day: 1 });
    expect(localMonthDay(Date.parse('2026-07-31T15:59Z'), '+08:00')).toBe('07-31');
  });
});

describe('isWithinMonthDays', () => {
  it.each([
    ['06-01', '06-01', '09-30', true],
    ['09-30', '06-01', '09-30', true],
    ['10-01', '06-01', '09-30', false],
    ['12-31', '11-01', '02-28', true],
    ['03-01', '11-01', '02-28', false],
  ])('places %s against %s..%s', (day, from, to, expected) => {
    expect(isWithinMonthDays(day, from, to)).toBe(expected);
  });
});

describe('daysUntil', () => {
  it('counts local calendar days, whatever the hour', () => {
    const lateEvening = Date.parse('2026-07-01T23:59+08:00');
    expect(daysUntil('2026-07-02', lateEvening, '+08:00')).toBe(1);
    expect(daysUntil('2026-07-01', lateEvening, '+08:00')).toBe(0);
    expect(daysUntil('2026-06-30', lateEvening, '+08:00')).toBe(-1);
  });
});
