import { exactTailStart } from '../../src/domain/history-tail.js';
import type { ReadingPoint } from '../../src/protocol/index.js';

/**
 * A station's bounded history made small for a snapshot (issue 19.6), giving every screen the same answer as the
 * full history does:
 * - the oldest reading (and any stamped the same instant) is kept: the rainfall's window starts after it;
 * - everything from `exactTailStart` on (`exactTailMs` before the newest trusted, non-suspect, reading) is kept: the
 *   status fits its rate back from that reading, and the last-hour rain back from the newest reading, no older;
 * - the readings in between are cut into at most `buckets` even time spans, each sent as one point: the span's last
 *   reading with `rain` the sum of the span's rain, so the 24-hour rain total stays exact.
 * Returns the history itself when there was nothing to thin.
 */
export function thinHistory(
  history: readonly ReadingPoint[],
  rateWindowMinutes: number,
  buckets: number,
): { history: readonly ReadingPoint[]; thinned: boolean } {
  const oldest = history[0];
  const cut = exactTailStart(history, rateWindowMinutes);
  if (!oldest || cut === undefined) return { history, thinned: false };
  let head = 0;
  while (head < history.length && (history[head] as ReadingPoint).at === oldest.at) head += 1;
  let tail = head;
  while (tail < history.length && (history[tail] as ReadingPoint).at < cut) tail += 1;
  const middle = history.slice(head, tail);
  const spans = Math.max(1, Math.floor(buckets));
  if (middle.length <= spans) return { history, thinned: false };
  const spanMs = (cut - oldest.at) / spans;
  const merged: ReadingPoint[] = [];
  let current: ReadingPoint[] = [];
  let currentSpan = -1;
  for (const point of middle) {
    const span = Math.min(spans - 1, Math.floor((point.at - oldest.at) / spanMs));
    if (span !== currentSpan && current.length > 0) {
      merged.push(mergeSpan(current));
      current = [];
    }
    currentSpan = span;
    current.push(point);
  }
  if (current.length > 0) merged.push(mergeSpan(current));
  return {
    history: [...history.slice(0, head), ...merged, ...history.slice(tail)],
    thinned: true,
  };
}

/** One point for a span: its last reading as it was, carrying all the span's rain. */
function mergeSpan(points: readonly ReadingPoint[]): ReadingPoint {
  const last = points[points.length - 1] as ReadingPoint;
  let rain: number | undefined;
  for (const p of points) if (p.rain !== undefined) rain = (rain ?? 0) + p.rain;
  const { rain: _ignored, ...rest } = last;
  // Gauges report to 0.1 mm: the sum is rounded back to tenths so floating error never shifts a total.
  return rain === undefined ? rest : { ...rest, rain: Math.round(rain * 10) / 10 };
}

/**
 * How many older-part points each station may keep when the stations' histories together exceed the snapshot's
 * budget (`server.snapshotHistoryPoints`); undefined when there is no budget (the default) or they fit and go whole.
 */
export function bucketsPerStation(
  historyLengths: readonly number[],
  budget: number | undefined,
): number | undefined {
  if (budget === undefined) return undefined;
  let total = 0;
  for (const n of historyLengths) total += n;
  if (total <= budget || historyLengths.length === 0) return undefined;
  return Math.max(1, Math.floor(budget / historyLengths.length));
}
