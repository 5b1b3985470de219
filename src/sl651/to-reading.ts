import type { Reading, Station } from '../protocol/index.js';
import { FUNCTION, REPORT_FUNCTIONS } from './codes.js';
import { type DecodedReport, decodeReport, decodeSerialAndTime } from './decode.js';
import { type Observation, observationsOf } from './observations.js';
import type { Message } from './reassembly.js';

/**
 * What the gateway needs to know of a station: its code, whether its level is 39 (river) or 3B (reservoir), and
 * the 水位基值 its 5-minute relative levels are counted from, when configured.
 */
export type StationRef = { code: string; kind: Station['kind']; levelBase?: number };

/** Stations by terminal address (10 upper-case hex digits). */
export type StationMap = ReadonlyMap<string, StationRef>;

/** Builds the address → station map from the config; two stations with one address is a config error. */
export function stationMapFrom(stations: readonly Station[]): StationMap {
  const map = new Map<string, StationRef>();
  for (const s of stations) {
    if (!s.rtuAddress) continue;
    const address = s.rtuAddress.toUpperCase();
    const other = map.get(address);
    if (other) throw new Error(`stations ${other.code} and ${s.code} share rtuAddress ${address}`);
    map.set(address, {
      code: s.code,
      kind: s.kind,
      ...(s.rtuLevelBase !== undefined ? { levelBase: s.rtuLevelBase } : {}),
    });
  }
  return map;
}

/**
 * The reading id: station, observation time and function code, so a report sent twice (a terminal's retry, a
 * gateway's resend after a reconnect) is stored once by the collector's idempotency check, while the 32 timed and
 * the 34 hourly report a terminal sends for the same instant — with levels that may differ in the last digit — are
 * two readings rather than one id reused for a different body (which the collector refuses).
 */
export function readingId(station: string, observedAt: string, functionCode: number): string {
  return `sl651:${station}:${observedAt}:${hexCode(functionCode)}`;
}

const hexCode = (n: number) => n.toString(16).toUpperCase().padStart(2, '0');

/** What one message means for the collector. */
export type Interpretation =
  | { kind: 'readings'; readings: Reading[]; report: DecodedReport; leftOut: string[] }
  | { kind: 'keep-alive'; serial?: number }
  | { kind: 'skip'; reason: string; serial?: number; report?: DecodedReport }
  | { kind: 'invalid'; reason: string };

/**
 * Interprets a whole message: 2F is liveness only; 31, 32, 33 and 34 become `reading`s for the station the body
 * names, one per observation time that has a level; anything else is skipped with a reason.
 */
export function interpret(message: Message, stations: StationMap, utcOffset: string): Interpretation {
  if (message.functionCode === FUNCTION.keepAlive) {
    const head = decodeSerialAndTime(message.body, utcOffset);
    return head.ok ? { kind: 'keep-alive', serial: head.value.serial } : { kind: 'keep-alive' };
  }
  if (!REPORT_FUNCTIONS.has(message.functionCode)) {
    const head = decodeSerialAndTime(message.body, utcOffset);
    return {
      kind: 'skip',
      reason: `function ${hexCode(message.functionCode)} carries no reading`,
      ...(head.ok ? { serial: head.value.serial } : {}),
    };
  }
  const decoded = decodeReport(message.body, utcOffset);
  if (!decoded.ok) return { kind: 'invalid', reason: decoded.reason };
  return toReadings(decoded.value, stations, message.functionCode, utcOffset);
}

/** Turns a decoded report into `reading` messages, or says why it yields none. */
export function toReadings(
  report: DecodedReport,
  stations: StationMap,
  functionCode: number,
  utcOffset: string,
): Interpretation {
  const skip = (reason: string): Interpretation => ({ kind: 'skip', reason, serial: report.serial, report });
  const station = stations.get(report.stationAddress);
  if (!station) return skip(`no station has rtuAddress ${report.stationAddress}`);
  const { observations, leftOut } = observationsOf(report, station, utcOffset);
  const readings = observations.flatMap((o) =>
    o.level === undefined ? [] : [toReading(o, o.level, station, functionCode)],
  );
  if (readings.length === 0) {
    const levelId = station.kind === 'reservoir' ? '3B' : '39';
    const isFaulty = observations.some((o) => o.sensorFault);
    // The reading schema needs a level; a faulty sensor with no level leaves the station to go stale.
    const why = isFaulty ? ' (ZT reports the level sensor faulty)' : '';
    return skip(`no level element ${levelId} for ${station.kind} ${station.code}${why}`);
  }
  return { kind: 'readings', readings, report, leftOut };
}

function toReading(o: Observation, level: number, station: StationRef, functionCode: number): Reading {
  return {
    type: 'reading',
    id: readingId(station.code, o.observedAt, functionCode),
    station: station.code,
    observedAt: o.observedAt,
    level,
    // Out-of-range values would make the collector refuse the whole reading, level included: leave them out.
    ...(o.flow !== undefined && o.flow >= 0 && o.flow <= 1_000_000 ? { flow: o.flow } : {}),
    ...(o.rain !== undefined && o.rain >= 0 && o.rain <= 2000 ? { rain: o.rain } : {}),
    ...(o.sensorFault ? { sensorFault: true } : {}),
  };
}
