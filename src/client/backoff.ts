/** Reconnection delays: the first retry waits up to `initialMs`, each later one up to twice as long, capped at `maxMs`. */
export type BackoffOptions = { initialMs: number; maxMs: number };

/** 250 ms first, then doubling to 30 s: quick after a blip, gentle on a collector that is down for a while. */
export const DEFAULT_BACKOFF: Readonly<BackoffOptions> = { initialMs: 250, maxMs: 30_000 };

/**
 * The delay before retry number `attempt` (0 for the first): exponential backoff with full jitter
 * (AWS Architecture Blog, "Exponential Backoff and Jitter", 2015), so the consoles and walls cut off by one
 * collector restart do not all come back in the same millisecond.
 */
export function backoffDelay(
  attempt: number,
  backoff: BackoffOptions,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(backoff.maxMs, backoff.initialMs * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * ceiling);
}
