import type { Bilingual, Station } from '../../protocol/index.js';
import { formatLocal, MINUTE_MS } from '../local-time.js';
import { type Condition, conditionOf, type RuleClass } from './condition.js';
import type { RuleInput } from './rule-input.js';
import { stationData } from './station-data.js';

/** 数据中断: no reading within the station's stale interval, or its latest reading reports a sensor fault (R9). */
export const STATION_STALE: RuleClass = {
  class: 'station.stale',
  severity: 'warning',
  autoClose: true,
  action: {
    zh: '联系测站或水文部门核实设备和通信',
    en: 'Call the station or the hydrology office to check the equipment and the link',
  },
};

/** A source token with a heartbeat has sent nothing for longer than it. */
export const SOURCE_SILENT: RuleClass = {
  class: 'source.silent',
  severity: 'warning',
  autoClose: true,
  action: {
    zh: '联系数据源单位，确认设备和网络',
    en: "Call the source's owner; check its device and network",
  },
};

/**
 * A station with no readings gets `startedAt + staleAfter` of grace, so a collector that just started gives its
 * sources time to report. A station that has reported is stale once its newest reading is too old, whenever that
 * was: the data is old either way.
 */
export function staleConditions(input: RuleInput, now: number): Condition[] {
  const conditions: Condition[] = [];
  for (const station of input.config.stations) {
    const title = staleTitle(input, station, now);
    if (!title) continue;
    conditions.push(
      conditionOf(STATION_STALE, station.code, {
        subject: { kind: 'station', code: station.code },
        title,
        // The age grows every tick; as a value it would flag "new data" on every acknowledged stale alert.
        value: null,
        status: 'set',
      }),
    );
  }
  return conditions;
}

function staleTitle(input: RuleInput, station: Station, now: number): Bilingual | undefined {
  const staleMs = station.staleAfterMinutes * MINUTE_MS;
  const limit = `${station.staleAfterMinutes}`;
  const { latest, isFresh } = stationData(
    input.histories.get(station.code) ?? [],
    now,
    station.staleAfterMinutes,
  );
  if (isFresh) return undefined;
  if (!latest) {
    // The grace after a start is for stations not yet flagged: a restart does not close an open alarm (15.6).
    const isOpen = input.openAlertKeys.has(`${STATION_STALE.class}:${station.code}`);
    if (now - input.startedAt <= staleMs && !isOpen) return undefined;
    return {
      zh: `${station.name} 无数据（超过 ${limit} 分钟）`,
      en: `${station.nameAscii} no data (over ${limit} min)`,
    };
  }
  const when = formatLocal(latest.at, input.config.county.utcOffset, 'MM-DD HH:mm');
  if (now - latest.at > staleMs) {
    return {
      zh: `${station.name} 数据中断：最后读数 ${when}（超过 ${limit} 分钟）`,
      en: `${station.nameAscii} data stale: last reading ${when} (over ${limit} min)`,
    };
  }
  return {
    zh: `${station.name} 传感器故障（${when}）`,
    en: `${station.nameAscii} sensor fault reported at ${when}`,
  };
}

/** Source tokens with `heartbeatMinutes` that have been silent longer than that, measured from startedAt at the earliest. */
export function silentSourceConditions(input: RuleInput, now: number): Condition[] {
  const conditions: Condition[] = [];
  const utcOffset = input.config.county.utcOffset;
  for (const token of input.config.tokens) {
    if (token.heartbeatMinutes === undefined || token.revoked) continue;
    const lastSeen = input.sourcesLastSeen.get(token.name);
    // A source gets its heartbeat of grace after a start (it could not reach a collector that was down), but
    // an alarm already open is not closed by a restart: it clears only when the source speaks (issue 15.6).
    const isOpen = input.openAlertKeys.has(`${SOURCE_SILENT.class}:${token.name}`);
    const since = isOpen
      ? (lastSeen ?? Number.NEGATIVE_INFINITY)
      : Math.max(lastSeen ?? input.startedAt, input.startedAt);
    if (now - since <= token.heartbeatMinutes * MINUTE_MS) continue;
    const limit = `${token.heartbeatMinutes}`;
    const last =
      lastSeen === undefined
        ? { zh: '启动后未收到消息', en: 'nothing since start' }
        : {
            zh: `最后消息 ${formatLocal(lastSeen, utcOffset, 'MM-DD HH:mm')}`,
            en: `last message ${formatLocal(lastSeen, utcOffset, 'MM-DD HH:mm')}`,
          };
    conditions.push(
      conditionOf(SOURCE_SILENT, token.name, {
        subject: { kind: 'source', code: token.name },
        title: {
          zh: `数据源 ${token.name} 超过 ${limit} 分钟无消息（${last.zh}）`,
          en: `Source ${token.name} silent over ${limit} min (${last.en})`,
        },
        value: null,
        status: 'set',
      }),
    );
  }
  return conditions;
}
