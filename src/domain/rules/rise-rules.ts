import type { Station } from '../../protocol/index.js';
import { formatRate } from '../format.js';
import { plausibilityOf } from '../plausibility.js';
import { rateOfRise } from '../rate-of-rise.js';
import { type Condition, conditionOf, type RuleClass } from './condition.js';
import { hysteresis } from './hysteresis.js';
import type { LevelContext } from './level-rules.js';
import type { StationData } from './station-data.js';

/** An open rise alarm holds while the rate stays above this share of the alarm rate. */
export const RISE_CLEAR_RATIO = 0.8;

/** 涨率告警: the level rises faster than the station's alarm rate (R7). */
export const WATER_RISE: RuleClass = {
  class: 'water.rise',
  severity: 'warning',
  autoClose: true,
  worseWhen: 'higher',
  action: {
    zh: '核实读数，加密观测，报告带班领导',
    en: 'Check the readings, watch closely, tell the leader on duty',
  },
};

/**
 * The rise alarm of one station, fitted over its rate window. A stale or faulty station is judged on the window
 * ending at its last good reading: that keeps an open alarm open, but opens none (as with its level rules).
 */
export function riseCondition(
  station: Station,
  data: StationData,
  now: number,
  ctx: LevelContext,
): Condition | undefined {
  const alarm = station.riseAlarm;
  if (alarm === undefined || !data.latestGood) return undefined;
  const at = data.isFresh ? Math.max(now, data.latestGood.at) : data.latestGood.at;
  const rate = rateOfRise(
    data.goodSamples,
    at,
    station.rateWindowMinutes,
    plausibilityOf(station).rateMinSpanMinutes,
  );
  if (rate === undefined) return undefined;
  const key = `${WATER_RISE.class}:${station.code}`;
  const status = hysteresis(
    rate > alarm,
    rate > alarm * RISE_CLEAR_RATIO,
    ctx.openAlertKeys.has(key),
    ctx.canSet,
  );
  if (!status) return undefined;
  const alarmText = formatRate(alarm).replace(/^\+/, '');
  return conditionOf(WATER_RISE, station.code, {
    subject: { kind: 'station', code: station.code },
    title: {
      zh: `${station.name} 水位上涨 ${formatRate(rate)}（告警 ${alarmText}）`,
      en: `${station.nameAscii} rising ${formatRate(rate)} (alarm ${alarmText})`,
    },
    value: rate,
    status,
  });
}
