import { isSettled, type RecipientState } from './recipient-state.js';
import { ROLE_RANK } from './roles.js';

/** What the chase reads of a recipient. */
export type ChaseRecipient = {
  id: number;
  state: RecipientState;
  role: keyof typeof ROLE_RANK;
  place: string;
  name: string;
};

// Worst first: nothing reached them, then still trying, then reached but silent.
const STATE_RANK: Readonly<Record<RecipientState, number>> = {
  unreachable: 0,
  queued: 1,
  sent: 1,
  delivered: 2,
  phoned: 3,
  answered: 4,
};

/**
 * Everyone who has not answered by the deadline, worst first: those no channel reached, then those still being
 * tried, then those reached but silent; within each, the most important role first. Empty before the deadline.
 */
export function chaseList<T extends ChaseRecipient>(
  recipients: readonly T[],
  deadlineAt: number,
  now: number,
): T[] {
  if (now < deadlineAt) return [];
  return recipients
    .filter((r) => !isSettled(r.state))
    .sort(
      (a, b) =>
        STATE_RANK[a.state] - STATE_RANK[b.state] ||
        ROLE_RANK[a.role] - ROLE_RANK[b.role] ||
        a.place.localeCompare(b.place) ||
        a.id - b.id,
    );
}

/** For one township's head: which of its villages have someone who has not answered by the deadline. */
export function silentVillages(
  recipients: readonly (ChaseRecipient & { township: string | null; village: string | null })[],
  township: string,
  deadlineAt: number,
  now: number,
): string[] {
  if (now < deadlineAt) return [];
  const villages = new Set<string>();
  for (const r of recipients) {
    if (r.township === township && r.village !== null && !isSettled(r.state)) villages.add(r.village);
  }
  return [...villages].sort();
}
