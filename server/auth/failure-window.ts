const WINDOW_MS = 60_000;
const MAX_ADDRESSES = 10_000;

/**
 * Failures per remote address within a minute, for slowing down or refusing an address that keeps guessing.
 * Bounded in memory: when full, the address that failed longest ago is forgotten first.
 */
export type FailureWindow = {
  /** Records a failure; returns how many the address has made in its window, this one included. */
  record(address: string, now: number): number;
  /** How many failures the address has made in its window; 0 once the window has passed. */
  count(address: string, now: number): number;
  forget(address: string): void;
};

export function createFailureWindow(): FailureWindow {
  const failures = new Map<string, { count: number; since: number }>();
  return {
    record(address: string, now: number): number {
      let entry = failures.get(address);
      if (!entry || now - entry.since > WINDOW_MS) entry = { count: 0, since: now };
      entry.count += 1;
      // Moved to the end of the map's order, so the first key is always the one to forget when full.
      failures.delete(address);
      failures.set(address, entry);
      if (failures.size > MAX_ADDRESSES) failures.delete(failures.keys().next().value as string);
      return entry.count;
    },
    count(address: string, now: number): number {
      const entry = failures.get(address);
      return entry !== undefined && now - entry.since <= WINDOW_MS ? entry.count : 0;
    },
    forget(address: string): void {
      failures.delete(address);
    },
  };
}
