import { useEffect, useRef } from 'react';

/**
 * Rings the terminal bell when an alert joins the prompt queue, and again every `repeatMs` while any prompt is
 * still waiting (escalation-semantics: repeated while unacknowledged). `repeatMs` 0 rings once per alert.
 */
export function useBell(
  queue: readonly number[],
  ring: () => void,
  isEnabled: boolean,
  repeatMs: number,
): void {
  const seen = useRef(new Set<number>());
  const waiting = useRef(queue.length);
  waiting.current = queue.length;
  useEffect(() => {
    const isNew = queue.some((id) => !seen.current.has(id));
    for (const id of queue) seen.current.add(id);
    // Forget handled alerts, so one that re-triggers later (an ack not confirmed in time) rings again.
    for (const id of seen.current) if (!queue.includes(id)) seen.current.delete(id);
    if (isNew && isEnabled) ring();
  }, [queue, ring, isEnabled]);
  useEffect(() => {
    if (!isEnabled || repeatMs <= 0) return;
    const timer = setInterval(() => {
      if (waiting.current > 0) ring();
    }, repeatMs);
    return () => clearInterval(timer);
  }, [ring, isEnabled, repeatMs]);
}
