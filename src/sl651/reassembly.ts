import { bodySerial } from './ascii.js';
import { CONTROL } from './codes.js';
import type { Frame } from './frame.js';

/**
 * A whole message: one STX frame, or the packets of a SYN transfer joined in order. The body is still in the wire
 * encoding: an ASCII transfer may split its text anywhere, so it is read only once joined (`asciiMessageToHex`).
 */
export type Message = Omit<Frame, 'packet' | 'raw' | 'body'> & {
  body: Buffer;
  /** How many packets it came in (1 for a single-packet frame). */
  packets: number;
  /** Present when it came as a SYN transfer: the packet total its confirmation must carry (tables 19 and 23). */
  packetTotal?: number;
  /** The frames it was built from, for logs. */
  frames: Buffer[];
};

/** What one frame does to the reassembler. */
export type ReassemblyResult =
  | { kind: 'message'; message: Message }
  | { kind: 'packet'; frame: Frame; total: number; index: number; received: number; serial: number }
  /** The last packet came (ETX) with packets still missing: `missing` is the first, to be asked for again (NAK). */
  | { kind: 'missing'; frame: Frame; total: number; missing: number; serial: number }
  | { kind: 'error'; frame: Frame; reason: string };

type Transfer = { total: number; parts: Map<number, Frame>; startedAt: number };

/** Bounds on what one connection may keep half-received. */
export type ReassemblerOptions = {
  /** Transfers kept open at once on one connection; the oldest is dropped beyond this. */
  maxTransfers?: number;
  /** A transfer with no packet for this long is dropped. */
  maxAgeMs?: number;
  now?: () => number;
};

/**
 * Joins multi-packet (SYN) transfers. Only packet 1 carries the serial, send time and station header (the
 * layout terminals send, e.g. for 36 picture and 38 history reports), so the key is the terminal address and
 * function code: on one connection a terminal sends one transfer per function at a time, and a new packet 1
 * starts it over.
 */
export function createReassembler(options: ReassemblerOptions = {}) {
  const maxTransfers = options.maxTransfers ?? 8;
  const maxAgeMs = options.maxAgeMs ?? 10 * 60_000;
  const now = options.now ?? Date.now;
  const transfers = new Map<string, Transfer>();

  function expire(at: number): void {
    for (const [key, t] of transfers) if (at - t.startedAt > maxAgeMs) transfers.delete(key);
    while (transfers.size > maxTransfers) {
      const oldest = transfers.keys().next().value;
      if (oldest === undefined) break;
      transfers.delete(oldest);
    }
  }

  return {
    /** Takes one checked frame. */
    push(frame: Frame): ReassemblyResult {
      const { packet } = frame;
      if (!packet) return { kind: 'message', message: single(frame) };
      const at = now();
      expire(at);
      // Packets of one encoding never join those of the other: their bodies are different languages.
      const key = `${frame.rtuAddress}:${frame.functionCode}:${frame.encoding}`;
      if (packet.total < 1 || packet.index < 1 || packet.index > packet.total) {
        return { kind: 'error', frame, reason: `packet ${packet.index} of ${packet.total} is out of range` };
      }
      let transfer = transfers.get(key);
      if (packet.index === 1 || !transfer || transfer.total !== packet.total) {
        if (packet.index !== 1) {
          return {
            kind: 'error',
            frame,
            reason: `packet ${packet.index} of ${packet.total} without packet 1`,
          };
        }
        transfer = { total: packet.total, parts: new Map(), startedAt: at };
        transfers.delete(key);
        transfers.set(key, transfer);
      }
      // A packet sent again (after a NAK or a lost ACK) replaces the earlier copy.
      transfer.parts.set(packet.index, frame);
      if (transfer.parts.size < transfer.total) {
        // Only packet 1 carries the serial; confirmations of the later packets echo it.
        const first = transfer.parts.get(1);
        const serial = first ? bodySerial(first.body, first.encoding) : 0;
        if (frame.end === CONTROL.ETX) {
          // M3: the centre names one missing packet at a time and the terminal sends it again, ending ETX
          // (SL 651-2014 §6.3.1.2 c); the transfer waits for it, within maxAgeMs.
          const missing = firstMissing(transfer);
          return { kind: 'missing', frame, total: transfer.total, missing, serial };
        }
        return { kind: 'packet', frame, ...packet, received: transfer.parts.size, serial };
      }
      transfers.delete(key);
      const parts = [...transfer.parts.entries()].sort(([a], [b]) => a - b).map(([, f]) => f);
      return { kind: 'message', message: joined(parts, frame) };
    },
    /** Transfers still waiting for packets. */
    openTransfers: () => transfers.size,
  };
}

function firstMissing(transfer: Transfer): number {
  for (let index = 1; index <= transfer.total; index++) if (!transfer.parts.has(index)) return index;
  return transfer.total;
}

function single(frame: Frame): Message {
  const { packet: _packet, raw, ...rest } = frame;
  return { ...rest, packets: 1, frames: [raw] };
}

function joined(parts: Frame[], last: Frame): Message {
  const first = parts[0] ?? last;
  const { packet: _packet, raw: _raw, body: _body, ...header } = first;
  return {
    ...header,
    body: Buffer.concat(parts.map((p) => p.body)),
    end: last.end,
    packets: parts.length,
    packetTotal: parts.length,
    frames: parts.map((p) => p.raw),
  };
}
