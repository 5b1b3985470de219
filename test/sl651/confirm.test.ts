import { describe, expect, it } from 'vitest';
import { CONTROL, FUNCTION } from '../../src/sl651/codes.js';
import { type ConfirmPolicy, messageConfirmation, packetConfirmation } from '../../src/sl651/confirm.js';
import { encodePackets } from '../../src/sl651/encode.js';
import { createFrameSplitter, type Frame } from '../../src/sl651/frame.js';
import { G1_ADDRESS, keepAliveFrame, receive, reportBody, reportFrame } from './frames.js';

const NOW = '260720080130';

function parse(buf: Buffer | undefined): Frame {
  if (!buf) throw new Error('no confirmation');
  const [result] = createFrameSplitter().push(buf);
  if (!result || !('frame' in result)) throw new Error('not a valid frame');
  return result.frame;
}

const message = receive(reportFrame({ serial: 0x0102 })).messages[0];
const keepAlive = receive(keepAliveFrame()).messages[0];
const mode = (workMode: 1 | 2 | 3 | 4, keepOnline = false): ConfirmPolicy => ({ workMode, keepOnline });

describe('messageConfirmation', () => {
  it('sends nothing in work mode 1 (self-report)', () => {
    expect(message && messageConfirmation(message, 0x0102, NOW, mode(1))).toBeUndefined();
  });

  it.each([2, 3, 4] as const)(
    'answers a report in work mode %i with a downlink EOT frame echoing the serial',
    (workMode) => {
      const frame = parse(message && messageConfirmation(message, 0x0102, NOW, mode(workMode)));
      expect(frame).toMatchObject({
        direction: 'down',
        rtuAddress: G1_ADDRESS,
        centreAddress: 1,
        password: 0x1234,
        functionCode: FUNCTION.timed,
        end: CONTROL.EOT,
      });
      expect(frame.body.toString('hex').toUpperCase()).toBe(`0102${NOW}`);
    },
  );

  it('ends with ESC when terminals are to stay on line', () => {
    expect(parse(message && messageConfirmation(message, 1, NOW, mode(2, true))).end).toBe(CONTROL.ESC);
  });

  it('never answers a keep-alive', () => {
    expect(keepAlive && messageConfirmation(keepAlive, 3, NOW, mode(2))).toBeUndefined();
  });
});

describe('packetConfirmation', () => {
  const packets = encodePackets(
    { rtuAddress: G1_ADDRESS, functionCode: FUNCTION.extra, body: reportBody() },
    10,
  );
  const second = parse(packets[1]);

  it('acknowledges a packet with ACK and the same packet info', () => {
    const frame = parse(packetConfirmation(second, 7, NOW, mode(3)));
    expect(frame).toMatchObject({
      direction: 'down',
      end: CONTROL.ACK,
      packet: second.packet,
      functionCode: FUNCTION.extra,
    });
    expect(frame.body.readUInt16BE(0)).toBe(7);
  });

  it('sends nothing in work mode 1', () => {
    expect(packetConfirmation(second, 7, NOW, mode(1))).toBeUndefined();
  });
});
