// Over 250 lines on purpose: SL 651-2014 framing in both wire encodings (HEX/BCD and ASCII) and the streaming
// splitter that tells them apart and resynchronises; headers, CRC and resync are one piece of byte arithmetic.
import { CONTROL, END_CHARACTERS } from './codes.js';
import { crc16 } from './crc16.js';

/** 7E 7E, centre 1, terminal 5, password 2, function 1, direction+length 2, start character 1. */
export const HEADER_BYTES = 14;
/** End character 1, CRC 2. */
export const TRAILER_BYTES = 3;
/** Packet info after SYN: total packets (12 bits) and this packet's number (12 bits). */
export const PACKET_INFO_BYTES = 3;

/**
 * The ASCII frame (SL 651-2014 §6.4) carries the same fields as the HEX/BCD one, each byte written as two upper-case
 * hex characters, and keeps the control characters as single bytes:
 *
 *   SOH | centre 2 | terminal 10 | password 4 | function 2 | direction 1 ('0' up, '8' down) + length 3 | STX or SYN
 *   | [SYN only: total packets 3 + packet number 3] | body | end character | CRC 4
 *
 * On downlink frames the terminal comes before the centre, as in HEX/BCD. The length counts the characters between
 * the start character and the end character, packet info included; the CRC is CRC-16/MODBUS over every byte from
 * SOH through the end character, sent as 4 hex characters. This is the layout of the published worked examples
 * (blog.csdn.net/weixin_42163707/article/details/132556389, whose 2F and 30 frames check with CRCs E593 and FDEE),
 * github 64673a/SL651-2014 sl651/ascii_codec.py and github yushun1990/sl651_bridge protocol/src/frame.rs, which agree
 * on every field. (github aaasoft/Quick.SL651 instead hex-dumps a whole HEX/BCD frame behind "01"; no other source
 * does, and its frames have no SOH byte, so they are not accepted here.)
 */
export const ASCII_HEADER_BYTES = 24;
/** End character 1, CRC 4 hex characters. */
export const ASCII_TRAILER_BYTES = 5;
/** Packet info after SYN in an ASCII frame: total packets and this packet's number, 3 hex characters each. */
export const ASCII_PACKET_INFO_BYTES = 6;

const START = 0x7e;
const SOH = CONTROL.SOH;
const MAX_INNER_TRIES = 32;
// Hex dumps in logs are cut here: enough to diagnose a frame, never a megabyte of line noise.
const MAX_HEX_BYTES = 600;

/** How a frame is written on the wire: HEX/BCD (starts 7E 7E) or ASCII (starts SOH). */
export type FrameEncoding = 'hex' | 'ascii';

/** One checked frame (SL 651-2014 frame structure; domain-rules §3.4), HEX/BCD or ASCII. */
export type Frame = {
  /** The wire encoding; answers to the frame go back in the same one. */
  encoding: FrameEncoding;
  direction: 'up' | 'down';
  centreAddress: number;
  /** The terminal's address as 10 upper-case hex digits, the form `rtuAddress` takes in the config. */
  rtuAddress: string;
  password: number;
  functionCode: number;
  /** Present on a multi-packet (SYN) frame; packets count from 1. */
  packet?: { total: number; index: number };
  /**
   * The body between the start character (and packet info) and the end character: HEX/BCD bytes, or the ASCII
   * text of an ASCII frame (turned into HEX/BCD by `asciiMessageToHex` once its packets are joined).
   */
  body: Buffer;
  end: number;
  raw: Buffer;
};

/** Why bytes were dropped: a failed check, a frame cut short by the next one, or bytes outside any frame. */
export type FrameError = { kind: 'crc' | 'truncated' | 'garbage'; reason: string; hex: string };

/** What the splitter yields, in stream order. */
export type SplitResult = { frame: Frame } | { error: FrameError };

/** Upper-case hex of up to MAX_HEX_BYTES bytes, noting how many were left out. */
export function hexOf(bytes: Uint8Array): string {
  const shown = Buffer.from(bytes.subarray(0, MAX_HEX_BYTES)).toString('hex').toUpperCase();
  return bytes.length > MAX_HEX_BYTES ? `${shown}…(+${bytes.length - MAX_HEX_BYTES} bytes)` : shown;
}

type Header = {
  encoding: FrameEncoding;
  /** Bytes from the frame start through the start character. */
  headerBytes: number;
  /** Bytes between the start character and the end character, packet info included. */
  length: number;
  /** End character and CRC. */
  trailerBytes: number;
  direction: 'up' | 'down';
  isMultiPacket: boolean;
};

/** The header at `at`, `'wait'` while too few bytes have arrived to tell, or undefined when there is none. */
type Probe = Header | 'wait' | undefined;

// The direction nibble (0 up, 8 down) and the start character are the only fixed bytes after 7E7E, so they
// are what tells a real header from a 7E7E that happens to occur inside data.
function readHexHeader(buf: Buffer, at: number): Probe {
  if (buf.length - at < HEADER_BYTES) return 'wait';
  const directionAndLength = buf.readUInt16BE(at + 11);
  const nibble = directionAndLength >> 12;
  const startChar = buf[at + 13];
  if (nibble !== 0 && nibble !== 8) return undefined;
  if (startChar !== CONTROL.STX && startChar !== CONTROL.SYN) return undefined;
  const length = directionAndLength & 0x0fff;
  if (startChar === CONTROL.SYN && length < PACKET_INFO_BYTES) return undefined;
  return {
    encoding: 'hex',
    headerBytes: HEADER_BYTES,
    length,
    trailerBytes: TRAILER_BYTES,
    direction: nibble === 0 ? 'up' : 'down',
    isMultiPacket: startChar === CONTROL.SYN,
  };
}

const isHexChar = (c: number | undefined) =>
  c !== undefined && ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66));

// After SOH come 18 hex characters (centre, terminal, password, function), the direction character, 3 hex
// characters of length and the start character: 23 constrained bytes, so an SOH inside binary data is told from a
// real header as soon as the first byte that cannot belong to one arrives, without waiting for all 24.
function readAsciiHeader(buf: Buffer, at: number): Probe {
  const available = Math.min(buf.length - at, ASCII_HEADER_BYTES);
  for (let i = 1; i < available; i++) {
    const c = buf[at + i];
    const fits =
      i === 19 ? c === 0x30 || c === 0x38 : i === 23 ? c === CONTROL.STX || c === CONTROL.SYN : isHexChar(c);
    if (!fits) return undefined;
  }
  if (available < ASCII_HEADER_BYTES) return 'wait';
  const length = Number.parseInt(buf.toString('latin1', at + 20, at + 23), 16);
  const isMultiPacket = buf[at + 23] === CONTROL.SYN;
  if (isMultiPacket && length < ASCII_PACKET_INFO_BYTES) return undefined;
  return {
    encoding: 'ascii',
    headerBytes: ASCII_HEADER_BYTES,
    length,
    trailerBytes: ASCII_TRAILER_BYTES,
    direction: buf[at + 19] === 0x30 ? 'up' : 'down',
    isMultiPacket,
  };
}

function readHeader(buf: Buffer, at: number): Probe {
  if (buf[at] === SOH) return readAsciiHeader(buf, at);
  if (buf.length - at < 2) return 'wait';
  return buf[at] === START && buf[at + 1] === START ? readHexHeader(buf, at) : undefined;
}

const frameBytes = (header: Header) => header.headerBytes + header.length + header.trailerBytes;

/** The CRC the frame carries, or undefined when an ASCII frame's CRC field is not 4 hex characters. */
function sentCrc(frame: Buffer, encoding: FrameEncoding): number | undefined {
  if (encoding === 'hex') return frame.readUInt16BE(frame.length - 2);
  const text = frame.toString('latin1', frame.length - 4);
  return /^[0-9A-Fa-f]{4}$/.test(text) ? Number.parseInt(text, 16) : undefined;
}

function checkCrc(frame: Buffer, header: Header): boolean {
  const crcBytes = header.trailerBytes - 1;
  return crc16(frame, 0, frame.length - crcBytes) === sentCrc(frame, header.encoding);
}

/** Reads one complete HEX/BCD frame whose CRC is already known good. */
function toHexFrame(raw: Buffer, header: Header): Frame {
  const isUp = header.direction === 'up';
  // Uplink frames name the centre first; downlink frames name the terminal first.
  const centreAddress = isUp ? (raw[2] ?? 0) : (raw[7] ?? 0);
  const rtuAddress = raw
    .subarray(isUp ? 3 : 2, isUp ? 8 : 7)
    .toString('hex')
    .toUpperCase();
  let bodyStart = HEADER_BYTES;
  let packet: Frame['packet'];
  if (header.isMultiPacket) {
    const b0 = raw[HEADER_BYTES] ?? 0;
    const b1 = raw[HEADER_BYTES + 1] ?? 0;
    const b2 = raw[HEADER_BYTES + 2] ?? 0;
    packet = { total: (b0 << 4) | (b1 >> 4), index: ((b1 & 0x0f) << 8) | b2 };
    bodyStart += PACKET_INFO_BYTES;
  }
  const bodyEnd = HEADER_BYTES + header.length;
  return {
    encoding: 'hex',
    direction: header.direction,
    centreAddress,
    rtuAddress,
    password: raw.readUInt16BE(8),
    functionCode: raw[10] ?? 0,
    ...(packet ? { packet } : {}),
    body: Buffer.from(raw.subarray(bodyStart, bodyEnd)),
    end: raw[bodyEnd] ?? 0,
    raw,
  };
}

/** Reads one complete ASCII frame whose CRC is already known good (layout at ASCII_HEADER_BYTES). */
function toAsciiFrame(raw: Buffer, header: Header): Frame {
  const isUp = header.direction === 'up';
  const field = (from: number, to: number) => raw.toString('latin1', from, to);
  const hexField = (from: number, to: number) => Number.parseInt(field(from, to), 16);
  let bodyStart = ASCII_HEADER_BYTES;
  let packet: Frame['packet'];
  if (header.isMultiPacket) {
    packet = { total: hexField(24, 27), index: hexField(27, 30) };
    bodyStart += ASCII_PACKET_INFO_BYTES;
  }
  const bodyEnd = ASCII_HEADER_BYTES + header.length;
  return {
    encoding: 'ascii',
    direction: header.direction,
    // Uplink frames name the centre first; downlink frames name the terminal first.
    centreAddress: isUp ? hexField(1, 3) : hexField(11, 13),
    rtuAddress: (isUp ? field(3, 13) : field(1, 11)).toUpperCase(),
    password: hexField(13, 17),
    functionCode: hexField(17, 19),
    ...(packet ? { packet } : {}),
    body: Buffer.from(raw.subarray(bodyStart, bodyEnd)),
    end: raw[bodyEnd] ?? 0,
    raw,
  };
}

const toFrame = (raw: Buffer, header: Header): Frame =>
  header.encoding === 'hex' ? toHexFrame(raw, header) : toAsciiFrame(raw, header);

/** The frame at `at` if it is complete and passes its checks. */
function validFrameAt(buf: Buffer, at: number): number | undefined {
  const header = readHeader(buf, at);
  if (!header || header === 'wait') return undefined;
  const total = frameBytes(header);
  if (buf.length - at < total) return undefined;
  const candidate = buf.subarray(at, at + total);
  const end = candidate[total - header.trailerBytes] ?? 0;
  return END_CHARACTERS.has(end) && checkCrc(candidate, header) ? total : undefined;
}

const START_PAIR = Buffer.from([START, START]);

/** The first frame start (7E 7E or SOH) at or after `from`, or -1. */
function indexOfStart(buf: Buffer, from: number): number {
  const hex = buf.indexOf(START_PAIR, from);
  const ascii = buf.indexOf(SOH, from);
  if (hex < 0) return ascii;
  return ascii < 0 ? hex : Math.min(hex, ascii);
}

const startName = (byte: number | undefined) => (byte === SOH ? 'SOH' : '7E7E');

/**
 * A streaming splitter for one TCP connection: feed it chunks as they arrive, get back whole frames and errors.
 * Each frame is read in the encoding its first byte announces (7E 7E HEX/BCD, SOH ASCII), so one connection may
 * carry both. A bad frame costs only its own bytes: the splitter resynchronises on the next 7E7E or SOH.
 */
export function createFrameSplitter() {
  let acc: Buffer = Buffer.alloc(0);

  // Garbage is always cut from the front, so garbage cut twice in a row is one run of bytes: it is reported once,
  // its hex written when the run ends (a run of 7E bytes is cut one byte at a time).
  let run: { error: FrameError; head: Buffer[]; headBytes: number; length: number } | undefined;

  function dropGarbage(out: SplitResult[], upTo: number, reason: string): void {
    const previous = out[out.length - 1];
    if (!run || !previous || !('error' in previous) || previous.error !== run.error) {
      endRun();
      run = { error: { kind: 'garbage', reason, hex: '' }, head: [], headBytes: 0, length: 0 };
      out.push({ error: run.error });
    }
    if (run.headBytes < MAX_HEX_BYTES) {
      const piece = Buffer.from(acc.subarray(0, Math.min(upTo, MAX_HEX_BYTES - run.headBytes)));
      run.head.push(piece);
      run.headBytes += piece.length;
    }
    run.length += upTo;
    acc = acc.subarray(upTo);
  }

  function endRun(): void {
    if (!run) return;
    const shown = Buffer.concat(run.head).toString('hex').toUpperCase();
    run.error.hex = run.length > run.headBytes ? `${shown}…(+${run.length - run.headBytes} bytes)` : shown;
    run = undefined;
  }

  function drain(): SplitResult[] {
    const out: SplitResult[] = [];
    try {
      split(out);
    } finally {
      endRun();
    }
    return out;
  }

  // A lone 7E at the very end may be the first half of the next frame's 7E7E.
  const keptTail = () => (acc[acc.length - 1] === START ? 1 : 0);

  function split(out: SplitResult[]): void {
    for (;;) {
      const start = indexOfStart(acc, 0);
      if (start < 0) {
        const keep = keptTail();
        if (acc.length > keep) dropGarbage(out, acc.length - keep, 'bytes outside any frame');
        return;
      }
      if (start > 0) dropGarbage(out, start, `bytes before ${startName(acc[start])}`);
      const header = readHeader(acc, 0);
      if (header === 'wait') return;
      if (!header) {
        const next = indexOfStart(acc, 1);
        const upTo = next >= 0 ? next : acc.length - keptTail();
        const what = acc[0] === SOH ? 'an SOH without a valid ASCII header' : 'a 7E7E without a valid header';
        dropGarbage(out, upTo, what);
        continue;
      }
      const total = frameBytes(header);
      if (acc.length < total) {
        // While waiting, a complete valid frame starting inside this one proves this one was cut short.
        const inner = findInnerFrame(1);
        if (inner < 0) return;
        out.push(truncated(inner));
        continue;
      }
      const candidate = acc.subarray(0, total);
      const end = candidate[total - header.trailerBytes] ?? 0;
      if (END_CHARACTERS.has(end) && checkCrc(candidate, header)) {
        out.push({ frame: toFrame(Buffer.from(candidate), header) });
        acc = acc.subarray(total);
        continue;
      }
      // A plausible header inside the failed frame means it was cut off and the next frame began there.
      const inner = findPlausibleHeader(1, total);
      if (inner >= 0) {
        out.push(truncated(inner));
        continue;
      }
      out.push({ error: { kind: 'crc', reason: failure(candidate, header, end), hex: hexOf(candidate) } });
      acc = acc.subarray(total);
    }
  }

  function truncated(upTo: number): SplitResult {
    const error: SplitResult = {
      error: {
        kind: 'truncated',
        reason: 'the next frame began before this one ended',
        hex: hexOf(acc.subarray(0, upTo)),
      },
    };
    acc = acc.subarray(upTo);
    return error;
  }

  function findInnerFrame(from: number): number {
    let tries = 0;
    // Each try may cost a CRC over 4 KB; a frame stuffed with 7E7E or SOH gets a bounded look and, failing that,
    // the quiet-line flush.
    for (
      let at = indexOfStart(acc, from);
      at >= 0 && tries < MAX_INNER_TRIES;
      at = indexOfStart(acc, at + 1)
    ) {
      if (validFrameAt(acc, at) !== undefined) return at;
      tries += 1;
    }
    return -1;
  }

  function findPlausibleHeader(from: number, before: number): number {
    for (let at = indexOfStart(acc, from); at >= 0 && at < before; at = indexOfStart(acc, at + 1)) {
      const header = readHeader(acc, at);
      if (header && header !== 'wait') return at;
    }
    return -1;
  }

  return {
    /** Adds bytes from the wire; returns the frames and errors they complete. */
    push(chunk: Uint8Array): SplitResult[] {
      acc = acc.length === 0 ? Buffer.from(chunk) : Buffer.concat([acc, chunk]);
      return drain();
    },
    /** The connection ended or went quiet: whatever is left is a frame that never finished. */
    flush(): SplitResult[] {
      if (acc.length === 0) return [];
      const kind = acc[0] === START || acc[0] === SOH ? 'truncated' : 'garbage';
      const error: SplitResult = {
        error: { kind, reason: 'the connection went quiet mid-frame', hex: hexOf(acc) },
      };
      acc = Buffer.alloc(0);
      return [error];
    },
    /** Bytes held while waiting for the rest of a frame. */
    pendingBytes: () => acc.length,
  };
}

/** Why a complete frame failed: its end character, or its CRC. */
function failure(candidate: Buffer, header: Header, end: number): string {
  if (!END_CHARACTERS.has(end)) return `end character ${hex2(end)} is none of ETX/ETB/ENQ/EOT/ACK/NAK/ESC`;
  const crcBytes = header.trailerBytes - 1;
  const computed = hex4(crc16(candidate, 0, candidate.length - crcBytes));
  const sent = sentCrc(candidate, header.encoding);
  if (sent === undefined) {
    const text = JSON.stringify(candidate.toString('latin1', candidate.length - crcBytes));
    return `CRC ${computed} computed, ${text} sent is not 4 hex characters`;
  }
  return `CRC ${computed} computed, ${hex4(sent)} sent`;
}

function hex2(n: number): string {
  return n.toString(16).toUpperCase().padStart(2, '0');
}

function hex4(n: number): string {
  return n.toString(16).toUpperCase().padStart(4, '0');
}
