import { resolveDutyRole } from '../../domain/duty-roster.js';
import { rolesAlerted, rungAfter } from '../../domain/next-rung.js';
import type { AlertFeed, RungTarget } from '../../protocol/index.js';
import type { WatchState } from '../watch-state.js';

const TARGETS: readonly RungTarget[] = ['officer', 'leader', 'chief', 'government'];
const RANK: Readonly<Record<RungTarget, number>> = { officer: 0, leader: 1, chief: 2, government: 3 };

/** Who holds a duty role now (the watch for officer and leader, the roster for chief and government office). */
export function holderOf(state: WatchState, target: RungTarget): string | undefined {
  if (!state.duty || !state.roster) return undefined;
  return resolveDutyRole(target, state.duty, state.roster);
}

/** The duty roles this console's person holds now. */
export function myRoles(state: WatchState): Set<RungTarget> {
  const person = state.me?.person;
  return new Set(person ? TARGETS.filter((t) => holderOf(state, t) === person) : []);
}

/**
 * Whether an alert on a ladder has alerted a holder of one of `roles` in its current run: from the ladder when
 * the collector sent it, else by rank (a rung at or above the role, or any rung once the ladder has wrapped).
 */
export function hasAlertedRole(state: WatchState, alert: AlertFeed, roles: ReadonlySet<RungTarget>): boolean {
  if (!alert.rung || roles.size === 0) return false;
  const ladder = state.ladders.get(alert.ladder);
  if (ladder) {
    const alerted = rolesAlerted(ladder, alert.step, alert.loop);
    return [...roles].some((r) => alerted.has(r));
  }
  const reached = RANK[alert.rung.target];
  return alert.loop > 0 || [...roles].some((r) => RANK[r] <= reached);
}

/** The rung after the alert's current one and who holds it now; undefined on the last rung or off any ladder. */
export function nextRungOf(
  state: WatchState,
  alert: AlertFeed,
): { target: RungTarget; step: number; person: string | undefined } | undefined {
  const ladder = state.ladders.get(alert.ladder);
  if (!ladder || !alert.rung || alert.nextEscalationAt === null) return undefined;
  const next = rungAfter(ladder, alert.step, alert.loop);
  return next ? { target: next.target, step: next.step, person: holderOf(state, next.target) } : undefined;
}
