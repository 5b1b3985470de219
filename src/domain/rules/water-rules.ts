import { reservoirCeiling } from '../reservoir-ceiling.js';
import type { Condition } from './condition.js';
import { type LevelRule, levelConditions } from './level-rules.js';
import { reservoirRules } from './reservoir-rules.js';
import { riseCondition } from './rise-rules.js';
import { riverRules } from './river-rules.js';
import type { RuleInput } from './rule-input.js';
import { stationData } from './station-data.js';
import { suspectCondition } from './suspect-rules.js';

/**
 * The water rules of every configured station (R6 reservoirs, R7 rivers and rate of rise). Levels are judged on
 * the latest reading without a sensor fault; a stale or faulty station keeps its open alerts but opens no new ones.
 */
export function waterConditions(input: RuleInput, now: number): Condition[] {
  const { config } = input;
  const seasonOpts = { utcOffset: config.county.utcOffset, floodSeason: config.floodSeason };
  const conditions: Condition[] = [];
  for (const station of config.stations) {
    const data = stationData(input.histories.get(station.code) ?? [], now, station.staleAfterMinutes);
    const ctx = {
      clearMargin: config.alerts.clearMargin,
      openAlertKeys: input.openAlertKeys,
      canSet: data.isFresh,
    };
    if (data.latestGood) {
      const level = data.latestGood.level;
      let rules: LevelRule[] = [];
      if (station.gauge) {
        rules = riverRules(station, station.gauge, level);
      } else if (station.reservoir) {
        // 汛限 binds only in flood season (防洪法 Art. 44); outside every period the ceiling is 正常蓄水位.
        const ceiling = reservoirCeiling(station.reservoir, now, seasonOpts);
        rules = reservoirRules(station, station.reservoir, level, ceiling);
      }
      conditions.push(...levelConditions(station, level, rules, ctx));
    }
    const rise = riseCondition(station, data, now, ctx);
    if (rise) conditions.push(rise);
    const suspect = suspectCondition(station, data, seasonOpts.utcOffset);
    if (suspect) conditions.push(suspect);
  }
  return conditions;
}
