import { CONTROL, FUNCTION, type WorkMode } from './codes.js';
import { encodeFrame, encodeSerialAndTime } from './encode.js';
import type { Frame } from './frame.js';
import type { Message } from './reassembly.js';

/** How the gateway answers terminals: their work mode, and whether to keep them on line after a report. */
export type ConfirmPolicy = { workMode: WorkMode; keepOnline: boolean };

type Addressed = Pick<Frame, 'centreAddress' | 'rtuAddress' | 'password' | 'functionCode'>;

function downlink(to: Addressed, body: Buffer, end: number, packet?: Frame['packet']): Buffer {
  return encodeFrame({
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
 * The answer to one packet of a multi-packet transfer that is not the last: ACK with the same packet info, so
 * the terminal sends the next one. Mode 1 (self-report) terminals expect no answer at all.
 */
export function packetConfirmation(
  frame: Frame,
  serial: number,
  sentAt: string,
  policy: ConfirmPolicy,
): Buffer | undefined {
  if (policy.workMode === 1 || !frame.packet) return undefined;
  return downlink(frame, encodeSerialAndTime(serial, sentAt), CONTROL.ACK, frame.packet);
}

/**
 * The answer once a whole message has been dealt with: its serial and the centre's time, ending EOT (done,
 * hang up) or ESC (done, stay on line). None in mode 1, and none to a 2F keep-alive, which asks for nothing.
 */
export function messageConfirmation(
  message: Message,
  serial: number,
  sentAt: string,
  policy: ConfirmPolicy,
): Buffer | undefined {
  if (policy.workMode === 1 || message.functionCode === FUNCTION.keepAlive) return undefined;
  return downlink(
    message,
    encodeSerialAndTime(serial, sentAt),
    policy.keepOnline ? CONTROL.ESC : CONTROL.EOT,
  );
}
