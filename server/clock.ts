/** The collector's source of time; injected so rules and tests run on a fixed or accelerated clock. */
export type Clock = { now(): number };

/** The wall clock. */
export const systemClock: Clock = { now: () => Date.now() };

/** A clock that starts at `start` and runs `rate` times faster than real time (demos, drills). */
export function acceleratedClock(rate: number, start = Date.now(), realNow: () => number = Date.now): Clock {
  const realStart = realNow();
  return { now: () => start + (realNow() - realStart) * rate };
}
