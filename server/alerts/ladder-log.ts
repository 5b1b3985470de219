import type { FiredRung, LadderMove, LadderState } from '../../src/domain/escalation.js';
import { rungNames } from '../../src/domain/vocabulary.js';
import type { Ladder } from '../../src/protocol/index.js';
import type { AlertRow } from './alerts-repo.js';

const ROLE_NAMES = rungNames('zh');

/** Where an alert stands on its ladder, as the domain's ladder functions take it. */
export function ladderState(
  row: Pick<AlertRow, 'step' | 'loop' | 'next_escalation_at' | 'is_exhausted'>,
): LadderState {
  return {
    step: row.step,
    loop: row.loop,
    nextAt: row.next_escalation_at,
    isExhausted: row.is_exhausted === 1,
  };
}

/** The columns a ladder move writes. */
export function ladderColumns(move: LadderMove): Partial<AlertRow> {
  const last = move.fired.filter((f) => !f.isSkipped).at(-1) ?? move.fired.at(-1);
  return {
    step: move.state.step,
    loop: move.state.loop,
    next_escalation_at: move.state.nextAt,
    is_exhausted: move.state.isExhausted ? 1 : 0,
    ...(last ? { rung_target: last.target, rung_person: last.person ?? null } : {}),
  };
}

/**
 * Audit text for one fired rung; an empty rung is said loudly, because nobody was told (goalert#4548). In a
 * drill the rung is climbed and logged as usual, but its person is only named, never paged: the entry says so.
 */
export function describeFired(
  f: FiredRung,
  ladder: Ladder,
  isDrill = false,
): { action: string; text: string } {
  const rung = `rung ${f.step + 1}/${ladder.steps.length}${f.loop > 0 ? ` (repeat ${f.loop})` : ''}`;
  if (isDrill) {
    const who = f.isSkipped || f.person === undefined ? 'NOBODY on the roster' : f.person;
    return {
      action: 'drill_escalated',
      text: `DRILL ${rung}: ${f.target} (${ROLE_NAMES[f.target]}) ${who} — not paged, exercise only`,
    };
  }
  if (f.isSkipped || f.person === undefined) {
    return {
      action: 'no_one_on_duty',
      text: `NOBODY holds ${f.target} (${ROLE_NAMES[f.target]}): ${rung} skipped — fix the roster`,
    };
  }
  return { action: 'escalated', text: `${rung}: ${f.target} (${ROLE_NAMES[f.target]}) ${f.person} alerted` };
}
