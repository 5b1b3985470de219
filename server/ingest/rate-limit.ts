/** A token bucket per source token: `perSecond` sustained, `burst` at once. Time is passed in. */
export function createRateLimiter(settings: () => { perSecond: number; burst: number }): RateLimiter {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    /** Takes `n` messages' worth for `key`; false when the bucket cannot cover them (nothing is taken then). */
    take(key: string, n: number, now: number): boolean {
      const { perSecond, burst } = settings();
      const bucket = buckets.get(key) ?? { tokens: burst, at: now };
      bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * perSecond);
      bucket.at = now;
      buckets.set(key, bucket);
      if (bucket.tokens < n) return false;
      bucket.tokens -= n;
      return true;
    },
  };
}
export type RateLimiter = {
  /** Takes `n` messages' worth for `key`; false when the bucket cannot cover them (nothing is taken then). */
  take(key: string, n: number, now: number): boolean;
};

/** Consecutive refusals after which a source that keeps pushing is disconnected (close code 1008). */
export const RATE_LIMIT_CLOSE_AFTER = 100;

/** How long after a token was cut off for flooding its next connection is held before it is let in. */
export const RATE_LIMIT_COOLDOWN_MS = 1000;

/**
 * Tokens recently cut off for flooding. A client that reconnects the moment it is cut off and floods again
 * costs the collector a handshake (and on `/watch` a snapshot) every few milliseconds; holding its next
 * upgrade until the cooldown has passed keeps it to one connection a second. Keyed by token name, so bounded
 * by the config.
 */
export function createCooldowns(cooldownMs = RATE_LIMIT_COOLDOWN_MS): Cooldowns {
  const until = new Map<string, number>();
  return {
    /** The token was just cut off. */
    start(name: string, now: number): void {
      until.set(name, now + cooldownMs);
    },
    /** Milliseconds the token must still wait (0: it may connect now). */
    remainingMs(name: string, now: number): number {
      const end = until.get(name);
      if (end === undefined) return 0;
      if (end <= now) {
        until.delete(name);
        return 0;
      }
      return end - now;
    },
  };
}
export type Cooldowns = {
  /** The token was just cut off. */
  start(name: string, now: number): void;
  /** Milliseconds the token must still wait (0: it may connect now). */
  remainingMs(name: string, now: number): number;
};
