import type { Station } from '../protocol/index.js';
import { MINUTE_MS } from './local-time.js';

/** What a station can physically do, for telling a glitch (a wave on the float, a BCD error) from water. */
export type Plausibility = {
  /** The fastest a level can move, m per minute, in either direction. */
  maxChangePerMinute: number;
  /** A reading within this many metres of the recent median is never suspect, however short the interval. */
  band: number;
  /** How many recent trusted readings the median is taken over. */
  medianOf: number;
  /** The rate of rise needs three trusted readings spanning at least this long, or it says "—". */
  rateMinSpanMinutes: number;
};

/**
 * Defaults for a county's reservoirs and rivers: 3 m/h is beyond all but a flash flood in a gully, and half a
 * metre covers gauge noise and waves. Each station may set its own (`plausibility` in the config).
 */
export const DEFAULT_PLAUSIBILITY: Plausibility = {
  maxChangePerMinute: 0.05,
  band: 0.5,
  medianOf: 5,
  rateMinSpanMinutes: 10,
};

/** The station's plausibility limits, its own where configured, else the defaults. */
export function plausibilityOf(station: Pick<Station, 'plausibility'>): Plausibility {
  return { ...DEFAULT_PLAUSIBILITY, ...station.plausibility };
}

/** A reading as the plausibility check sees it; `suspect` is the verdict already given (for judging onwards). */
export type JudgedPoint = { at: number; level: number; sensorFault?: boolean; suspect?: boolean };

/** Suspect flags for `points[start..]`, in order. */
export type Verdicts = { start: number; suspect: boolean[] };

/**
 * Judges readings (oldest first) from index `from` on, taking the flags already on the points before it as given.
 * A reading is suspect when it moved away from the last trusted one faster than `maxChangePerMinute` allows AND
 * lies outside `band` around the median of the recent trusted readings. The next reading decides: if it agrees
 * with the suspect one (within the rate from it, or within the band), it confirms it — both are trusted, the
 * suspect one from when it was observed; otherwise the suspect one stays suspect and the new one is judged
 * against the last trusted reading in turn. A reading with a sensor fault is neither: it is skipped.
 * `start` is below `from` when the first new reading settles a suspect one before it.
 */
export function judgeReadings(points: readonly JudgedPoint[], limits: Plausibility, from = 0): Verdicts {
  const state = stateBefore(points, from, limits.medianOf);
  const start = state.pending ?? from;
  const suspect: boolean[] = [];
  for (let i = start; i < from; i++) suspect.push(points[i]?.suspect === true);
  for (let i = from; i < points.length; i++) {
    const p = points[i] as JudgedPoint;
    suspect.push(false);
    if (p.sensorFault) continue;
    const pending = state.pending === undefined ? undefined : (points[state.pending] as JudgedPoint);
    if (pending && state.pending !== undefined && agrees(pending, p, limits)) {
      suspect[state.pending - start] = false;
      trust(state, pending, limits.medianOf);
      trust(state, p, limits.medianOf);
      state.pending = undefined;
      continue;
    }
    state.pending = undefined;
    if (state.lastTrusted && isJump(state.lastTrusted, p, state.recent, limits)) {
      suspect[i - start] = true;
      state.pending = i;
      continue;
    }
    trust(state, p, limits.medianOf);
  }
  return { start, suspect };
}

/** Whether a reading is trusted: no sensor fault, not suspect. */
export function isTrusted(point: JudgedPoint): boolean {
  return !point.sensorFault && !point.suspect;
}

type JudgeState = { lastTrusted: JudgedPoint | undefined; recent: number[]; pending: number | undefined };

// Rebuilt from the verdicts already given: the last trusted reading, the recent trusted levels, and a suspect
// reading still waiting for the next one (the newest good reading before `from`, if suspect).
function stateBefore(points: readonly JudgedPoint[], from: number, medianOf: number): JudgeState {
  const state: JudgeState = { lastTrusted: undefined, recent: [], pending: undefined };
  let isNewestGood = true;
  for (let i = from - 1; i >= 0 && state.recent.length < medianOf; i--) {
    const p = points[i] as JudgedPoint;
    if (p.sensorFault) continue;
    if (p.suspect) {
      if (isNewestGood) state.pending = i;
    } else {
      state.lastTrusted ??= p;
      state.recent.unshift(p.level);
    }
    isNewestGood = false;
  }
  return state;
}

function trust(state: JudgeState, p: JudgedPoint, medianOf: number): void {
  state.lastTrusted = p;
  state.recent.push(p.level);
  if (state.recent.length > medianOf) state.recent.shift();
}

// Intervals under a minute are taken as a minute: two readings seconds apart may differ by gauge noise.
function allowed(from: JudgedPoint, to: JudgedPoint, limits: Plausibility): number {
  return limits.maxChangePerMinute * Math.max(1, Math.abs(to.at - from.at) / MINUTE_MS);
}

function isJump(ref: JudgedPoint, p: JudgedPoint, recent: readonly number[], limits: Plausibility): boolean {
  if (Math.abs(p.level - ref.level) <= allowed(ref, p, limits)) return false;
  const centre = median(recent) ?? ref.level;
  return Math.abs(p.level - centre) > limits.band;
}

function agrees(pending: JudgedPoint, p: JudgedPoint, limits: Plausibility): boolean {
  const gap = Math.abs(p.level - pending.level);
  return gap <= allowed(pending, p, limits) || gap <= limits.band;
}

function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 0
    ? ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
    : (sorted[mid] as number);
}
