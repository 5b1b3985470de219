import { describe, expect, it } from 'vitest';
import { formatCapTime } from '../../src/cap/cap-time.js';
import {
  daysUntil,
  formatLocal,
  instantOfLocal,
  isRealDate,
  isWithinMonthDays,
  localDate,
  localMonthDay,
  parseUtcOffset,
} from '../../src/domain/local-time.js';
import { bcdTimeToIso } from '../../src/sl651/decode.js';
import { formatClock } from '../../src/state/selectors/context.js';

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

  it('throws on an offset no zone has (beyond ±14:00, or 60 minutes)', () => {
    expect(() => parseUtcOffset('+15:00')).toThrow(RangeError);
    expect(() => parseUtcOffset('+08:60')).toThrow(RangeError);
    expect(parseUtcOffset('-14:00')).toBe(-14 * 3_600_000);
  });
});

describe('formatLocal', () => {
  const at = Date.parse('2026-07-19T18:04:05.678Z');

  it.each([
    ['YYYY-MM-DDTHH:mm:ss', '2026-07-20T02:04:05'],
    ['YYYY-MM-DD HH:mm:ss', '2026-07-20 02:04:05'],
    ['YYYY-MM-DD HH:mm', '2026-07-20 02:04'],
    ['YYYY-MM-DD', '2026-07-20'],
    ['MM-DD HH:mm', '07-20 02:04'],
    ['HH:mm:ss', '02:04:05'],
    ['HH:mm', '02:04'],
    ['YYYYMMDDHHmmss', '20260720020405'],
    ['YYMMDDHHmmss', '260720020405'],
    ['YYMMDDHHmm', '2607200204'],
  ] as const)('writes %s in the county offset', (pattern, text) => {
    expect(formatLocal(at, '+08:00', pattern)).toBe(text);
  });

  it('throws on a bad offset everywhere it is used: screens, CAP, SL 651 frames', () => {
    // sl651/encode.ts once wrote UTC digits for a bad offset, silently an 8-hour error on every frame.
    expect(() => formatLocal(at, '+8', 'YYMMDDHHmmss')).toThrow(RangeError);
    expect(() => formatClock(at, '+8')).toThrow(RangeError);
    expect(() => formatCapTime(at, '+8')).toThrow(RangeError);
    expect(() => bcdTimeToIso('2607200204', '+8')).toThrow(RangeError);
  });
});

describe('isRealDate and instantOfLocal', () => {
  it('knows the calendar: no 31 June, 29 February only in leap years', () => {
    expect(isRealDate(2026, 6, 31)).toBe(false);
    expect(isRealDate(2028, 2, 29)).toBe(true);
    expect(isRealDate(2027, 2, 29)).toBe(false);
    expect(isRealDate(2100, 2, 29)).toBe(false);
    expect(isRealDate(2026, 13, 1)).toBe(false);
  });

  it('turns a local wall time back into its instant, and refuses one that does not exist', () => {
    const local = { year: 2026, month: 7, day: 20, hour: 2, minute: 4, second: 5 };
    expect(instantOfLocal(local, '+08:00')).toBe(Date.parse('2026-07-19T18:04:05Z'));
    expect(instantOfLocal({ ...local, hour: 24 }, '+08:00')).toBeUndefined();
    expect(instantOfLocal({ ...local, month: 6, day: 31 }, '+08:00')).toBeUndefined();
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
