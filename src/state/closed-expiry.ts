import type { AlertFeed } from '../protocol/index.js';
import { CLOSED_VISIBLE_MS, type IncidentFeed, type ObligationFeed } from '../protocol/index.js';

type Expirable = {
  alerts: Map<number, AlertFeed>;
  incidents: Map<string, IncidentFeed>;
  obligations: Map<number, ObligationFeed>;
};

/**
 * Drops what the collector no longer sends a new watcher: alerts closed, and incidents closed, more than
 * CLOSED_VISIBLE_MS before `now` (the collector's clock), and the reporting clocks of those incidents that are not
 * open themselves. A console kept up by deltas for days otherwise held every alert it ever saw, and listed closed
 * ones a console started beside it did not, with every render walking them all.
 */
export function dropExpiredClosed(next: Expirable, now: number): void {
  const cutoff = now - CLOSED_VISIBLE_MS;
  for (const [id, alert] of next.alerts)
    if (alert.state === 'closed' && (alert.closedAt ?? alert.updatedAt) < cutoff) next.alerts.delete(id);
  for (const [code, incident] of next.incidents)
    if (incident.status === 'closed' && incident.updatedAt < cutoff) next.incidents.delete(code);
  for (const [id, obligation] of next.obligations)
    if (obligation.state !== 'open' && !next.incidents.has(obligation.incident)) next.obligations.delete(id);
}
