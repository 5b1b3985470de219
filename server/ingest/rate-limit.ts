/** A token bucket per source token: `perSecond` sustained, `burst` at once. Time is passed in. */
export function createRateLimiter(settings: () => { perSecond: number; burst: number }) {
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
export type RateLimiter = ReturnType<typeof createRateLimiter>;

/** Consecutive refusals after which a source that keeps pushing is disconnected (close code 1008). */
export const RATE_LIMIT_CLOSE_AFTER = 100;
