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
