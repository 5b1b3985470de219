import { definitionByte, digitsToBcd } from './bcd.js';
import { MARKER, REPORT_FUNCTIONS } from './codes.js';
import type { Decoded } from './decode.js';
import { ELEMENT, ELEMENTS } from './elements.js';
import type { FrameEncoding } from './frame.js';
import type { Message } from './reassembly.js';

/*
 * The body of an ASCII frame (SL 651-2014 §6.4, §6.6.2) says in text what a HEX/BCD body says in bytes:
 *
 *   serial (4 hex characters) send time (12 digits YYMMDDhhmmss) ST <station address, 10 characters> <station type,
 *   one letter: P H K Z D T M G Q I O> TT <observation time, 10 digits YYMMDDhhmm> <identifier> <value> … (each
 *   group followed by one space)
 *
 * for example `0019170718111204ST 0012341234 H TT 1707181112 PJ 0.5 PT 0.5 Z 0.301 VT 10.91 `. Values are decimal
 * text with their own decimals and a leading '-' when negative; 'M' marks a value missing (缺测). Fields that are
 * binary in HEX/BCD (ZT status bits, DRP/DRZ 5-minute series, DATA) are their bytes as hex characters.
 *
 * Sources: the worked examples at blog.csdn.net/weixin_42163707/article/details/132556389, github 64673a/SL651-2014
 * (sl651/ascii_codec.py, constants.py) and github yushun1990/sl651_bridge (protocol/src/body.rs, ident.rs). Where
 * they differ, this follows the majority or accepts both:
 *   - a space between the send time and ST: present in 64673a's and yushun1990's frames, absent in the CSDN
 *     examples; both are accepted (and one between the serial and the send time, as in a yushun1990 sample).
 *   - ZT: yushun1990 reads 8 hex characters (the 4 status bytes), 64673a reads a decimal number; hex is taken,
 *     which is also how every other binary field is written in ASCII mode.
 *   - missing value: 'M' in both implementations (yushun1990 also takes 'F'); only 'M' is taken.
 *   - station address: 10 characters, the hex of the 5 address bytes (6 BCD digits and 4 hex digits, yushun1990).
 *
 * The gateway turns an ASCII body into the HEX/BCD body that says the same (`asciiBodyToHex`), so the one decoder
 * (decode.ts), the reading builder (to-reading.ts) and the collector link serve both encodings unchanged.
 */

/** ASCII identifiers (标识符) of SL 651-2014 table C.1 and the HEX/BCD identifier each stands for. */
export const ASCII_IDENTIFIERS: ReadonlyMap<string, number> = new Map<string, number>([
  ...table(0x01, ['AC', 'AI', 'C']),
  // 04 is the time step code DRxnn, which carries its value in the identifier: see STEP_CODE.
  ...table(0x05, ['DT', 'ED', 'EJ', 'FL', 'GH', 'GN', 'GS', 'GT', 'GTP', 'H', 'HW']),
  ...table(0x10, ['M10', 'M20', 'M30', 'M40', 'M50', 'M60', 'M80', 'M100', 'MST', 'NS']),
  ...table(0x1a, ['P1', 'P2', 'P3', 'P6', 'P12', 'PD', 'PJ', 'PN01', 'PN05', 'PN10', 'PN30', 'PR', 'PT']),
  ...table(0x27, ['Q', 'Q1', 'Q2', 'Q3', 'Q4', 'Q5', 'Q6', 'Q7', 'Q8', 'QA', 'QZ', 'SW', 'UC', 'UE', 'US']),
  ...table(0x36, [
    'VA',
    'VJ',
    'VT',
    'Z',
    'ZB',
    'ZU',
    'Z1',
    'Z2',
    'Z3',
    'Z4',
    'Z5',
    'Z6',
    'Z7',
    'Z8',
    'SQ',
    'ZT',
  ]),
  ...table(0x46, ['pH', 'DO', 'COND', 'TURB', 'CODMN', 'REDOX', 'NH4N', 'TP', 'TN', 'TOC']),
  ...table(0x50, ['CU', 'ZN', 'SE', 'AS', 'THG', 'CD', 'PB', 'CHLA']),
  ...table(0x58, ['WP1', 'WP2', 'WP3', 'WP4', 'WP5', 'WP6', 'WP7', 'WP8']),
  ...table(0x60, ['SYL1', 'SYL2', 'SYL3', 'SYL4', 'SYL5', 'SYL6', 'SYL7', 'SYL8']),
  ...table(0x68, ['SBL1', 'SBL2', 'SBL3', 'SBL4', 'SBL5', 'SBL6', 'SBL7', 'SBL8']),
  ...table(0x70, ['VTA', 'VTB', 'VTC', 'VIA', 'VIB', 'VIC']),
  ...table(0xf4, ['DRP', 'DRZ1', 'DRZ2', 'DRZ3', 'DRZ4', 'DRZ5', 'DRZ6', 'DRZ7', 'DRZ8', 'DATA']),
]);

function table(first: number, codes: string[]): [string, number][] {
  return codes.map((code, i) => [code, first + i]);
}

// Identifiers are matched without regard to case ('pH' is the only mixed-case one; no two differ only in case).
const BY_UPPER_CASE = new Map([...ASCII_IDENTIFIERS].map(([code, id]) => [code.toUpperCase(), id]));

/** Identifiers whose value is binary in HEX/BCD and so hex characters in ASCII: the F4–FD series. */
const isHexValued = (id: number) => id >= 0xf4 && id <= 0xfd;
/** The time step code of 31 (evenly spaced) reports: DRD days, DRH hours, DRN minutes, two digits. */
const STEP_CODE = /^DR[DHN]\d\d$/;
const NUMBER = /^([+-]?)(\d+)(?:\.(\d+))?$/;
const MISSING = 'M';
/** The byte that marks a missing value (all bytes) or a negative one (first byte) in HEX/BCD. */
const FF = 0xff;

/** The serial at the head of a body in either encoding, or 0 when it has none. */
export function bodySerial(body: Buffer, encoding: FrameEncoding): number {
  if (encoding === 'hex') return body.length >= 2 ? body.readUInt16BE(0) : 0;
  const text = body.toString('latin1', 0, 4);
  return /^[0-9A-Fa-f]{4}$/.test(text) ? Number.parseInt(text, 16) : 0;
}

/** An ASCII body turned into HEX/BCD, and the identifiers it carried that SL 651-2014 does not name. */
export type HexBody = { body: Buffer; ignored: string[] };

/**
 * Turns the body of an ASCII message into the HEX/BCD body that says the same: serial and send time, and for
 * `headOnly: false` the station, station type, observation time and elements. A value that is not a number, an
 * identifier without a value or a malformed header refuses the whole body, as a non-BCD level does in HEX/BCD.
 */
export function asciiBodyToHex(body: Buffer, options: { headOnly: boolean }): Decoded<HexBody> {
  const text = body.toString('latin1');
  const head = /^([0-9A-Fa-f]{4}) *(\d{12})/.exec(text);
  if (!head) {
    return {
      ok: false,
      reason: `ASCII body ${JSON.stringify(text.slice(0, 20))} has no serial and send time`,
    };
  }
  const serial = Buffer.alloc(2);
  serial.writeUInt16BE(Number.parseInt(head[1] ?? '0', 16));
  const parts: Buffer[] = [serial, digitsToBcd(head[2] ?? '')];
  if (options.headOnly) return { ok: true, value: { body: Buffer.concat(parts), ignored: [] } };
  const groups = readGroups(text, head[0].length);
  if (!groups.ok) return groups;
  return {
    ok: true,
    value: { body: Buffer.concat([...parts, ...groups.value.parts]), ignored: groups.value.ignored },
  };
}

/**
 * A whole ASCII message with its body in HEX/BCD, ready for `interpret`. Only the report functions (32, 33, 34)
 * have their elements read; every other function keeps its serial and send time, all the gateway reads of it.
 * The result still says `encoding: 'ascii'`, the language the terminal is answered in, though its body is now
 * HEX/BCD: take the serial for an answer from the message as received (`bodySerial`), not from this one.
 */
export function asciiMessageToHex(message: Message): Decoded<{ message: Message; ignored: string[] }> {
  if (message.encoding !== 'ascii') return { ok: true, value: { message, ignored: [] } };
  const converted = asciiBodyToHex(message.body, { headOnly: !REPORT_FUNCTIONS.has(message.functionCode) });
  if (!converted.ok) return converted;
  return {
    ok: true,
    value: { message: { ...message, body: converted.value.body }, ignored: converted.value.ignored },
  };
}

type Token = { text: string; end: number };

function readGroups(text: string, from: number): Decoded<{ parts: Buffer[]; ignored: string[] }> {
  const tokens: Token[] = [];
  const pattern = /\S+/g;
  pattern.lastIndex = from;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    tokens.push({ text: m[0], end: m.index + m[0].length });
  }
  const parts: Buffer[] = [];
  const ignored: string[] = [];
  let i = 0;
  const next = () => tokens[i++]?.text;
  while (i < tokens.length) {
    const token = tokens[i] ?? { text: '', end: 0 };
    i += 1;
    const identifier = token.text;
    if (identifier === 'RGZS' || identifier === 'PIC') {
      // Manual data and pictures run to the end of the body, spaces and all, less the one closing space.
      const rest = text.slice(token.end + 1).replace(/ $/, '');
      const marker = identifier === 'RGZS' ? MARKER.manual : MARKER.picture;
      parts.push(Buffer.from([marker, marker]), Buffer.from(rest, 'latin1'));
      break;
    }
    if (STEP_CODE.test(identifier)) {
      // A time step starts the value table of a 31 report, which the gateway does not read (see decode.ts).
      return { ok: false, reason: `time step ${identifier}: evenly spaced (31) value tables are not read` };
    }
    if (identifier === 'ST') {
      const address = next();
      const type = next();
      if (!address || !/^[0-9A-Fa-f]{10}$/.test(address)) {
        return { ok: false, reason: `ST ${address ?? '(nothing)'} is not a 10-character station address` };
      }
      if (!type || !/^[A-Z]$/.test(type)) {
        return {
          ok: false,
          reason: `ST ${address} is followed by ${type ?? 'nothing'}, not a station type letter`,
        };
      }
      const st = MARKER.stationAddress;
      parts.push(Buffer.from([st, st]), Buffer.from(address, 'hex'), Buffer.from([type.charCodeAt(0)]));
      continue;
    }
    if (identifier === 'TT') {
      const time = next();
      if (!time || !/^\d{10}$/.test(time)) {
        return { ok: false, reason: `TT ${time ?? '(nothing)'} is not 10 time digits YYMMDDhhmm` };
      }
      const tt = MARKER.observationTime;
      parts.push(Buffer.from([tt, tt]), digitsToBcd(time));
      continue;
    }
    const value = next();
    if (value === undefined) return { ok: false, reason: `identifier ${identifier} has no value` };
    const id = BY_UPPER_CASE.get(identifier.toUpperCase());
    if (id === undefined) {
      // Not in table C.1: a maker's own identifier. Its value is skipped, never guessed at.
      ignored.push(identifier);
      continue;
    }
    const element = elementBytes(identifier, id, value);
    if (!element.ok) return element;
    parts.push(element.value);
  }
  return { ok: true, value: { parts, ignored } };
}

/** One HEX/BCD element (identifier, definition byte, data) for an ASCII identifier and its value text. */
function elementBytes(identifier: string, id: number, value: string): Decoded<Buffer> {
  const withData = (data: Buffer, decimals: number): Decoded<Buffer> =>
    data.length > 31
      ? { ok: false, reason: `element ${identifier}: ${value} needs ${data.length} bytes, more than 31` }
      : {
          ok: true,
          value: Buffer.concat([Buffer.from([id, definitionByte({ bytes: data.length, decimals })]), data]),
        };
  if (value === MISSING) {
    return withData(Buffer.alloc(ELEMENTS.get(id)?.format.bytes ?? 1, FF), 0);
  }
  if (id === ELEMENT.status || isHexValued(id)) {
    // Binary fields are their bytes as hex characters; ZT is 4 bytes, shorter text is a smaller number.
    const hex = id === ELEMENT.status ? value.padStart(8, '0') : value;
    if (!/^([0-9A-Fa-f]{2})+$/.test(hex) || (id === ELEMENT.status && hex.length !== 8)) {
      return { ok: false, reason: `element ${identifier}: ${value} is not hex bytes` };
    }
    return withData(Buffer.from(hex, 'hex'), 0);
  }
  const m = NUMBER.exec(value);
  if (!m) return { ok: false, reason: `element ${identifier}: ${JSON.stringify(value)} is not a number` };
  const fraction = m[3] ?? '';
  if (fraction.length > 7) {
    return { ok: false, reason: `element ${identifier}: ${value} has more than 7 decimals` };
  }
  const digits = `${m[2] ?? ''}${fraction}`;
  const bcd = digitsToBcd(digits.length % 2 === 1 ? `0${digits}` : digits);
  // A negative value gets the FF sign byte in front, counted in the definition byte, as terminals send it.
  const isNegative = m[1] === '-' && /[1-9]/.test(digits);
  return withData(isNegative ? Buffer.concat([Buffer.from([FF]), bcd]) : bcd, fraction.length);
}
