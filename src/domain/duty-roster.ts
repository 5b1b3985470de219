import type { Duty, DutyPair, RungTarget } from '../protocol/index.js';
import { DAY_MS, MINUTE_MS, parseUtcOffset } from './local-time.js';

/** The shift the roster puts on duty: the local date it starts on, the pair, and its instants (epoch ms). */
export type RosterEntry = {
  /** The local `YYYY-MM-DD` the shift starts on; the key of `overrides`. */
  date: string;
  officer: string;
  leader: string;
  shiftStart: number;
  shiftEnd: number;
};

/**
 * The shift on duty at `now`. The shift of local date D runs from D at `handoverAt` to D+1 at `handoverAt`, so
 * before the handover time it is still the previous date's shift; the pair is `rotation[(D − anchor) mod n]`
 * unless `overrides` has an entry for D (a swap or a holiday arrangement).
 */
export function rosterAt(
  duty: Duty,
  overrides: ReadonlyMap<string, { officer: string; leader: string }>,
  now: number,
  utcOffset: string,
): RosterEntry {
  const offset = parseUtcOffset(utcOffset);
  const handover = handoverMs(duty.handoverAt);
  // Shifting the instant by the offset and then back by the handover time turns "which shift" into "which
  // UTC day", exact because a fixed offset has no DST. Math.floor keeps instants before 1970 on the right day.
  const dayNumber = Math.floor((now + offset - handover) / DAY_MS);
  const date = new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
  const shiftStart = dayNumber * DAY_MS + handover - offset;
  const pair = overrides.get(date) ?? rotationPair(duty, dayNumber);
  return { date, officer: pair.officer, leader: pair.leader, shiftStart, shiftEnd: shiftStart + DAY_MS };
}

/**
 * The person a ladder rung reaches: officer and leader from the watch actually held (the outgoing officer
 * stays first on the ladder until the incoming one accepts, DESIGN.md "Duty"), the chief and the government
 * duty office from the duty config. `undefined` when the role is vacant, so the ladder skips the rung loudly.
 */
export function resolveDutyRole(
  target: RungTarget,
  watch: { officer: string; leader: string },
  duty: Duty,
): string | undefined {
  switch (target) {
    case 'officer':
      return nonEmpty(watch.officer);
    case 'leader':
      return nonEmpty(watch.leader);
    case 'chief':
      return nonEmpty(duty.bureauChief);
    case 'government':
      return nonEmpty(duty.governmentDutyOffice);
  }
}

function rotationPair(duty: Duty, dayNumber: number): DutyPair {
  const anchorDay = Math.round(Date.parse(`${duty.anchor}T00:00:00Z`) / DAY_MS);
  const n = duty.rotation.length;
  // The double modulo keeps the index in 0..n-1 for dates before the anchor, where the difference is negative.
  const index = (((dayNumber - anchorDay) % n) + n) % n;
  const pair = duty.rotation[index];
  // The schema requires at least one pair, so this only fires on a hand-built Duty.
  if (!pair) throw new RangeError('duty.rotation is empty');
  return pair;
}

function handoverMs(handoverAt: string): number {
  const [hours, minutes] = handoverAt.split(':').map(Number);
  return ((hours ?? 0) * 60 + (minutes ?? 0)) * MINUTE_MS;
}

// A watch record with a blank name means nobody holds the role; a blank is no person to alert.
function nonEmpty(person: string): string | undefined {
  return person === '' ? undefined : person;
}
