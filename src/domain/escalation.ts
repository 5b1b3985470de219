import type { EscalationSettings, Ladder, RungTarget } from '../protocol/index.js';
import { MINUTE_MS } from './local-time.js';

/** The ladder name that means "show the alert, never escalate it" (config-alerting.ts). */
export const NO_LADDER = 'none';

/**
 * Where one alert stands on its ladder (GoAlert's step_number, loop_count, next_escalation): the rung last
 * fired, how many times the ladder has wrapped, and when the next rung is due (`null` once exhausted).
 */
export type LadderState = { step: number; loop: number; nextAt: number | null; isExhausted: boolean };

/**
 * One rung that fired: who it was meant to alert and who that resolved to. `isSkipped` means nobody holds the
 * duty role, so the rung is reported loudly and the ladder moves on at once instead of waiting its delay
 * (escalation-semantics.md lesson 2, GoAlert #4548).
 */
export type FiredRung = {
  step: number;
  loop: number;
  target: RungTarget;
  person: string | undefined;
  isSkipped: boolean;
};

/** Looks up the person who holds a duty role now; `undefined` when the role is vacant. */
export type ResolveTarget = (target: RungTarget) => string | undefined;

/** The outcome of moving on a ladder: the new state and every rung fired on the way, in order. */
export type LadderMove = { state: LadderState; fired: FiredRung[] };

type Position = { step: number; loop: number };

/**
 * The ladder an alert class climbs: the longest key of `settings.classes` that matches wins, `*` is the
 * fallback, and the ladder name `none` yields `undefined` (shown, never escalated).
 */
export function ladderFor(
  settings: EscalationSettings,
  alertClass: string,
): { name: string; ladder: Ladder } | undefined {
  let bestKey: string | undefined;
  for (const key of Object.keys(settings.classes)) {
    if (key === '*' || !classMatches(key, alertClass)) continue;
    if (bestKey === undefined || key.length > bestKey.length) bestKey = key;
  }
  const name = settings.classes[bestKey ?? '*'];
  if (name === undefined || name === NO_LADDER) return undefined;
  const ladder = settings.ladders[name];
  // config.ts rejects a class naming an unknown ladder, so reaching this is a programmer error (STYLE: throw).
  if (!ladder) throw new RangeError(`alert class "${alertClass}" names unknown ladder "${name}"`);
  return { name, ladder };
}

/**
 * Whether a `classes` key covers an alert class: the exact name, or a prefix ending at a `.` boundary
 * (`water.` and `water` both match `water.warning`; `water.w` does not), so that a key never captures an
 * unrelated class that merely shares its first letters (`stock` must not match `stockpile.x`).
 */
function classMatches(key: string, alertClass: string): boolean {
  if (key === alertClass) return true;
  if (key.endsWith('.')) return alertClass.startsWith(key);
  return alertClass.startsWith(`${key}.`);
}

/**
 * Starts a ladder for a new alert: rung 0 fires at `now` and the next rung is due after its delay. Vacant
 * rungs are fired as skipped and passed at once until a rung reaches a person; see {@link fireFrom} for a
 * ladder on which every rung is vacant.
 */
export function startLadder(ladder: Ladder, now: number, resolve: ResolveTarget): LadderMove {
  return fireFrom(ladder, { step: 0, loop: 0 }, now, resolve, true);
}

/**
 * Starts the ladder again from rung 0, loop 0: an acknowledgement that was not confirmed by its re-check
 * time, or a snooze that ended, puts the alert back to triggered and everyone is alerted afresh
 * (escalation-semantics.md: PagerDuty ack timeout, OnCall unsilence "restarts the escalation").
 */
export function restartLadder(ladder: Ladder, now: number, resolve: ResolveTarget): LadderMove {
  return startLadder(ladder, now, resolve);
}

/**
 * Moves one rung if the current one's wait has run out (`nextAt <= now`), else `undefined`. Exactly one rung
 * reaches a person per call, even when the collector was down across several delays: the overdue rung fires
 * once and the next is due its full delay from `now`, so a restart never pages the whole ladder in one burst.
 * Past the last rung the ladder wraps to rung 0 while `loop < ladder.repeat`; otherwise it is exhausted
 * (`nextAt` null, staying on the last rung) and nothing fires. The last rung's delay is therefore the time
 * its person is given to answer before the ladder is declared exhausted.
 */
export function advanceIfDue(
  ladder: Ladder,
  state: LadderState,
  now: number,
  resolve: ResolveTarget,
): LadderMove | undefined {
  if (state.nextAt === null || state.nextAt > now) return undefined;
  const next = nextPosition(ladder, state, true);
  if (!next) return { state: exhausted(state), fired: [] };
  return fireFrom(ladder, next, now, resolve, true);
}

/**
 * A manual "escalate now": moves to the next rung at once whatever the wait, even when exhausted, wrapping to
 * rung 0 with `loop + 1` past the repeat cap (GoAlert force_escalation advances "even past the repeat cap").
 */
export function escalateNow(
  ladder: Ladder,
  state: LadderState,
  now: number,
  resolve: ResolveTarget,
): LadderMove {
  return fireFrom(ladder, following(ladder, state), now, resolve, false);
}

/**
 * Fires the rung at `start`, then, while the rung fired is vacant, the following ones at the same instant.
 * Stops at the first rung that reaches a person (next due after its delay), or when the ladder runs out
 * (exhausted at once: with nobody left to wait for, waiting the delay would only hide the gap). If every rung
 * is vacant the walk stops after firing each rung once — a wrap may sit in between — and waits the delay of
 * the last rung fired: this bounds the work per call, and the next pass tries again in case the roster has
 * been filled meanwhile, reporting the gap loudly each time.
 */
function fireFrom(
  ladder: Ladder,
  start: Position,
  now: number,
  resolve: ResolveTarget,
  isCapped: boolean,
): LadderMove {
  const fired: FiredRung[] = [];
  let position = start;
  for (;;) {
    const rung = rungAt(ladder, position.step);
    const person = resolve(rung.target);
    const isSkipped = person === undefined;
    fired.push({ step: position.step, loop: position.loop, target: rung.target, person, isSkipped });
    const waiting = { ...position, nextAt: now + rung.delayMinutes * MINUTE_MS, isExhausted: false };
    if (!isSkipped) return { state: waiting, fired };
    const next = nextPosition(ladder, position, isCapped);
    if (!next) return { state: exhausted(position), fired };
    if (fired.length >= ladder.steps.length) return { state: waiting, fired };
    position = next;
  }
}

/** The rung after `position`; `undefined` when wrapping would exceed the repeat cap and the cap applies. */
function nextPosition(ladder: Ladder, position: Position, isCapped: boolean): Position | undefined {
  const next = following(ladder, position);
  // `repeat` counts the runs after the first (config-alerting.ts), so a wrap is allowed while loop < repeat.
  // Only a wrap is capped: a run revived past the cap by escalateNow still climbs to its last rung.
  const isWrap = next.loop > position.loop;
  return isCapped && isWrap && position.loop >= ladder.repeat ? undefined : next;
}

/** The rung after `position`, wrapping to rung 0 with `loop + 1` past the last one. */
function following(ladder: Ladder, position: Position): Position {
  // A comparison rather than equality with the last index: a ladder edited to fewer rungs while an alert
  // stood on a later one then wraps cleanly instead of reading a rung that no longer exists.
  if (position.step + 1 < ladder.steps.length) return { step: position.step + 1, loop: position.loop };
  return { step: 0, loop: position.loop + 1 };
}

function rungAt(ladder: Ladder, step: number): Ladder['steps'][number] {
  const rung = ladder.steps[step];
  // The schema requires at least one rung and nextPosition only returns indexes below the length.
  if (!rung) throw new RangeError(`ladder has no rung ${step}`);
  return rung;
}

function exhausted(position: Position): LadderState {
  return { step: position.step, loop: position.loop, nextAt: null, isExhausted: true };
}
