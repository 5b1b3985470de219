import { useEffect, useState } from 'react';

/**
 * The local time, advanced every `tickMs`: the one clock of the screen (the header's time and every age). No
 * other timer animates anything: over SSH every changed line is resent whole. `tickMs` 0 stops the clock (tests).
 */
export function useNow(tickMs: number, now: () => number): number {
  const [time, setTime] = useState(now);
  useEffect(() => {
    if (tickMs <= 0) return;
    const timer = setInterval(() => setTime(now()), tickMs);
    return () => clearInterval(timer);
  }, [tickMs, now]);
  return tickMs <= 0 ? now() : time;
}
