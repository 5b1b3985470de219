/**
 * Local time in the county's zone: the one place that turns instants into wall-clock text and wall-clock
 * fields back into instants (issue 18). Every zone here is a fixed offset such as `+08:00` (China has no DST),
 * so "shift the instant, read it as UTC" is exact. A malformed offset is a config error and throws everywhere.
 */

// The lengths of a minute, an hour and a day in milliseconds, for every domain module that counts in them.
export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** A local calendar day. */
export type LocalDate = { year: number; month: number; day: number };

/** A local wall-clock time, to the second; `month` is 1..12. */
export type LocalDateTime = LocalDate & { hour: number; minute: number; second: number };

/** The text forms local times are written in across dutywatch: screens, reports, CAP, SL 651 frames. */
export type LocalTimePattern =
  | 'YYYY-MM-DDTHH:mm:ss'
  | 'YYYY-MM-DD HH:mm:ss'
  | 'YYYY-MM-DD HH:mm'
  | 'YYYY-MM-DD'
  | 'MM-DD HH:mm'
  | 'HH:mm:ss'
  | 'HH:mm'
  | 'YYYYMMDDHHmmss'
  | 'YYMMDDHHmmss'
  | 'YYMMDDHHmm';

/**
 * Converts a fixed offset such as `+08:00` to milliseconds east of UTC. Throws a RangeError on anything else,
 * including offsets beyond ±14:00 (none exists on Earth, and xs:dateTime and CAP cannot write one).
 */
export function parseUtcOffset(utcOffset: string): number {
  const minutes = offsetMinutes(utcOffset);
  if (minutes === undefined) {
    throw new RangeError(`utcOffset must look like +08:00 (at most ±14:00), got "${utcOffset}"`);
  }
  return minutes * MINUTE_MS;
}

/** Whether `text` is a fixed offset {@link parseUtcOffset} takes (`+08:00`, `-00:00`, at most ±14:00). */
export function isUtcOffset(text: string): boolean {
  return offsetMinutes(text) !== undefined;
}

function offsetMinutes(text: string): number | undefined {
  const match = /^([+-])(\d{2}):(\d{2})$/.exec(text);
  const hours = Number(match?.[2]);
  const minutes = Number(match?.[3]);
  if (!match || minutes > 59 || hours > 14 || (hours === 14 && minutes !== 0)) return undefined;
  const total = hours * 60 + minutes;
  return match[1] === '-' ? -total : total;
}

/** The wall-clock fields of the instant `ms` (epoch ms, milliseconds dropped) in the zone `utcOffset`. */
export function localDateTime(ms: number, utcOffset: string): LocalDateTime {
  const shifted = new Date(Math.floor(ms / 1000) * 1000 + parseUtcOffset(utcOffset));
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
    second: shifted.getUTCSeconds(),
  };
}

/** The calendar day at the instant `now` (epoch ms) in the zone with the given fixed offset. */
export function localDate(now: number, utcOffset: string): LocalDate {
  const { year, month, day } = localDateTime(now, utcOffset);
  return { year, month, day };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The instant `ms` as local text in `pattern` (e.g. `HH:mm:ss`); throws on a bad offset or a non-finite instant. */
export function formatLocal(ms: number, utcOffset: string, pattern: LocalTimePattern): string {
  if (!Number.isFinite(ms)) throw new RangeError(`cannot write ${ms} as a local time`);
  const t = localDateTime(ms, utcOffset);
  const fields: Record<string, string> = {
    YYYY: pad(t.year, 4),
    YY: pad(t.year % 100),
    MM: pad(t.month),
    DD: pad(t.day),
    HH: pad(t.hour),
    mm: pad(t.minute),
    ss: pad(t.second),
  };
  return pattern.replace(/YYYY|YY|MM|DD|HH|mm|ss/g, (token) => fields[token] ?? token);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Whether `year-month-day` is a day on the calendar (no 31 June, no 29 February 2027). */
export function isRealDate(year: number, month: number, day: number): boolean {
  if (![year, month, day].every(Number.isInteger) || month < 1 || month > 12) return false;
  const last = month === 2 && isLeap(year) ? 29 : DAYS_IN_MONTH[month - 1]!;
  return day >= 1 && day <= last;
}

/** Whether the fields name a moment that exists: a real day, and a time of day from 00:00:00 to 23:59:59. */
export function isRealLocalTime(t: LocalDateTime): boolean {
  const isTimeOfDay = [t.hour, t.minute, t.second].every(Number.isInteger);
  return (
    isRealDate(t.year, t.month, t.day) &&
    isTimeOfDay &&
    t.hour >= 0 &&
    t.hour <= 23 &&
    t.minute >= 0 &&
    t.minute <= 59 &&
    t.second >= 0 &&
    t.second <= 59
  );
}

/** The instant (epoch ms) of a local wall-clock time in the zone `utcOffset`, or undefined when it does not exist. */
export function instantOfLocal(t: LocalDateTime, utcOffset: string): number | undefined {
  const offset = parseUtcOffset(utcOffset);
  if (!isRealLocalTime(t)) return undefined;
  const date = new Date(Date.UTC(2000, t.month - 1, t.day, t.hour, t.minute, t.second));
  // Date.UTC maps years 0..99 to 1900..1999, so the year is set on its own.
  date.setUTCFullYear(t.year);
  return date.getTime() - offset;
}

/** The local day of the year as `MM-DD`, the form used by flood seasons and flood-limit periods. */
export function localMonthDay(now: number, utcOffset: string): string {
  const { month, day } = localDate(now, utcOffset);
  return `${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * Whether `monthDay` lies in the period `from`..`to` (both `MM-DD`, both inclusive); a period whose `to` comes
 * before its `from` wraps the year end (e.g. 11-01..02-28).
 */
export function isWithinMonthDays(monthDay: string, from: string, to: string): boolean {
  // Zero-padded MM-DD strings sort in calendar order, so string comparison is date comparison.
  if (from <= to) return monthDay >= from && monthDay <= to;
  return monthDay >= from || monthDay <= to;
}

/** Whole local days from the day containing `now` to the calendar date `isoDate` (`YYYY-MM-DD`); negative when past. */
export function daysUntil(isoDate: string, now: number, utcOffset: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!match) throw new RangeError(`expected a date as YYYY-MM-DD, got "${isoDate}"`);
  const [, year, month, day] = match;
  const today = localDate(now, utcOffset);
  const target = Date.UTC(Number(year), Number(month) - 1, Number(day));
  return Math.round((target - Date.UTC(today.year, today.month - 1, today.day)) / DAY_MS);
}
