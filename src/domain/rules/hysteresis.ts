import { reaches } from '../station-lines.js';
import type { ConditionStatus } from './condition.js';

/**
 * Two-threshold hysteresis: `set` when the set condition holds and new alerts may open, `hold` when an open alert
 * is still inside its band (or the set condition holds but new alerts may not open), otherwise clear.
 */
export function hysteresis(
  isSet: boolean,
  isInBand: boolean,
  isOpen: boolean,
  canSet: boolean,
): ConditionStatus | undefined {
  if (isSet && canSet) return 'set';
  if (isOpen && (isSet || isInBand)) return 'hold';
  return undefined;
}

/** What a level rule flagging `level ≥ line` shows: it clears only below `line − clearMargin`. */
export function levelRuleStatus(
  level: number,
  line: number,
  opts: { clearMargin: number; isOpen: boolean; canSet: boolean },
): ConditionStatus | undefined {
  return hysteresis(reaches(level, line), reaches(level, line - opts.clearMargin), opts.isOpen, opts.canSet);
}
