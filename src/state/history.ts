import { HISTORY_MAX_POINTS, HISTORY_WINDOW_MS, type ReadingPoint } from '../protocol/index.js';

/**
 * A station's history with one more reading: inserted in time order (late readings happen), then trimmed to the
 * feed's window before the newest reading and to its point limit. The collector trims the same way, so a
 * history kept up by deltas equals the one a fresh snapshot would carry.
 */
export function appendReading(history: readonly ReadingPoint[], point: ReadingPoint): ReadingPoint[] {
  let i = history.length;
  while (i > 0 && (history[i - 1] as ReadingPoint).at > point.at) i -= 1;
  // The same reading sent again carries a new verdict (a suspect one confirmed): it replaces, never duplicates.
  const same = history[i - 1];
  if (same && same.at === point.at && same.level === point.level) {
    return [...history.slice(0, i - 1), point, ...history.slice(i)];
  }
  const next = [...history.slice(0, i), point, ...history.slice(i)];
  const newest = (next[next.length - 1] as ReadingPoint).at;
  let drop = 0;
  while (drop < next.length && (next[drop] as ReadingPoint).at < newest - HISTORY_WINDOW_MS) drop += 1;
  drop = Math.max(drop, next.length - HISTORY_MAX_POINTS);
  return drop > 0 ? next.slice(drop) : next;
}

/**
 * A station's whole history as the collector sent it (`history.get`), with any reading this client holds that is
 * newer than its newest: the answer is as new as the picture when it left, so in practice it is the answer itself.
 */
export function wholeHistory(whole: readonly ReadingPoint[], held: readonly ReadingPoint[]): ReadingPoint[] {
  const newest = whole[whole.length - 1]?.at ?? Number.NEGATIVE_INFINITY;
  let history = [...whole];
  for (const point of held) if (point.at > newest) history = appendReading(history, point);
  return history;
}
