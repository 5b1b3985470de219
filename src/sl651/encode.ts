import { definitionByte, digitsToBcd, numberToBcd, type ValueFormat } from './bcd.js';
import { CONTROL, MARKER } from './codes.js';
import { crc16 } from './crc16.js';
import { ELEMENTS } from './elements.js';
import { ASCII_PACKET_INFO_BYTES, type FrameEncoding, HEADER_BYTES, PACKET_INFO_BYTES } from './frame.js';

/** Everything a frame is built from; defaults suit an uplink single-packet HEX/BCD report. */
export type FrameSpec = {
  /** HEX/BCD unless told; an ASCII frame's body is its ASCII text. */
  encoding?: FrameEncoding;
  direction?: 'up' | 'down';
  centreAddress?: number;
  /** 10 hex digits. */
  rtuAddress: string;
  password?: number;
  functionCode: number;
  body: Uint8Array;
  /** Makes a SYN frame with this packet info. */
  packet?: { total: number; index: number };
  /** ETX unless given. */
  end?: number;
};

/** Builds one frame with its CRC (SL 651-2014 frame structure; domain-rules §3.4), in the spec's encoding. */
export function encodeFrame(spec: FrameSpec): Buffer {
  if (spec.encoding === 'ascii') return encodeAsciiFrame(spec);
  const isUp = (spec.direction ?? 'up') === 'up';
  const rtu = Buffer.from(spec.rtuAddress, 'hex');
  if (rtu.length !== 5) throw new RangeError(`rtuAddress "${spec.rtuAddress}" is not 10 hex digits`);
  const centre = Buffer.from([spec.centreAddress ?? 1]);
  const info = spec.packet ? packetInfo(spec.packet) : Buffer.alloc(0);
  const length = info.length + spec.body.length;
  if (length > 0x0fff) throw new RangeError(`a body of ${length} bytes does not fit the 12-bit length`);
  const head = Buffer.alloc(HEADER_BYTES);
  head[0] = 0x7e;
  head[1] = 0x7e;
  // Uplink frames name the centre first, downlink frames the terminal first.
  (isUp ? Buffer.concat([centre, rtu]) : Buffer.concat([rtu, centre])).copy(head, 2);
  head.writeUInt16BE(spec.password ?? 0, 8);
  head[10] = spec.functionCode;
  head.writeUInt16BE(((isUp ? 0x0 : 0x8) << 12) | length, 11);
  head[13] = spec.packet ? CONTROL.SYN : CONTROL.STX;
  const unchecked = Buffer.concat([head, info, spec.body, Buffer.from([spec.end ?? CONTROL.ETX])]);
  const crc = Buffer.alloc(2);
  crc.writeUInt16BE(crc16(unchecked));
  return Buffer.concat([unchecked, crc]);
}

/**
 * Builds one ASCII frame (layout and sources at ASCII_HEADER_BYTES in frame.ts): the header fields as upper-case
 * hex characters, control characters as bytes, and the CRC-16 of SOH through the end character as 4 characters.
 */
function encodeAsciiFrame(spec: FrameSpec): Buffer {
  const isUp = (spec.direction ?? 'up') === 'up';
  if (!/^[0-9A-Fa-f]{10}$/.test(spec.rtuAddress)) {
    throw new RangeError(`rtuAddress "${spec.rtuAddress}" is not 10 hex digits`);
  }
  const rtu = spec.rtuAddress.toUpperCase();
  const centre = hexChars(spec.centreAddress ?? 1, 2);
  const info = spec.packet ? `${hexChars(spec.packet.total, 3)}${hexChars(spec.packet.index, 3)}` : '';
  const length = info.length + spec.body.length;
  if (length > 0x0fff) throw new RangeError(`a body of ${length} characters does not fit the 12-bit length`);
  const header = [
    isUp ? `${centre}${rtu}` : `${rtu}${centre}`,
    hexChars(spec.password ?? 0, 4),
    hexChars(spec.functionCode, 2),
    isUp ? '0' : '8',
    hexChars(length, 3),
  ].join('');
  const unchecked = Buffer.concat([
    Buffer.from([CONTROL.SOH]),
    Buffer.from(header, 'latin1'),
    Buffer.from([spec.packet ? CONTROL.SYN : CONTROL.STX]),
    Buffer.from(info, 'latin1'),
    spec.body,
    Buffer.from([spec.end ?? CONTROL.ETX]),
  ]);
  return Buffer.concat([unchecked, Buffer.from(hexChars(crc16(unchecked), 4), 'latin1')]);
}

/** `n` as exactly `width` upper-case hex characters. */
function hexChars(n: number, width: number): string {
  const text = n.toString(16).toUpperCase().padStart(width, '0');
  if (n < 0 || text.length > width) throw new RangeError(`${n} does not fit ${width} hex characters`);
  return text;
}

function packetInfo(packet: { total: number; index: number }): Buffer {
  const { total, index } = packet;
  return Buffer.from([total >> 4, ((total & 0x0f) << 4) | (index >> 8), index & 0xff]);
}

/**
 * Splits a body into SYN frames of at most `packetBytes` body bytes each: ETB on every packet but the last,
 * ETX on the last, packet info counting from 1.
 */
export function encodePackets(spec: Omit<FrameSpec, 'packet' | 'end'>, packetBytes: number): Buffer[] {
  const infoBytes = spec.encoding === 'ascii' ? ASCII_PACKET_INFO_BYTES : PACKET_INFO_BYTES;
  const room = Math.min(packetBytes, 0x0fff - infoBytes);
  const total = Math.max(1, Math.ceil(spec.body.length / room));
  return Array.from({ length: total }, (_, i) =>
    encodeFrame({
      ...spec,
      body: spec.body.subarray(i * room, (i + 1) * room),
      packet: { total, index: i + 1 },
      end: i + 1 === total ? CONTROL.ETX : CONTROL.ETB,
    }),
  );
}

/** One BCD element: id, definition byte, value; the table's usual layout unless `format` is given. */
export function encodeElement(id: number, value: number | null, format?: ValueFormat): Buffer {
  const layout = format ?? ELEMENTS.get(id)?.format;
  if (!layout) throw new RangeError(`element ${id.toString(16)} needs an explicit format`);
  const data = numberToBcd(value, layout);
  // The FF sign byte counts in the definition byte's length, as terminals send it.
  const definition = definitionByte({ bytes: data.length, decimals: layout.decimals });
  return Buffer.concat([Buffer.from([id, definition]), data]);
}

/** The 45 ZT element: a 4-byte big-endian bit field (see ALARM_BITS). */
export function encodeStatusElement(bits: number): Buffer {
  const out = Buffer.from([0x45, definitionByte({ bytes: 4, decimals: 0 }), 0, 0, 0, 0]);
  out.writeUInt32BE(bits >>> 0, 2);
  return out;
}

/** The fields of a report body; times are local BCD digits, YYMMDDhhmmss and YYMMDDhhmm. */
export type ReportSpec = {
  serial: number;
  sentAt: string;
  stationAddress: string;
  stationType: number;
  observedAt: string;
  elements: Uint8Array[];
};

/** Builds a report body: serial, send time, F1 F1 station, F0 F0 observation time, elements. */
export function encodeReportBody(spec: ReportSpec): Buffer {
  const serial = Buffer.alloc(2);
  serial.writeUInt16BE(spec.serial);
  return Buffer.concat([
    serial,
    digitsToBcd(spec.sentAt),
    Buffer.from([MARKER.stationAddress, MARKER.stationAddress]),
    Buffer.from(spec.stationAddress, 'hex'),
    Buffer.from([spec.stationType]),
    Buffer.from([MARKER.observationTime, MARKER.observationTime]),
    digitsToBcd(spec.observedAt),
    ...spec.elements,
  ]);
}

/** The body of a 2F keep-alive, and of every confirmation: serial and send time. */
export function encodeSerialAndTime(serial: number, sentAt: string): Buffer {
  const out = Buffer.alloc(2);
  out.writeUInt16BE(serial);
  return Buffer.concat([out, digitsToBcd(sentAt)]);
}

/**
 * The ASCII form of the same: the serial as 4 hex characters, then the 12 time digits, no space between (the body
 * of every ASCII confirmation in github yushun1990/sl651_bridge protocol/src/ack.rs and 64673a/SL651-2014
 * sl651/ascii_codec.py, and the head of the published ASCII examples).
 */
export function encodeAsciiSerialAndTime(serial: number, sentAt: string): Buffer {
  if (!/^\d{12}$/.test(sentAt)) throw new RangeError(`"${sentAt}" is not 12 time digits`);
  return Buffer.from(`${hexChars(serial, 4)}${sentAt}`, 'latin1');
}
