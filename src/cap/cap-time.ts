/**
 * CAP 1.2 dateTime: `YYYY-MM-DDThh:mm:ss±hh:mm`, always with a numeric offset. The spec forbids "Z" (UTC is
 * written `-00:00`) and the XSD pattern allows no fractional seconds, so this is stricter than xs:dateTime.
 */

const CAP_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})([+-])(\d{2}):(\d{2})$/;
const OFFSET = /^([+-])(\d{2}):(\d{2})$/;
const MINUTE_MS = 60_000;

/** Minutes east of UTC for `±hh:mm`, or undefined outside xs:dateTime's range (±14:00). */
function offsetMinutes(sign: string, hh: string, mm: string): number | undefined {
  const hours = Number(hh);
  const minutes = Number(mm);
  if (minutes > 59 || hours > 14 || (hours === 14 && minutes !== 0)) return undefined;
  const total = hours * 60 + minutes;
  return sign === '-' ? -total : total;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Why `s` is not a CAP dateTime, or undefined when it is one. */
export function capTimeProblem(s: string): string | undefined {
  const match = CAP_TIME.exec(s);
  if (!match) {
    if (/Z$/i.test(s)) {
      return `"${s}" ends in "Z", which CAP 1.2 forbids: write the offset as digits (UTC is -00:00)`;
    }
    if (/T\d{2}:\d{2}:\d{2}\.\d+/.test(s)) {
      return `"${s}" has fractional seconds, which CAP 1.2 does not allow (YYYY-MM-DDThh:mm:ss±hh:mm)`;
    }
    return `"${s}" is not a CAP dateTime (YYYY-MM-DDThh:mm:ss±hh:mm, e.g. 2026-07-20T02:15:00+08:00)`;
  }
  const [, y, mo, d, h, mi, se, sign, oh, om] = match as unknown as string[];
  const year = Number(y);
  const month = Number(mo);
  if (month < 1 || month > 12 || Number(d) < 1 || Number(d) > daysInMonth(year, month)) {
    return `"${s}" names a date that does not exist`;
  }
  if (Number(h) > 23 || Number(mi) > 59 || Number(se) > 59)
    return `"${s}" names a time of day that does not exist`;
  if (offsetMinutes(sign!, oh!, om!) === undefined) return `"${s}" has an offset outside -14:00..+14:00`;
  return undefined;
}

/** Epoch milliseconds of a CAP dateTime, or NaN when `s` is not one (a "Z" time included). */
export function capTimeToMs(s: string): number {
  if (capTimeProblem(s) !== undefined) return Number.NaN;
  const [, y, mo, d, h, mi, se, sign, oh, om] = CAP_TIME.exec(s) as unknown as string[];
  const local = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(se));
  // Date.UTC maps years 0..99 to 1900..1999; CAP years are four digits, so set the year explicitly.
  const date = new Date(local);
  date.setUTCFullYear(Number(y));
  return date.getTime() - offsetMinutes(sign!, oh!, om!)! * MINUTE_MS;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * The instant `ms` as a CAP dateTime in the zone `utcOffset` (`+08:00`; `-00:00` for UTC). Milliseconds are
 * dropped (CAP has no fractional seconds). Throws a RangeError for an offset or instant CAP cannot express.
 */
export function formatCapTime(ms: number, utcOffset: string): string {
  const match = OFFSET.exec(utcOffset);
  const minutes = match ? offsetMinutes(match[1]!, match[2]!, match[3]!) : undefined;
  if (minutes === undefined) throw new RangeError(`utcOffset must look like +08:00, got "${utcOffset}"`);
  if (!Number.isFinite(ms)) throw new RangeError(`cannot format ${ms} as a CAP dateTime`);
  const local = new Date(Math.floor(ms / 1000) * 1000 + minutes * MINUTE_MS);
  const year = local.getUTCFullYear();
  if (year < 0 || year > 9999) throw new RangeError(`year ${year} does not fit a CAP dateTime`);
  return (
    `${pad(year, 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}` +
    `T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}${utcOffset}`
  );
}
