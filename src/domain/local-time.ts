const MINUTE_MS = 60_000;

/** Milliseconds in one day. */
export const DAY_MS = 86_400_000;

/** A local calendar day. */
export type LocalDate = { year: number; month: number; day: number };

/** Converts a fixed offset such as `+08:00` to milliseconds east of UTC; throws on anything else (a config error). */
export function parseUtcOffset(utcOffset: string): number {
  const match = /^([+-])(\d{2}):(\d{2})$/.exec(utcOffset);
  if (!match) throw new RangeError(`utcOffset must look like +08:00, got "${utcOffset}"`);
  const [, sign, hours, minutes] = match;
  const total = Number(hours) * 60 + Number(minutes);
  return (sign === '-' ? -total : total) * MINUTE_MS;
}

/** The calendar day at the instant `now` (epoch ms) in the zone with the given fixed offset. */
export function localDate(now: number, utcOffset: string): LocalDate {
  // Shift the instant, then read it as UTC: a fixed offset has no DST, so this is exact.
  const shifted = new Date(now + parseUtcOffset(utcOffset));
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
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
