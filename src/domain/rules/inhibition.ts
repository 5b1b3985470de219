import type { InhibitSlot } from './condition.js';

/** An alert as inhibition sees it: its id, its state and its inhibition slot, if it has one. */
export type InhibitableAlert = { id: number; state: string; inhibit?: InhibitSlot | undefined };

/**
 * Which open alerts are hidden, and by which: within a group the highest-ranked open alert inhibits every
 * lower-ranked one. Equal ranks never inhibit each other (of several top-ranked alerts the oldest, lowest id,
 * is named); closed alerts inhibit nothing. Returns inhibited id → inhibiting id.
 */
export function inhibitions(alerts: readonly InhibitableAlert[]): Map<number, number> {
  const top = new Map<string, { id: number; rank: number }>();
  for (const alert of alerts) {
    if (alert.state === 'closed' || !alert.inhibit) continue;
    const current = top.get(alert.inhibit.group);
    const { rank } = alert.inhibit;
    if (!current || rank > current.rank || (rank === current.rank && alert.id < current.id)) {
      top.set(alert.inhibit.group, { id: alert.id, rank });
    }
  }
  const inhibited = new Map<number, number>();
  for (const alert of alerts) {
    if (alert.state === 'closed' || !alert.inhibit) continue;
    const winner = top.get(alert.inhibit.group);
    if (winner && alert.inhibit.rank < winner.rank) inhibited.set(alert.id, winner.id);
  }
  return inhibited;
}
