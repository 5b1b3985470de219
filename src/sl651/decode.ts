import { bcdDigits, bcdToNumber, parseDefinition } from './bcd.js';
import { MARKER, STATION_TYPES } from './codes.js';
import { ELEMENTS, elementCode } from './elements.js';
import { hexOf } from './frame.js';

/** One element of a report: its id, mnemonic, value (null when the station marks it missing) and raw bytes. */
export type DecodedElement = { id: number; code: string; value: number | null; hex: string };

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
  /** The observation time from the F0 F0 field, ISO 8601 with the county's offset. */
  observedAt: string;
  elements: DecodedElement[];
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
  const [year, month, day, hour, minute, second] = [
    2000 + Number(m[1]),
    Number(m[2]),
    Number(m[3]),
    Number(m[4]),
    Number(m[5]),
    Number(m[6] ?? '0'),
  ];
  const probe = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  const isReal =
    probe.getUTCMonth() === month - 1 &&
    probe.getUTCDate() === day &&
    probe.getUTCHours() === hour &&
    probe.getUTCMinutes() === minute &&
    probe.getUTCSeconds() === second;
  if (!isReal) return undefined;
  return `${probe.toISOString().slice(0, 19)}${utcOffset}`;
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
  const elements = decodeElements(body, 23);
  if (!elements.ok) return elements;
  return {
    ok: true,
    value: {
      ...head.value,
      stationAddress,
      stationType,
      stationTypeName: STATION_TYPES[stationType] ?? stationType.toString(16).toUpperCase(),
      observedAt,
      elements: elements.value,
    },
  };
}

function decodeElements(body: Buffer, from: number): Decoded<DecodedElement[]> {
  const out: DecodedElement[] = [];
  let pos = from;
  while (pos < body.length) {
    let id = body[pos] ?? 0;
    pos += 1;
    // FF xx is an extended (user-defined) element id.
    if (id === 0xff) {
      id = 0xff00 | (body[pos] ?? 0);
      pos += 1;
    }
    if (id === MARKER.observationTime || id === MARKER.stationAddress) {
      // Several observation times in one body belong to report types (31 evenly spaced) not handled here.
      return { ok: false, reason: `a second ${elementCode(id)} header at byte ${pos - 1}` };
    }
    if (id === MARKER.manual || id === MARKER.picture) {
      // Manual data (ASCII) and pictures (JPEG) run to the end of the body and have no definition byte.
      out.push({ id, code: elementCode(id), value: null, hex: hexOf(body.subarray(pos + 1)) });
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
    const element = decodeValue(id, data, decimals);
    if (!element.ok) return element;
    out.push(element.value);
  }
  return { ok: true, value: out };
}

function decodeValue(id: number, data: Buffer, decimals: number): Decoded<DecodedElement> {
  const info = ELEMENTS.get(id);
  const base = { id, code: elementCode(id), hex: hexOf(data) };
  if (info?.encoding === 'hex') {
    const isMissing = data.length === 0 || data.every((b) => b === 0xff);
    return {
      ok: true,
      value: { ...base, value: isMissing ? null : data.readUIntBE(0, Math.min(data.length, 6)) },
    };
  }
  const bcd = bcdToNumber(data, decimals);
  if (bcd.ok) return { ok: true, value: { ...base, value: bcd.value } };
  // A known measurement that is not BCD means a faulty terminal: better no reading than a wrong level.
  if (info) return { ok: false, reason: `element ${info.code}: ${bcd.reason}` };
  // Unnamed elements (F4 5-minute rain, F5 relative levels …) may be binary; they are kept raw, never guessed.
  return { ok: true, value: { ...base, value: null } };
}
