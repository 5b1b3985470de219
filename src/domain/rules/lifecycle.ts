import type { Condition } from './condition.js';

/** What the lifecycle needs to know about an open alert. */
export type TrackedAlert = {
  key: string;
  state: 'triggered' | 'acknowledged';
  value: number | null;
  /** The value when it was acknowledged: new data is judged against it. */
  ackValue: number | null;
  /** When its condition went clear, while it waits out the minimum hold; null while the condition holds. */
  clearSince: number | null;
  hasNewData: boolean;
};

/** What to do with one key's alert after one evaluation. */
export type Transition =
  | { kind: 'open' }
  | { kind: 'update'; value: number | null; hasNewData: boolean; clearSince: null }
  | { kind: 'clearing'; clearSince: number }
  | { kind: 'close'; reason: 'cleared' }
  | { kind: 'none' };

/** Options of {@link reconcile}. */
export type ReconcileOptions = {
  /** How long a condition must stay clear before its alert closes. */
  minHoldMs: number;
  /** The alert's own autoClose (stored when it opened: a clear condition no longer says). */
  autoClose: boolean;
  /** The key was resolved by hand and its condition has not cleared since: do not re-open it. */
  blockReopen: boolean;
};

/**
 * How far a value must move past the acknowledged one to count as new data: a centimetre of water, a hundredth of
 * a m/h, less than one counted unit. Smaller moves are gauge noise, not news.
 */
export const NEW_DATA_EPSILON = 0.01;

/**
 * The pure alert state machine for one key: compares the open alert (if any) with the current condition (absent
 * = clear). A condition that returns during the hold cancels the clearing. An alert with autoClose false is never
 * closed here: its clearing is recorded once (so the console can say "cleared at …, close by hand"), then nothing.
 * While the condition holds, every call returns `update` (titles may change with it); a caller that stores alerts
 * skips the write when nothing it keeps has changed.
 */
export function reconcile(
  open: TrackedAlert | undefined,
  condition: Condition | undefined,
  now: number,
  opts: ReconcileOptions,
): Transition {
  if (!open) {
    // `hold` keeps an open alert open but never opens one: that is what makes the band a band.
    return condition?.status === 'set' && !opts.blockReopen ? { kind: 'open' } : { kind: 'none' };
  }
  if (condition) {
    const hasNewData =
      open.hasNewData || (open.state === 'acknowledged' && isWorse(condition, open.ackValue));
    return { kind: 'update', value: condition.value, hasNewData, clearSince: null };
  }
  const clearSince = open.clearSince ?? now;
  if (opts.autoClose && now - clearSince >= opts.minHoldMs) return { kind: 'close', reason: 'cleared' };
  return open.clearSince === null ? { kind: 'clearing', clearSince: now } : { kind: 'none' };
}

// New data stays flagged until the next acknowledgement: a level that rose and fell back still deserves a look.
function isWorse(condition: Condition, ackValue: number | null): boolean {
  const value = condition.value;
  if (value === null) return false;
  const isLower = condition.worseWhen === 'lower';
  if (condition.worseThan !== undefined)
    return isLower ? value < condition.worseThan : value > condition.worseThan;
  if (ackValue === null) return false;
  return isLower ? value < ackValue - NEW_DATA_EPSILON : value > ackValue + NEW_DATA_EPSILON;
}
