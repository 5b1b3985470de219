import type { Socket } from 'node:net';
import { formatLocal } from '../domain/local-time.js';
import type { Logger } from '../log/logger.js';
import type { Reading } from '../protocol/index.js';
import { asciiMessageToHex, bodySerial } from './ascii.js';
import type { CollectorLink } from './collector-link.js';
import {
  type ConfirmPolicy,
  messageConfirmation,
  missingPacketAnswer,
  packetConfirmation,
} from './confirm.js';
import { ELEMENT } from './elements.js';
import { createFrameSplitter, type Frame, type FrameError, hexOf, type SplitResult } from './frame.js';
import { createReassembler, type Message } from './reassembly.js';
import { interpret, type StationMap } from './to-reading.js';

/** Counters shared by every terminal connection of one gateway. */
export type GatewayCounters = {
  connections: number;
  framesOk: number;
  framesBad: number;
  /** Frames that passed their CRC but whose report body could not be read. */
  bodiesBad: number;
  keepAlives: number;
  readings: number;
  skipped: number;
  confirmations: number;
  /**
   * Reports deliberately left unconfirmed because their readings did not all reach the collector: unreadable,
   * unusable (no station, no level, a function code not handled) or refused by it. The terminal keeps them and
   * sends them again (SL 651-2014 §6.3.1.2 b: an invalid report is not answered).
   */
  unconfirmed: number;
};

/** What a terminal connection needs from the gateway. */
export type RtuContext = {
  stations: StationMap;
  utcOffset: string;
  policy: ConfirmPolicy;
  link: CollectorLink;
  logger: Logger;
  counters: GatewayCounters;
  /** When each terminal address was last heard from (keep-alives included): liveness, not data. */
  lastSeen: Map<string, number>;
  /** Bytes of an unfinished frame are dropped (and logged) after this long without more. */
  frameTimeoutMs: number;
  now: () => number;
};

const hexCode = (n: number) => n.toString(16).toUpperCase().padStart(2, '0');
// A picture (36) can run to hundreds of packets; a log line shows the first two.
const MAX_LOGGED_PACKETS = 2;

function messageHex(message: Message): string {
  const shown = message.frames.slice(0, MAX_LOGGED_PACKETS).map(hexOf).join(' ');
  const more = message.frames.length - MAX_LOGGED_PACKETS;
  return more > 0 ? `${shown} …(+${more} packets)` : shown;
}

/**
 * Serves one terminal's TCP connection: splits frames, joins packets, hands readings to the collector link and
 * confirms per the work mode. Each frame may be HEX/BCD or ASCII, told apart by its first byte, and is answered in
 * its own encoding. Nothing a terminal sends can close the connection or throw out of here.
 */
export function serveRtu(socket: Socket, ctx: RtuContext): void {
  const { logger, counters } = ctx;
  const remote = `${socket.remoteAddress}:${socket.remotePort}`;
  const splitter = createFrameSplitter();
  const reassembler = createReassembler({ now: ctx.now });
  let partialTimer: NodeJS.Timeout | undefined;
  counters.connections += 1;
  logger.info('sl651.rtu_connected', { remote });

  const write = (frame: Buffer | undefined) => {
    if (!frame || socket.destroyed || !socket.writable) return;
    counters.confirmations += 1;
    socket.write(frame);
  };
  const centreTime = () => formatLocal(ctx.now(), ctx.utcOffset, 'YYMMDDHHmmss');

  function handle(results: SplitResult[]): void {
    for (const result of results) {
      try {
        if ('error' in result) onBadFrame(result.error);
        else onFrame(result.frame);
      } catch (error) {
        // A decoder bug must cost one frame, not the gateway.
        logger.error('sl651.internal', {
          remote,
          reason: error instanceof Error ? error.message : String(error),
        });
      }
    }
  }

  function onBadFrame(error: FrameError): void {
    counters.framesBad += 1;
    logger.warn('sl651.frame_bad', { remote, kind: error.kind, reason: error.reason, hex: error.hex });
  }

  function onFrame(frame: Frame): void {
    counters.framesOk += 1;
    ctx.lastSeen.set(frame.rtuAddress, ctx.now());
    if (frame.direction === 'down') {
      logger.warn('sl651.frame_ignored', {
        remote,
        reason: 'a downlink frame from a terminal',
        hex: hexOf(frame.raw),
      });
      return;
    }
    const result = reassembler.push(frame);
    if (result.kind === 'error') {
      logger.warn('sl651.packet_bad', { remote, reason: result.reason, hex: hexOf(frame.raw) });
    } else if (result.kind === 'packet') {
      write(packetConfirmation(result.frame, result.serial, centreTime(), ctx.policy));
    } else if (result.kind === 'missing') {
      logger.warn('sl651.packet_missing', { remote, missing: result.missing, total: result.total });
      write(missingPacketAnswer(result.frame, result.missing, result.serial, centreTime(), ctx.policy));
    } else {
      onMessage(result.message);
    }
  }

  function onMessage(received: Message): void {
    const hex = messageHex(received);
    const serial = bodySerial(received.body, received.encoding);
    // The answer goes back in the encoding the terminal spoke.
    const confirm = () => write(messageConfirmation(received, serial, centreTime(), ctx.policy));
    const fn = hexCode(received.functionCode);
    // Not answering is how SL 651 says "not taken" (§6.3.1.2 b): the terminal keeps the report and sends it again.
    const leaveUnconfirmed = (event: string, reason: string) => {
      counters.unconfirmed += 1;
      logger.warn(event, { remote, fn, serial, reason, confirmed: false, hex });
    };
    // An ASCII body is read into its HEX/BCD equivalent, so both encodings share one decoder from here on.
    const normalized = asciiMessageToHex(received);
    if (!normalized.ok) {
      counters.bodiesBad += 1;
      leaveUnconfirmed('sl651.report_bad', normalized.reason);
      return;
    }
    const { message, ignored } = normalized.value;
    if (ignored.length > 0) {
      logger.warn('sl651.identifiers_ignored', { remote, fn, identifiers: ignored, hex });
    }
    const meaning = interpret(message, ctx.stations, ctx.utcOffset);
    switch (meaning.kind) {
      case 'keep-alive':
        counters.keepAlives += 1;
        return;
      case 'invalid':
        counters.bodiesBad += 1;
        leaveUnconfirmed('sl651.report_bad', meaning.reason);
        return;
      case 'skip':
        counters.skipped += 1;
        leaveUnconfirmed('sl651.report_skipped', meaning.reason);
        return;
      case 'readings': {
        const { readings, report, leftOut } = meaning;
        counters.readings += readings.length;
        const voltage = report.elements.find((e) => e.id === ELEMENT.voltage)?.value;
        const last = readings[readings.length - 1];
        logger.info('sl651.report', {
          remote,
          fn,
          serial,
          station: last?.station,
          readings: readings.length,
          observedAt: last?.observedAt,
          level: last?.level,
          ...(voltage != null ? { voltage } : {}),
          ...(readings.some((r) => r.sensorFault) ? { sensorFault: true } : {}),
          ...(leftOut.length > 0 ? { leftOut } : {}),
        });
        deliver(readings, hex, (refused) => {
          if (refused) leaveUnconfirmed('sl651.report_refused', refused);
          else confirm();
        });
        return;
      }
    }
  }

  /**
   * Hands every reading of one report to the collector link; `done` runs once all are answered, with why the
   * report is not to be confirmed (a reading refused, or the outbox full) or undefined when every one is stored.
   */
  function deliver(readings: Reading[], hex: string, done: (refused?: string) => void): void {
    let waiting = readings.length;
    let refused: string | undefined;
    const settle = (why?: string) => {
      refused ??= why;
      waiting -= 1;
      if (waiting === 0) done(refused);
    };
    for (const reading of readings) {
      const isQueued = ctx.link.enqueue(reading, hex, (settled) =>
        settle(settled.outcome === 'refused' ? `reading ${reading.id} refused: ${settled.code}` : undefined),
      );
      if (!isQueued) {
        logger.warn('sl651.outbox_full', { remote, id: reading.id, pending: ctx.link.stats().pending });
        settle(`the outbox is full (${reading.id})`);
      }
    }
  }

  socket.on('data', (chunk: Buffer) => {
    handle(splitter.push(chunk));
    clearTimeout(partialTimer);
    if (splitter.pendingBytes() > 0) {
      partialTimer = setTimeout(() => handle(splitter.flush()), ctx.frameTimeoutMs);
      partialTimer.unref();
    }
  });
  // Without an 'error' listener a reset from one terminal would crash the whole gateway.
  socket.on('error', (error: NodeJS.ErrnoException) => {
    logger.info('sl651.rtu_error', { remote, reason: error.code ?? error.message });
  });
  socket.on('close', () => {
    clearTimeout(partialTimer);
    handle(splitter.flush());
    counters.connections -= 1;
    logger.info('sl651.rtu_closed', { remote });
  });
}
