import { FUNCTION } from '../../src/sl651/codes.js';
import { encodeFrame, encodeReportBody, encodeSerialAndTime } from '../../src/sl651/encode.js';
import { createFrameSplitter, type FrameError } from '../../src/sl651/frame.js';
import { createReassembler, type Message } from '../../src/sl651/reassembly.js';

/** The terminal address of the test river gauge G1 and the test reservoir R1. */
export const G1_ADDRESS = '0041010001';
export const R1_ADDRESS = '0041010002';
export const RIVER = 0x48;
export const RESERVOIR = 0x4b;

/** A hand-built uplink report frame (32 timed unless told), observed 2026-07-20 08:00 local by default. */
export function reportFrame(
  options: {
    functionCode?: number;
    address?: string;
    stationType?: number;
    serial?: number;
    observedAt?: string;
    elements?: Uint8Array[];
    password?: number;
  } = {},
): Buffer {
  const address = options.address ?? G1_ADDRESS;
  return encodeFrame({
    rtuAddress: address,
    centreAddress: 1,
    password: options.password ?? 0x1234,
    functionCode: options.functionCode ?? FUNCTION.timed,
    body: reportBody({ ...options, address }),
  });
}

/** The body of such a report. */
export function reportBody(
  options: {
    address?: string;
    stationType?: number;
    serial?: number;
    observedAt?: string;
    elements?: Uint8Array[];
  } = {},
): Buffer {
  return encodeReportBody({
    serial: options.serial ?? 7,
    sentAt: `${(options.observedAt ?? '2607200800').slice(0, 10)}05`,
    stationAddress: options.address ?? G1_ADDRESS,
    stationType: options.stationType ?? RIVER,
    observedAt: options.observedAt ?? '2607200800',
    elements: options.elements ?? [],
  });
}

/** A 2F keep-alive frame. */
export function keepAliveFrame(address = G1_ADDRESS, serial = 3): Buffer {
  return encodeFrame({
    rtuAddress: address,
    functionCode: FUNCTION.keepAlive,
    body: encodeSerialAndTime(serial, '260720080000'),
  });
}

/** Runs bytes through the splitter and the reassembler, as a connection would. */
export function receive(...chunks: Uint8Array[]): {
  messages: Message[];
  errors: FrameError[];
  other: string[];
} {
  const splitter = createFrameSplitter();
  const reassembler = createReassembler();
  const messages: Message[] = [];
  const errors: FrameError[] = [];
  const other: string[] = [];
  for (const chunk of chunks) {
    for (const result of splitter.push(chunk)) {
      if ('error' in result) {
        errors.push(result.error);
        continue;
      }
      const r = reassembler.push(result.frame);
      if (r.kind === 'message') messages.push(r.message);
      else if (r.kind === 'error') other.push(`error: ${r.reason}`);
      else if (r.kind === 'missing') other.push(`missing ${r.missing}/${r.total}`);
      else other.push(`packet ${r.index}/${r.total}`);
    }
  }
  for (const result of splitter.flush()) if ('error' in result) errors.push(result.error);
  return { messages, errors, other };
}

/** Flips the last byte (the CRC's low byte). */
export function corruptCrc(frame: Buffer): Buffer {
  const copy = Buffer.from(frame);
  copy[copy.length - 1] = (copy[copy.length - 1] ?? 0) ^ 0xff;
  return copy;
}

/**
 * A hand-built ASCII report body: serial (4 hex), send time, then `ST address type TT time` and the element groups
 * (`'Z 10.25'`, `'ZT 00000040'` …), each group followed by one space. `afterTime` is what separates the send time
 * from ST: a space by default, nothing in the published CSDN examples.
 */
export function asciiReportBody(
  options: {
    serial?: number;
    address?: string;
    /** The station type letter: H river, K reservoir, P rain … */
    stationType?: string;
    observedAt?: string;
    elements?: string[];
    afterTime?: string;
  } = {},
): string {
  const observedAt = options.observedAt ?? '2607200800';
  const serial = (options.serial ?? 7).toString(16).toUpperCase().padStart(4, '0');
  const groups = [
    `ST ${options.address ?? G1_ADDRESS}`,
    options.stationType ?? 'H',
    `TT ${observedAt}`,
    ...(options.elements ?? []),
  ];
  return `${serial}${observedAt}05${options.afterTime ?? ' '}${groups.map((g) => `${g} `).join('')}`;
}

/** A hand-built uplink ASCII report frame (32 timed unless told). */
export function asciiReportFrame(
  options: Parameters<typeof asciiReportBody>[0] & { functionCode?: number; password?: number } = {},
): Buffer {
  return encodeFrame({
    encoding: 'ascii',
    rtuAddress: options.address ?? G1_ADDRESS,
    centreAddress: 1,
    password: options.password ?? 0x1234,
    functionCode: options.functionCode ?? FUNCTION.timed,
    body: Buffer.from(asciiReportBody(options), 'latin1'),
  });
}

/** An ASCII 2F keep-alive frame. */
export function asciiKeepAliveFrame(address = G1_ADDRESS, serial = 3): Buffer {
  return encodeFrame({
    encoding: 'ascii',
    rtuAddress: address,
    functionCode: FUNCTION.keepAlive,
    body: Buffer.from(`${serial.toString(16).padStart(4, '0')}260720080000`, 'latin1'),
  });
}

/** Changes the last CRC character of an ASCII frame to another hex digit, so the CRC is well-formed but wrong. */
export function corruptAsciiCrc(frame: Buffer): Buffer {
  const copy = Buffer.from(frame);
  const last = copy.length - 1;
  copy[last] = copy[last] === 0x30 ? 0x31 : 0x30;
  return copy;
}

/** The ASCII text of a frame, control characters shown as <SOH>, <STX> …, for readable expectations. */
export function asciiText(frame: Buffer): string {
  const names: Record<number, string> = {
    1: 'SOH',
    2: 'STX',
    3: 'ETX',
    4: 'EOT',
    6: 'ACK',
    22: 'SYN',
    27: 'ESC',
  };
  return [...frame].map((b) => (names[b] ? `<${names[b]}>` : String.fromCharCode(b))).join('');
}
