import { DAY_MS, HOUR_MS } from '../../domain/local-time.js';
import type { ReadingPoint } from '../../protocol/index.js';

/** A station's rain (雨量) up to its latest reading, from what its history holds. */
export type Rainfall = {
  /** When the figures end: the latest reading's time. */
  at: number;
  /** mm in the hour before `at`. */
  lastHour: number;
  /** mm since `since`: the day before `at`, or the oldest reading held when the history reaches less far back. */
  total: number;
  since: number;
  /** Whether `since` is a whole day before `at` (the figure is the 24-hour rain, 24小时累计雨量). */
  isWholeDay: boolean;
};

/**
 * Sums the rain a station reported. Each reading's `rain` is what fell since the station's previous report, so
 * a window from T counts the readings after T; the oldest reading held has no known start and bounds the window.
 * Anchored at the latest reading, not the clock: a station that went quiet shows the rain it last reported, with
 * the time it ends, instead of a dry hour it never measured. Undefined when no reading carries rain.
 */
export function stationRainfall(history: readonly ReadingPoint[]): Rainfall | undefined {
  const latest = history[history.length - 1];
  const oldest = history[0];
  if (!latest || !oldest || !history.some((p) => p.rain !== undefined)) return undefined;
  const since = Math.max(latest.at - DAY_MS, oldest.at);
  let lastHour = 0;
  let total = 0;
  for (const point of history) {
    if (point.rain === undefined || point.at <= since) continue;
    total += point.rain;
    if (point.at > latest.at - HOUR_MS) lastHour += point.rain;
  }
  return {
    at: latest.at,
    lastHour: roundMm(lastHour),
    total: roundMm(total),
    since,
    isWholeDay: since === latest.at - DAY_MS,
  };
}

// Gauges report to 0.1 mm (SL 651 PJ); a sum of tenths in floating point is rounded back to them.
const roundMm = (mm: number) => Math.round(mm * 10) / 10;
