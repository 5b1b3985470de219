import { MINUTE_MS } from './local-time.js';

/**
 * How far back from a station's newest trusted reading every screen judges it, reading for reading: the rate of
 * rise over the station's `rateWindowMinutes`, the rainfall's last hour over 60 minutes; stale, sensor fault and
 * suspect read the newest points only. A thinned snapshot history (issue 19.6) keeps this part exactly, and a
 * relay forwards from such a history only this part and the oldest reading.
 */
export function exactTailMs(rateWindowMinutes: number): number {
  return Math.max(rateWindowMinutes, 60) * MINUTE_MS;
}

/**
 * Where a history's exact part begins: `exactTailMs` before its newest trusted (non-suspect) reading, or its
 * newest reading when every one is suspect; undefined for an empty history. The collector thins before this
 * instant and the relay forwards from it, so the two agree on which points are real readings.
 */
export function exactTailStart(
  history: readonly { at: number; suspect?: true | undefined }[],
  rateWindowMinutes: number,
): number | undefined {
  let newest = history[history.length - 1];
  for (let i = history.length - 1; i >= 0; i--) {
    const point = history[i];
    if (point && !point.suspect) {
      newest = point;
      break;
    }
  }
  return newest === undefined ? undefined : newest.at - exactTailMs(rateWindowMinutes);
}
