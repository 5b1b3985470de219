/**
 * CAP 1.2 dateTime: `YYYY-MM-DDThh:mm:ss±hh:mm`, always with a numeric offset. The spec forbids "Z" (UTC is
 * written `-00:00`) and the XSD pattern allows no fractional seconds, so this is stricter than xs:dateTime.
 */
import {
  formatLocal,
  instantOfLocal,
  isRealDate,
  isRealLocalTime,
  isUtcOffset,
  type LocalDateTime,
  localDateTime,
} from '../domain/local-time.js';

const CAP_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})([+-]\d{2}:\d{2})$/;

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
  const local = localOf(match);
  if (!isRealDate(local.year, local.month, local.day)) return `"${s}" names a date that does not exist`;
  if (!isRealLocalTime(local)) return `"${s}" names a time of day that does not exist`;
  if (!isUtcOffset(match[7]!)) return `"${s}" has an offset outside -14:00..+14:00`;
  return undefined;
}

function localOf(match: RegExpExecArray): LocalDateTime {
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = match.slice(1, 7).map(Number);
  return { year, month, day, hour, minute, second };
}

/** Epoch milliseconds of a CAP dateTime, or NaN when `s` is not one (a "Z" time included). */
export function capTimeToMs(s: string): number {
  if (capTimeProblem(s) !== undefined) return Number.NaN;
  const match = CAP_TIME.exec(s)!;
  return instantOfLocal(localOf(match), match[7]!) ?? Number.NaN;
}

/**
 * The instant `ms` as a CAP dateTime in the zone `utcOffset` (`+08:00`; `-00:00` for UTC). Milliseconds are
 * dropped (CAP has no fractional seconds). Throws a RangeError for an offset or instant CAP cannot express.
 */
export function formatCapTime(ms: number, utcOffset: string): string {
  if (!Number.isFinite(ms)) throw new RangeError(`cannot format ${ms} as a CAP dateTime`);
  const { year } = localDateTime(ms, utcOffset);
  if (year < 0 || year > 9999) throw new RangeError(`year ${year} does not fit a CAP dateTime`);
  return `${formatLocal(ms, utcOffset, 'YYYY-MM-DDTHH:mm:ss')}${utcOffset}`;
}
