/** The delivery retry policy (config `notify.delivery`). */
export type RetryPolicy = { maxTries: number; backoffSeconds: number; maxBackoffSeconds: number };

/**
 * After `tries` failed attempts: give up (a permanent failure, or tries used up), or wait and try again. The
 * wait doubles each try up to the cap, and is drawn between half and all of it (`random` in [0, 1)) so that
 * deliveries failing together do not all come back together.
 */
export function afterFailure(
  tries: number,
  permanent: boolean,
  policy: RetryPolicy,
  random: number,
): { giveUp: true } | { giveUp: false; waitMs: number } {
  if (permanent || tries >= policy.maxTries) return { giveUp: true };
  const full = Math.min(policy.maxBackoffSeconds, policy.backoffSeconds * 2 ** Math.max(0, tries - 1)) * 1000;
  return { giveUp: false, waitMs: Math.round(full * (0.5 + 0.5 * random)) };
}
