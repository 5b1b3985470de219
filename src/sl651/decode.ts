import { formatLocal, instantOfLocal } from '../domain/local-time.js';
import { bcdDigits, parseDefinition } from './bcd.js';
import { MARKER, STATION_TYPES } from './codes.js';
import { decodeEvenSeries, decodeFiveMinuteSeries, decodeValue, stepMinutes } from './element-values.js';
import { ELEMENT, elementCode, isFiveMinuteSeries, readElementId } from './elements.js';
import { hexOf } from './frame.js';

/**
 * Values at evenly spaced times: the 12 five-minute values of F4 DRP and F5–FC DRZ, or the data of a 31 report after
 * its time step code. The first value is at the observation time of the group it is in (SL 651-2014 §6.6.2.8 d and
 * the note to table 36); null where the station marks a value missing.
 */
export type Series = { stepMinutes: number; values: (number | null)[] };

/** One element of a report: its id, mnemonic, value (null when the station marks it missing) and raw bytes. */
export type DecodedElement = { id: number; code: string; value: number | null; hex: string; series?: Series };

/** The elements that follow one observation time (F0 F0) in a body, up to the next one. */
export type ObservationGroup = { observedAt: string; elements: DecodedElement[] };

/** The body of an uplink report (SL 651-2014 report body; domain-rules §3.4). */
export type DecodedReport = {
  serial: number;
  /** When the terminal sent it, ISO 8601 with the county's offset. */
  sentAt: string;
  /** The station address from the F1 F1 field, 10 upper-case hex digits. */
  stationAddress: string;
  stationType: number;
  /** The type's name (river, reservoir, rain …) or its hex when unknown. */
  stationTypeName: string;
  /** The first observation time (F0 F0), ISO 8601 with the county's offset. */
  observedAt: string;
  /** Every element of the body, in order, whichever group it is in. */
  elements: DecodedElement[];
  /**
   * The body's observation-time groups in order: a body may code several (SL 651-2014 §6.6.2.8 e), and the 34
   * hourly report does whenever its other elements were observed at another time than its 5-minute series.
   */
  groups: ObservationGroup[];
};

/** A decode outcome that never throws. */
export type Decoded<T> = { ok: true; value: T } | { ok: false; reason: string };

/**
 * Turns BCD time digits (YYMMDDhhmm or YYMMDDhhmmss, the terminal's local time) into ISO 8601 with the county's
 * UTC offset, or undefined when they name no real instant. Two-digit years are 20YY: SL 651-2014 is from 2014.
 */
export function bcdTimeToIso(digits: string, utcOffset: string): string | undefined {
  const m = /^(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)?$/.exec(digits);
  if (!m) return undefined;
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = m
    .slice(1)
    .map((d) => Number(d ?? '0'));
  const local = { year: 2000 + year, month, day, hour, minute, second };
  const at = instantOfLocal(local, utcOffset);
  return at === undefined ? undefined : `${formatLocal(at, utcOffset, 'YYYY-MM-DDTHH:mm:ss')}${utcOffset}`;
}

function timeAt(body: Buffer, at: number, bytes: number, utcOffset: string): string | undefined {
  const digits = bcdDigits(body.subarray(at, at + bytes));
  return digits === undefined ? undefined : bcdTimeToIso(digits, utcOffset);
}

/** Reads the serial and send time that start every uplink body (all a 2F keep-alive carries). */
export function decodeSerialAndTime(
  body: Buffer,
  utcOffset: string,
): Decoded<{ serial: number; sentAt: string }> {
  if (body.length < 8)
    return { ok: false, reason: `body of ${body.length} bytes has no serial and send time` };
  const sentAt = timeAt(body, 2, 6, utcOffset);
  if (!sentAt) return { ok: false, reason: `send time ${hexOf(body.subarray(2, 8))} is not a BCD date` };
  return { ok: true, value: { serial: body.readUInt16BE(0), sentAt } };
}

/** Decodes a report body: serial, send time, F1 F1 station, F0 F0 observation time, then the elements. */
export function decodeReport(body: Buffer, utcOffset: string): Decoded<DecodedReport> {
  const head = decodeSerialAndTime(body, utcOffset);
  if (!head.ok) return head;
  if (body.length < 23)
    return { ok: false, reason: `body of ${body.length} bytes is too short for a report` };
  if (body[8] !== MARKER.stationAddress || body[9] !== MARKER.stationAddress) {
    return {
      ok: false,
      reason: `expected F1F1 (station address) at byte 8, found ${hexOf(body.subarray(8, 10))}`,
    };
  }
  const stationAddress = hexOf(body.subarray(10, 15));
  const stationType = body[15] ?? 0;
  if (body[16] !== MARKER.observationTime || body[17] !== MARKER.observationTime) {
    return {
      ok: false,
      reason: `expected F0F0 (observation time) at byte 16, found ${hexOf(body.subarray(16, 18))}`,
    };
  }
  const observedAt = timeAt(body, 18, 5, utcOffset);
  if (!observedAt)
    return { ok: false, reason: `observation time ${hexOf(body.subarray(18, 23))} is not a BCD date` };
  const groups = decodeGroups(body, 23, observedAt, utcOffset);
  if (!groups.ok) return groups;
  return {
    ok: true,
    value: {
      ...head.value,
      stationAddress,
      stationType,
      stationTypeName: STATION_TYPES[stationType] ?? stationType.toString(16).toUpperCase(),
      observedAt,
      elements: groups.value.flatMap((g) => g.elements),
      groups: groups.value,
    },
  };
}

/** F0 F0 and five BCD bytes: the observation time of the elements that follow. */
const TIME_GROUP_BYTES = 7;

/** Reads the elements from `from` on, starting a new group at each F0 F0 observation time. */
function decodeGroups(
  body: Buffer,
  from: number,
  firstTime: string,
  utcOffset: string,
): Decoded<ObservationGroup[]> {
  const groups: ObservationGroup[] = [{ observedAt: firstTime, elements: [] }];
  let group = groups[0] as ObservationGroup;
  let pos = from;
  while (pos < body.length) {
    const at = pos;
    const { id, next } = readElementId(body, pos);
    pos = next;
    if (id === MARKER.observationTime) {
      // Each group's data belong to its own observation time (§6.6.2.8 e, §6.6.2.11).
      const observedAt =
        body[pos] === MARKER.observationTime ? timeAt(body, pos + 1, 5, utcOffset) : undefined;
      if (!observedAt || at + TIME_GROUP_BYTES > body.length) {
        return {
          ok: false,
          reason: `observation time ${hexOf(body.subarray(at, at + 7))} at byte ${at} is not F0F0 and a BCD date`,
        };
      }
      group = { observedAt, elements: [] };
      groups.push(group);
      pos = at + TIME_GROUP_BYTES;
      continue;
    }
    if (id === MARKER.stationAddress) {
      // A second station in one body (§6.6.2.7) is a multi-station report, which no terminal here sends.
      return { ok: false, reason: `a second F1 station address at byte ${at}` };
    }
    if (id === MARKER.manual || id === MARKER.picture) {
      // Manual data (ASCII) and pictures (JPEG) run to the end of the body and have no definition byte.
      group.elements.push({ id, code: elementCode(id), value: null, hex: hexOf(body.subarray(pos + 1)) });
      break;
    }
    if (pos >= body.length) return { ok: false, reason: `element ${elementCode(id)} has no definition byte` };
    const { bytes, decimals } = parseDefinition(body[pos] ?? 0);
    pos += 1;
    if (pos + bytes > body.length) {
      return {
        ok: false,
        reason: `element ${elementCode(id)} needs ${bytes} bytes, ${body.length - pos} left`,
      };
    }
    const data = body.subarray(pos, pos + bytes);
    pos += bytes;
    if (id === ELEMENT.timeStep) {
      const step = stepMinutes(data);
      if (step === undefined) return { ok: false, reason: `time step code ${hexOf(data)} is not BCD dhm` };
      // Step 000000 announces the hour's DRP/DRZ series, which carry their own 5-minute step (table C.1 note g).
      if (step === 0) continue;
      const series = decodeEvenSeries(body, pos, step);
      if (!series.ok) return series;
      group.elements.push(series.value);
      break;
    }
    const element = isFiveMinuteSeries(id)
      ? decodeFiveMinuteSeries(id, data)
      : decodeValue(id, data, decimals);
    if (!element.ok) return element;
    group.elements.push(element.value);
  }
  return { ok: true, value: groups };
}
