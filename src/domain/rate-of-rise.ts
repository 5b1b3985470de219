/** One level observation: epoch ms and metres. */
export type LevelSample = { at: number; level: number };

const HOUR_MS = 3_600_000;

/** Fewer trusted readings than this in the window give no rate ("—"), never a number (issue 15.1). */
export const MIN_RATE_SAMPLES = 3;

/** The shortest span the readings must cover when the station sets none (plausibility.ts has the default). */
export const DEFAULT_MIN_SPAN_MINUTES = 10;

/**
 * Past this many samples the window is thinned evenly before fitting, keeping the pairwise fit at a bounded
 * cost (240² / 2 ≈ 29k slopes) however often a gateway reports.
 */
export const MAX_RATE_SAMPLES = 240;

/**
 * The rate of rise in m/h (negative when falling) over the samples in `[now − windowMinutes, now]`, or undefined
 * with fewer than three samples there or when they span less than `minSpanMinutes`: two readings, one of them a
 * glitch, once showed −14.98 m/h. Pass trusted samples only (no suspect or faulty readings).
 *
 * The fit is Theil–Sen: the median of the slopes between every pair of samples, each slope taken over real time,
 * so irregular intervals weigh correctly. It was chosen over least squares with the worst residual dropped
 * because it needs no refit, has no threshold to tune, and stays put with up to ~29 % bad points, not just one —
 * telemetry spikes (a wave on the float, a BCD glitch) often come in twos.
 */
export function rateOfRise(
  samples: readonly LevelSample[],
  now: number,
  windowMinutes: number,
  minSpanMinutes = DEFAULT_MIN_SPAN_MINUTES,
): number | undefined {
  const from = now - windowMinutes * 60_000;
  const inWindow = samples.filter((s) => s.at >= from && s.at <= now && Number.isFinite(s.level));
  if (inWindow.length < MIN_RATE_SAMPLES) return undefined;
  const sorted = thin(
    [...inWindow].sort((a, b) => a.at - b.at),
    MAX_RATE_SAMPLES,
  );
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  // At least a minute whatever the setting: readings stamped the same minute say nothing about a rate.
  const minSpanMs = Math.max(60_000, minSpanMinutes * 60_000);
  if (!first || !last || last.at - first.at < minSpanMs) return undefined;
  const slopes: number[] = [];
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i + 1; j < sorted.length; j++) {
      const a = sorted[i];
      const b = sorted[j];
      // Two readings stamped the same instant say nothing about a rate.
      if (!a || !b || b.at === a.at) continue;
      slopes.push((b.level - a.level) / (b.at - a.at));
    }
  }
  const slope = median(slopes);
  return slope === undefined ? undefined : slope * HOUR_MS;
}

// Keeps `max` samples spread evenly by index, always including the first and the last.
function thin(sorted: LevelSample[], max: number): LevelSample[] {
  if (sorted.length <= max) return sorted;
  const step = (sorted.length - 1) / (max - 1);
  const kept: LevelSample[] = [];
  for (let k = 0; k < max; k++) {
    const sample = sorted[Math.round(k * step)];
    if (sample) kept.push(sample);
  }
  return kept;
}

function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid];
  const lower = sorted[sorted.length % 2 === 0 ? mid - 1 : mid];
  if (upper === undefined || lower === undefined) return undefined;
  return (lower + upper) / 2;
}
