import { capTimeToMs, formatCapTime } from './cap-time.js';

const CAP_TIME = /\b(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})([+-]\d{2}:\d{2})\b/g;
// The time of issue inside a GB/T 35965.1 identifier: `…_YYYYMMDDhhmmss_N`, Beijing time.
const GB_STAMP = /_(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})_(\d)\b/g;

/**
 * Moves every time in a CAP document by `shiftMs` — `sent`, `effective`, `onset`, `expires`, the `sent` of each
 * reference, and the time stamp of GB/T 35965.1 identifiers — so a recorded drill replays as if it were
 * happening now: its warnings are in force, its references still match, and a second run does not collide with
 * the identifiers of the first. Each time keeps its own offset.
 */
export function shiftCapTimes(xml: string, shiftMs: number): string {
  if (shiftMs === 0) return xml;
  const shifted = xml.replace(CAP_TIME, (whole, _local: string, offset: string) => {
    const ms = capTimeToMs(whole);
    return Number.isNaN(ms) ? whole : formatCapTime(ms + shiftMs, offset);
  });
  return shifted.replace(GB_STAMP, (whole, y, mo, d, h, mi, s, n) => {
    const ms = capTimeToMs(`${y}-${mo}-${d}T${h}:${mi}:${s}+08:00`);
    if (Number.isNaN(ms)) return whole;
    return `_${formatCapTime(ms + shiftMs, '+08:00')
      .slice(0, 19)
      .replace(/[-T:]/g, '')}_${n}`;
  });
}
