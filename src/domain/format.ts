const SECOND_MS = 1000;
const MINUTE_S = 60;
const HOUR_S = 3600;
const DAY_S = 86_400;

/** What every formatter shows for a missing or non-finite value; ASCII so the Linux console can draw it. */
export const NO_VALUE = '--';

/**
 * A compact duration: `45s`, `12m`, `3h05m`, `2d4h`; negative (overdue) as `-5m`. Truncates toward zero, so a
 * countdown never shows more time than is left.
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return NO_VALUE;
  const totalS = Math.trunc(Math.abs(ms) / SECOND_MS);
  if (totalS === 0) return '0s';
  const sign = ms < 0 ? '-' : '';
  if (totalS < MINUTE_S) return `${sign}${totalS}s`;
  if (totalS < HOUR_S) return `${sign}${Math.trunc(totalS / MINUTE_S)}m`;
  if (totalS < DAY_S) {
    const hours = Math.trunc(totalS / HOUR_S);
    const minutes = Math.trunc((totalS % HOUR_S) / MINUTE_S);
    return `${sign}${hours}h${String(minutes).padStart(2, '0')}m`;
  }
  const days = Math.trunc(totalS / DAY_S);
  return `${sign}${days}d${Math.trunc((totalS % DAY_S) / HOUR_S)}h`;
}

/**
 * How old a reading is, compact as {@link formatDuration}; `--` when there is none. A reading stamped a little
 * ahead of the local clock reads `0s` rather than a confusing negative age.
 */
export function formatAge(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return NO_VALUE;
  return formatDuration(Math.max(0, ms));
}

/** A water level in metres with two decimals (centimetres), e.g. `123.45`. */
export function formatLevel(m: number | undefined): string {
  if (m === undefined || !Number.isFinite(m)) return NO_VALUE;
  return fixed(m, 2);
}

/** A rate of rise with its sign, e.g. `+0.12 m/h`, `-0.05 m/h`, `0.00 m/h` when it rounds to zero. */
export function formatRate(mPerH: number | undefined): string {
  if (mPerH === undefined || !Number.isFinite(mPerH)) return `${NO_VALUE} m/h`;
  const text = fixed(mPerH, 2);
  const sign = mPerH > 0 && text !== '0.00' ? '+' : '';
  return `${sign}${text} m/h`;
}

// toFixed keeps the sign of a value that rounds to zero (`-0.001` → `-0.00`); nobody wants to read that.
function fixed(value: number, digits: number): string {
  const text = value.toFixed(digits);
  return /^-0\.?0*$/.test(text) ? text.slice(1) : text;
}
