import type { Db } from '../db/open-database.js';
import { Refusal } from '../refusal.js';

/**
 * The bound on CAP warnings in force per sender (issue 13: alerts per subject): each one is an alert on every
 * console, so a sender — or a source passing its messages on — that opens thousands would bury the real ones.
 * Updates and cancels of a warning already open are never refused; only a new one past the bound.
 */
export function createActiveWarningLimit(db: Db, max: () => number) {
  // Walks the active threads only (partial index cap_threads_live), which this bound keeps few per sender.
  const countActive = db.prepare<[string, number], { n: number }>(
    `SELECT COUNT(*) AS n FROM cap_threads
     WHERE state = 'active' AND sender = ? AND (expires_at IS NULL OR expires_at > ?)`,
  );

  /** Throws LIMIT_REACHED unless `sender` may open one more warning at `at`. */
  return function requireRoom(sender: string, at: number): void {
    const bound = max();
    const active = countActive.get(sender, at)?.n ?? 0;
    if (active < bound) return;
    throw new Refusal(
      'LIMIT_REACHED',
      `xml: sender "${sender}" already has ${active} warnings in force (server.maxActiveCapWarningsPerSender ` +
        `is ${bound}); update or cancel one of them, or ask the bureau to raise the limit`,
      'xml',
    );
  };
}
