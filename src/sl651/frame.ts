import { CONTROL, END_CHARACTERS } from './codes.js';
import { crc16 } from './crc16.js';

/** 7E 7E, centre 1, terminal 5, password 2, function 1, direction+length 2, start character 1. */
export const HEADER_BYTES = 14;
/** End character 1, CRC 2. */
export const TRAILER_BYTES = 3;
/** Packet info after SYN: total packets (12 bits) and this packet's number (12 bits). */
export const PACKET_INFO_BYTES = 3;

const START = 0x7e;
const MAX_INNER_TRIES = 32;
// Hex dumps in logs are cut here: enough to diagnose a frame, never a megabyte of line noise.
const MAX_HEX_BYTES = 600;

/** One checked HEX/BCD frame (SL 651-2014 frame structure; domain-rules §3.4). */
export type Frame = {
  direction: 'up' | 'down';
  centreAddress: number;
  /** The terminal's address as 10 upper-case hex digits, the form `rtuAddress` takes in the config. */
  rtuAddress: string;
  password: number;
  functionCode: number;
  /** Present on a multi-packet (SYN) frame; packets count from 1. */
  packet?: { total: number; index: number };
  /** The body between the start character (and packet info) and the end character. */
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

type Header = { length: number; direction: 'up' | 'down'; isMultiPacket: boolean };

// The direction nibble (0 up, 8 down) and the start character are the only fixed bytes after 7E7E, so they
// are what tells a real header from a 7E7E that happens to occur inside data.
function readHeader(buf: Buffer, at: number): Header | undefined {
  const directionAndLength = buf.readUInt16BE(at + 11);
  const nibble = directionAndLength >> 12;
  const startChar = buf[at + 13];
  if (nibble !== 0 && nibble !== 8) return undefined;
  if (startChar !== CONTROL.STX && startChar !== CONTROL.SYN) return undefined;
  const length = directionAndLength & 0x0fff;
  if (startChar === CONTROL.SYN && length < PACKET_INFO_BYTES) return undefined;
  return { length, direction: nibble === 0 ? 'up' : 'down', isMultiPacket: startChar === CONTROL.SYN };
}

function checkCrc(frame: Buffer): boolean {
  const expected = frame.readUInt16BE(frame.length - 2);
  return crc16(frame, 0, frame.length - 2) === expected;
}

/** Reads one complete frame whose CRC is already known good. */
function toFrame(raw: Buffer, header: Header): Frame {
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

/** The frame at `at` if it is complete and passes its checks. */
function validFrameAt(buf: Buffer, at: number): number | undefined {
  if (buf.length - at < HEADER_BYTES) return undefined;
  const header = readHeader(buf, at);
  if (!header) return undefined;
  const total = HEADER_BYTES + header.length + TRAILER_BYTES;
  if (buf.length - at < total) return undefined;
  const candidate = buf.subarray(at, at + total);
  const end = candidate[total - TRAILER_BYTES] ?? 0;
  return END_CHARACTERS.has(end) && checkCrc(candidate) ? total : undefined;
}

const START_PAIR = Buffer.from([START, START]);

function indexOfStart(buf: Buffer, from: number): number {
  return buf.indexOf(START_PAIR, from);
}

/**
 * A streaming splitter for one TCP connection: feed it chunks as they arrive, get back whole frames and errors.
 * A bad frame costs only its own bytes: the splitter resynchronises on the next 7E7E.
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

  function split(out: SplitResult[]): void {
    for (;;) {
      const start = indexOfStart(acc, 0);
      if (start < 0) {
        // A lone 7E at the very end may be the first half of the next frame's 7E7E.
        const keep = acc[acc.length - 1] === START ? 1 : 0;
        if (acc.length > keep) dropGarbage(out, acc.length - keep, 'bytes outside any frame');
        return;
      }
      if (start > 0) dropGarbage(out, start, 'bytes before 7E7E');
      if (acc.length < HEADER_BYTES) return;
      const header = readHeader(acc, 0);
      if (!header) {
        const next = indexOfStart(acc, 1);
        const upTo = next >= 0 ? next : acc.length - (acc[acc.length - 1] === START ? 1 : 0);
        dropGarbage(out, upTo, 'a 7E7E without a valid header');
        continue;
      }
      const total = HEADER_BYTES + header.length + TRAILER_BYTES;
      if (acc.length < total) {
        // While waiting, a complete valid frame starting inside this one proves this one was cut short.
        const inner = findInnerFrame(1);
        if (inner < 0) return;
        out.push(truncated(inner));
        continue;
      }
      const candidate = acc.subarray(0, total);
      const end = candidate[total - TRAILER_BYTES] ?? 0;
      if (END_CHARACTERS.has(end) && checkCrc(candidate)) {
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
      const reason = END_CHARACTERS.has(end)
        ? `CRC ${hex4(crc16(candidate, 0, total - 2))} computed, ${hex4(candidate.readUInt16BE(total - 2))} sent`
        : `end character ${hex2(end)} is none of ETX/ETB/ENQ/EOT/ACK/NAK/ESC`;
      out.push({ error: { kind: 'crc', reason, hex: hexOf(candidate) } });
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
    // Each try may cost a CRC over 4 KB; a frame stuffed with 7E7E gets a bounded look and, failing that, the
    // quiet-line flush.
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
      if (acc.length - at >= HEADER_BYTES && readHeader(acc, at)) return at;
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
      const kind = acc[0] === START ? 'truncated' : 'garbage';
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

function hex2(n: number): string {
  return n.toString(16).toUpperCase().padStart(2, '0');
}

function hex4(n: number): string {
  return n.toString(16).toUpperCase().padStart(4, '0');
}
