import type { ReadingPoint } from '../../protocol/index.js';
import { MINUTE_MS } from '../local-time.js';
import type { LevelSample } from '../rate-of-rise.js';

/** What the rules need from one station's readings at one instant. */
export type StationData = {
  /** The newest reading, faulty or not. */
  latest: ReadingPoint | undefined;
  /** The newest trusted reading (no sensor fault, not suspect): the level the level rules judge. */
  latestGood: ReadingPoint | undefined;
  /** The trusted readings, for the rate of rise. */
  goodSamples: LevelSample[];
  /** The newest good reading when it is suspect and waits for the next one to confirm it (issue 15.1). */
  pendingSuspect: ReadingPoint | undefined;
  /** The newest reading is good and no older than the station's stale interval. */
  isFresh: boolean;
};

/** Sorts a station's history (oldest first) into what the level, rise and stale rules need at `now`. */
export function stationData(
  history: readonly ReadingPoint[],
  now: number,
  staleAfterMinutes: number,
): StationData {
  const goodSamples: LevelSample[] = [];
  let pendingSuspect: ReadingPoint | undefined;
  for (const point of history) {
    // A level-sensor fault (SL 651 ZT bit) makes the reading's level meaningless, so it never feeds a rule; a
    // suspect reading (beyond what the station can do, not confirmed) feeds none until it is confirmed.
    if (point.sensorFault) continue;
    pendingSuspect = point.suspect ? point : undefined;
    if (!point.suspect) goodSamples.push({ at: point.at, level: point.level });
  }
  const latest = history[history.length - 1];
  const good = goodSamples[goodSamples.length - 1];
  const latestGood = good ? { at: good.at, level: good.level } : undefined;
  // A reading stamped slightly ahead of `now` (source clock skew) is as fresh as one stamped now.
  const isFresh =
    latest !== undefined &&
    !latest.sensorFault &&
    Math.max(0, now - latest.at) <= staleAfterMinutes * MINUTE_MS;
  return { latest, latestGood, goodSamples, pendingSuspect, isFresh };
}
