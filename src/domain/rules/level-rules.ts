import type { Bilingual, Station } from '../../protocol/index.js';
import { isOverFloodLimit } from '../flood-colour.js';
import { reaches } from '../station-lines.js';
import { type Condition, conditionOf, type RuleClass } from './condition.js';
import { hysteresis } from './hysteresis.js';

/** One "level at or above a line" rule of a station, as the river and reservoir rules describe it. */
export type LevelRule = {
  rule: RuleClass;
  /** The set threshold, metres. */
  line: number;
  /** `strict`: only strictly above the line sets it (超汛限 is "above", not "at"). */
  isStrict?: boolean;
  /** Rank within the station's inhibition group `water:<station>`: a higher rank hides a lower one. */
  rank: number;
  title: Bilingual;
};

/** What every level rule of one station shares at one instant. */
export type LevelContext = {
  clearMargin: number;
  openAlertKeys: ReadonlySet<string>;
  /** False while the station is stale or faulty: its last level keeps open alerts open but opens none. */
  canSet: boolean;
};

/**
 * The conditions of a station's level rules at `level`. Each rule sets at its line and, once open, holds until
 * the level falls below `line − clearMargin`, so a level hovering around a line keeps one alert open.
 */
export function levelConditions(
  station: Station,
  level: number,
  rules: readonly LevelRule[],
  ctx: LevelContext,
): Condition[] {
  const conditions: Condition[] = [];
  for (const r of rules) {
    const key = `${r.rule.class}:${station.code}`;
    const isSet = r.isStrict ? isOverFloodLimit(level, r.line) : reaches(level, r.line);
    const isInBand = reaches(level, r.line - ctx.clearMargin);
    const status = hysteresis(isSet, isInBand, ctx.openAlertKeys.has(key), ctx.canSet);
    if (!status) continue;
    conditions.push(
      conditionOf(r.rule, station.code, {
        subject: { kind: 'station', code: station.code },
        title: r.title,
        value: level,
        status,
        inhibit: { group: `water:${station.code}`, rank: r.rank },
      }),
    );
  }
  return conditions;
}
