import type { Ladder, RungTarget } from '../protocol/index.js';

/** A rung of a ladder by position: which one, in which run of the ladder, and whom it alerts. */
export type RungPosition = { step: number; loop: number; target: RungTarget };

/**
 * The rung the tick will fire next after (`step`, `loop`), or undefined when the ladder is exhausted there: past
 * the last rung it wraps to the first while `loop < repeat` (as `advanceIfDue` does).
 */
export function rungAfter(ladder: Ladder, step: number, loop: number): RungPosition | undefined {
  const following = step + 1 < ladder.steps.length ? { step: step + 1, loop } : { step: 0, loop: loop + 1 };
  if (following.loop > loop && loop >= ladder.repeat) return undefined;
  const rung = ladder.steps[following.step];
  return rung ? { ...following, target: rung.target } : undefined;
}

/**
 * The duty roles a ladder has alerted on its way to (`step`, `loop`): the rungs up to and including this one,
 * or every rung once the ladder has wrapped (each was alerted in the earlier run).
 */
export function rolesAlerted(ladder: Ladder, step: number, loop: number): Set<RungTarget> {
  const fired = loop > 0 ? ladder.steps : ladder.steps.slice(0, step + 1);
  return new Set(fired.map((r) => r.target));
}
