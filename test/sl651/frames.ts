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
      else other.push(r.kind === 'error' ? `error: ${r.reason}` : `packet ${r.index}/${r.total}`);
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
