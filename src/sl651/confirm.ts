import { CONTROL, FUNCTION, type WorkMode } from './codes.js';
import { encodeAsciiSerialAndTime, encodeFrame, encodeSerialAndTime } from './encode.js';
import type { Frame } from './frame.js';
import type { Message } from './reassembly.js';

/** How the gateway answers terminals: their work mode, and whether to keep them on line after a report. */
export type ConfirmPolicy = { workMode: WorkMode; keepOnline: boolean };

type Addressed = Pick<Frame, 'encoding' | 'centreAddress' | 'rtuAddress' | 'password' | 'functionCode'>;

/** A downlink frame in the encoding the terminal spoke: its serial echoed, the centre's time, `end`. */
function downlink(
  to: Addressed,
  serial: number,
  sentAt: string,
  end: number,
  packet?: Frame['packet'],
): Buffer {
  const body =
    to.encoding === 'ascii' ? encodeAsciiSerialAndTime(serial, sentAt) : encodeSerialAndTime(serial, sentAt);
  return encodeFrame({
    encoding: to.encoding,
    direction: 'down',
    centreAddress: to.centreAddress,
    rtuAddress: to.rtuAddress,
    password: to.password,
    functionCode: to.functionCode,
    body,
    end,
    ...(packet ? { packet } : {}),
  });
}

/**
 * The answer to one packet of a multi-packet transfer that is not the last (it ends ETB, "more follows"): ACK, the
 * end character of a confirmation with frames still to come (SL 651-2014 table 10), with the same packet info, so
 * the terminal sends the next one. Every answer goes back in the encoding of the frame it answers. Mode 1
 * (self-report) terminals expect no answer at all.
 */
export function packetConfirmation(
  frame: Frame,
  serial: number,
  sentAt: string,
  policy: ConfirmPolicy,
): Buffer | undefined {
  if (policy.workMode === 1 || !frame.packet) return undefined;
  return downlink(frame, serial, sentAt, CONTROL.ACK, frame.packet);
}

/**
 * The answer to a multi-packet transfer whose last packet came with packet `missing` not received: NAK, with the
 * packet total and the missing packet's number as the sequence number, so the terminal sends that one again
 * (SL 651-2014 §6.3.1.2 c, tables 19 and 23, note a). None in mode 1.
 */
export function missingPacketAnswer(
  frame: Frame,
  missing: number,
  serial: number,
  sentAt: string,
  policy: ConfirmPolicy,
): Buffer | undefined {
  if (policy.workMode === 1 || !frame.packet) return undefined;
  return downlink(frame, serial, sentAt, CONTROL.NAK, { total: frame.packet.total, index: missing });
}

/**
 * The answer once a whole message has been dealt with: its serial and the centre's time. A message that ended ETB
 * (more follows, the terminal may not hang up: §6.3.2.5) is answered ACK; one that ended ETX is answered EOT (done,
 * hang up) or ESC (done, stay on line). A SYN transfer is answered SYN with its packet total and, as the sequence
 * number, the last packet's — the total (tables 19 and 23, note a). None in mode 1, and none to a 2F keep-alive,
 * which asks for nothing.
 */
export function messageConfirmation(
  message: Message,
  serial: number,
  sentAt: string,
  policy: ConfirmPolicy,
): Buffer | undefined {
  if (policy.workMode === 1 || message.functionCode === FUNCTION.keepAlive) return undefined;
  const done = policy.keepOnline ? CONTROL.ESC : CONTROL.EOT;
  const end = message.end === CONTROL.ETB ? CONTROL.ACK : done;
  const { packetTotal } = message;
  const packet = packetTotal !== undefined ? { total: packetTotal, index: packetTotal } : undefined;
  return downlink(message, serial, sentAt, end, packet);
}
