import type { Reading, Station } from '../protocol/index.js';
import { FUNCTION, REPORT_FUNCTIONS } from './codes.js';
import { type DecodedElement, type DecodedReport, decodeReport, decodeSerialAndTime } from './decode.js';
import { ELEMENT, hasLevelSensorFault } from './elements.js';
import type { Message } from './reassembly.js';

/** What the gateway needs to know of a station: its code and whether its level is 39 (river) or 3B (reservoir). */
export type StationRef = { code: string; kind: Station['kind'] };

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
    map.set(address, { code: s.code, kind: s.kind });
  }
  return map;
}

/**
 * The reading id: station and observation time, so a report sent twice (a terminal's retry, a gateway's resend
 * after a reconnect) is stored once by the collector's idempotency check.
 */
export function readingId(station: string, observedAt: string): string {
  return `sl651:${station}:${observedAt}`;
}

/** What one message means for the collector. */
export type Interpretation =
  | { kind: 'reading'; reading: Reading; report: DecodedReport }
  | { kind: 'keep-alive'; serial?: number }
  | { kind: 'skip'; reason: string; serial?: number; report?: DecodedReport }
  | { kind: 'invalid'; reason: string };

const elementValue = (elements: DecodedElement[], id: number) =>
  elements.find((e) => e.id === id)?.value ?? null;

/**
 * Interprets a whole message: 2F is liveness only; 32, 33 and 34 become a `reading` for the station the body
 * names (its level from 39 for a river, 3B for a reservoir); anything else is skipped with a reason.
 */
export function interpret(message: Message, stations: StationMap, utcOffset: string): Interpretation {
  if (message.functionCode === FUNCTION.keepAlive) {
    const head = decodeSerialAndTime(message.body, utcOffset);
    return head.ok ? { kind: 'keep-alive', serial: head.value.serial } : { kind: 'keep-alive' };
  }
  if (!REPORT_FUNCTIONS.has(message.functionCode)) {
    const head = decodeSerialAndTime(message.body, utcOffset);
    const code = message.functionCode.toString(16).toUpperCase().padStart(2, '0');
    return {
      kind: 'skip',
      reason: `function ${code} carries no reading`,
      ...(head.ok ? { serial: head.value.serial } : {}),
    };
  }
  const decoded = decodeReport(message.body, utcOffset);
  if (!decoded.ok) return { kind: 'invalid', reason: decoded.reason };
  return toReading(decoded.value, stations);
}

/** Turns a decoded report into a `reading` message, or says why it yields none. */
export function toReading(report: DecodedReport, stations: StationMap): Interpretation {
  const skip = (reason: string): Interpretation => ({ kind: 'skip', reason, serial: report.serial, report });
  const station = stations.get(report.stationAddress);
  if (!station) return skip(`no station has rtuAddress ${report.stationAddress}`);
  const levelId = station.kind === 'reservoir' ? ELEMENT.reservoirLevel : ELEMENT.riverLevel;
  const level = elementValue(report.elements, levelId);
  const status = elementValue(report.elements, ELEMENT.status);
  const isFaulty = status !== null && hasLevelSensorFault(status);
  if (level === null) {
    // The reading schema needs a level; a faulty sensor with no level leaves the station to go stale.
    const why = isFaulty ? ' (ZT reports the level sensor faulty)' : '';
    return skip(
      `no level element ${levelId.toString(16).toUpperCase()} for ${station.kind} ${station.code}${why}`,
    );
  }
  const flow = elementValue(report.elements, ELEMENT.flow);
  // PJ is the rain since the previous report, which is what `rain` means; period and daily totals are not.
  const rain = elementValue(report.elements, ELEMENT.rainCurrent);
  const reading: Reading = {
    type: 'reading',
    id: readingId(station.code, report.observedAt),
    station: station.code,
    observedAt: report.observedAt,
    level,
    // Out-of-range values would make the collector refuse the whole reading, level included: leave them out.
    ...(flow !== null && flow >= 0 && flow <= 1_000_000 ? { flow } : {}),
    ...(rain !== null && rain >= 0 && rain <= 2000 ? { rain } : {}),
    ...(isFaulty ? { sensorFault: true } : {}),
  };
  return { kind: 'reading', reading, report };
}
