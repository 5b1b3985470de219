import { createFailureWindow } from './failure-window.js';

const FREE_FAILURES = 5;
const MAX_DELAY_MS = 5000;

/**
 * Failed token attempts per remote address: the first few are answered at once (a typo), then each answer is
 * delayed longer, up to 5 s, so guessing tokens from one address crawls. Bounded in memory.
 */
export type AuthFailures = {
  /** Records a failure and returns how long to wait before answering it, ms. */
  fail(address: string, now: number): number;
  /** A good token from the address clears its record. */
  succeed(address: string): void;
};

export function createAuthFailures(): AuthFailures {
  const failures = createFailureWindow();
  return {
    fail(address: string, now: number): number {
      const count = failures.record(address, now);
      if (count <= FREE_FAILURES) return 0;
      return Math.min(MAX_DELAY_MS, 100 * 2 ** (count - FREE_FAILURES - 1));
    },
    succeed(address: string): void {
      failures.forget(address);
    },
  };
}
