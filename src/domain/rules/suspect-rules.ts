import type { Station } from '../../protocol/index.js';
import { formatLevel } from '../format.js';
import { formatLocal } from '../local-time.js';
import { type Condition, conditionOf, type RuleClass } from './condition.js';
import type { StationData } from './station-data.js';

/**
 * 可疑读数: the newest reading jumped beyond what the station can physically do and waits for the next one. A data
 * alert for the officer only: never a flood colour, never a rise alarm, never a ladder (issue 15.1).
 */
export const STATION_SUSPECT: RuleClass = {
  class: 'station.suspect',
  severity: 'info',
  autoClose: true,
  neverEscalates: true,
  action: {
    zh: '核对测站读数（浪涌、传感器或传输故障），等待下一读数确认',
    en: 'Check the gauge (a wave, the sensor or the link); the next reading confirms or rejects it',
  },
};

/** The suspect-reading alert of one station, while its newest good reading waits for confirmation. */
export function suspectCondition(
  station: Station,
  data: StationData,
  utcOffset: string,
): Condition | undefined {
  const suspect = data.pendingSuspect;
  if (!suspect) return undefined;
  const level = formatLevel(suspect.level);
  const when = formatLocal(suspect.at, utcOffset, 'MM-DD HH:mm');
  const trusted = data.latestGood ? formatLevel(data.latestGood.level) : undefined;
  return conditionOf(STATION_SUSPECT, station.code, {
    subject: { kind: 'station', code: station.code },
    title: {
      zh: `${station.name} 可疑读数 ${level} m（${when}${trusted ? `，上一可信 ${trusted}` : ''}），待下一读数确认`,
      en: `${station.nameAscii} suspect reading ${level} m at ${when}${trusted ? ` (last trusted ${trusted})` : ''}, awaiting the next reading`,
    },
    value: suspect.level,
    status: 'set',
  });
}
