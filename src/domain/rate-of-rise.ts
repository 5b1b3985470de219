import { HOUR_MS } from './local-time.js';

/** One level observation: epoch ms and metres. */
export type LevelSample = { at: number; level: number };

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
  // A typed array and a selection, not a sort: the median of ~29k slopes is wanted, not their order. Sorting
  // them on every rules pass was most of a tick with dense telemetry (issue 19: ~38 ms); selecting is linear.
  const slopes = scratchOf((sorted.length * (sorted.length - 1)) / 2);
  let n = 0;
  for (let i = 0; i < sorted.length; i++) {
    const a = sorted[i] as LevelSample;
    for (let j = i + 1; j < sorted.length; j++) {
      const b = sorted[j] as LevelSample;
      // Two readings stamped the same instant say nothing about a rate.
      if (b.at === a.at) continue;
      slopes[n++] = (b.level - a.level) / (b.at - a.at);
    }
  }
  const slope = median(slopes.subarray(0, n));
  return slope === undefined ? undefined : slope * HOUR_MS;
}

// One buffer for the slopes, reused by every call: allocating ~230 KB afresh cost more than the fit itself. It
// holds nothing between calls (each call writes what it reads), so the function stays pure.
let scratch = new Float64Array(0);
function scratchOf(length: number): Float64Array {
  if (scratch.length < length) scratch = new Float64Array(length);
  return scratch;
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

// The median of `values` (reordered in place): the middle one, or the mean of the two middle ones.
function median(values: Float64Array): number | undefined {
  const count = values.length;
  if (count === 0) return undefined;
  const mid = Math.floor(count / 2);
  const upper = selectInPlace(values, mid);
  if (count % 2 === 1) return upper;
  // After the selection everything before `mid` is ≤ the upper middle, so the lower middle is their largest.
  let lower = values[0] as number;
  for (let i = 1; i < mid; i++) if ((values[i] as number) > lower) lower = values[i] as number;
  return (lower + upper) / 2;
}

// Hoare's quickselect (median-of-three pivot): puts the k-th smallest at index k, smaller-or-equal ones before it,
// larger-or-equal after, and returns it. Linear on average; the values are finite (levels and times are).
function selectInPlace(values: Float64Array, k: number): number {
  let left = 0;
  let right = values.length - 1;
  while (right > left) {
    const middle = (left + right) >>> 1;
    const a = values[left] as number;
    const b = values[middle] as number;
    const c = values[right] as number;
    // The median of the three: guards against sorted or reversed runs of slopes.
    const pivot = Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    let i = left;
    let j = right;
    while (i <= j) {
      while ((values[i] as number) < pivot) i++;
      while ((values[j] as number) > pivot) j--;
      if (i <= j) {
        const t = values[i] as number;
        values[i] = values[j] as number;
        values[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else break;
  }
  return values[k] as number;
}
