const WINDOW_MS = 60_000;
const FREE_FAILURES = 5;
const MAX_DELAY_MS = 5000;
const MAX_ADDRESSES = 10_000;

/**
 * Failed token attempts per remote address: the first few are answered at once (a typo), then each answer is
 * delayed longer, up to 5 s, so guessing tokens from one address crawls. Bounded in memory.
 */
/** Failed token attempts per address, and the delay the next answer to that address waits. */
export type AuthFailures = {
  /** Records a failure and returns how long to wait before answering it, ms. */
  fail(address: string, now: number): number;
  /** A good token from the address clears its record. */
  succeed(address: string): void;
};

export function createAuthFailures(): AuthFailures {
  const failures = new Map<string, { count: number; since: number }>();
  return {
    /** Records a failure and returns how long to wait before answering it, ms. */
    fail(address: string, now: number): number {
      let entry = failures.get(address);
      if (!entry || now - entry.since > WINDOW_MS) entry = { count: 0, since: now };
      entry.count += 1;
      failures.delete(address);
      failures.set(address, entry);
      if (failures.size > MAX_ADDRESSES) failures.delete(failures.keys().next().value as string);
      if (entry.count <= FREE_FAILURES) return 0;
      return Math.min(MAX_DELAY_MS, 100 * 2 ** (entry.count - FREE_FAILURES - 1));
    },
    /** A good token from the address clears its record. */
    succeed(address: string): void {
      failures.delete(address);
    },
  };
}
