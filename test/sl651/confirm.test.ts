import { describe, expect, it } from 'vitest';
import { CONTROL, FUNCTION } from '../../src/sl651/codes.js';
import { type ConfirmPolicy, messageConfirmation, packetConfirmation } from '../../src/sl651/confirm.js';
import { crc16 } from '../../src/sl651/crc16.js';
import { encodePackets } from '../../src/sl651/encode.js';
import { createFrameSplitter, type Frame } from '../../src/sl651/frame.js';
import {
  asciiKeepAliveFrame,
  asciiReportBody,
  asciiReportFrame,
  asciiText,
  G1_ADDRESS,
  keepAliveFrame,
  receive,
  reportBody,
  reportFrame,
} from './frames.js';

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

describe('confirmations to ASCII terminals', () => {
  const asciiMessage = receive(asciiReportFrame({ serial: 0x0102 })).messages[0];
  const ESC = '\x1b';

  /** The frame the gateway must send, CRC-16/MODBUS over SOH through the end character as 4 characters. */
  function expected(text: string): Buffer {
    const unchecked = Buffer.from(text, 'latin1');
    return Buffer.concat([
      unchecked,
      Buffer.from(crc16(unchecked).toString(16).toUpperCase().padStart(4, '0')),
    ]);
  }

  it('answers an ASCII report in ASCII: terminal first, direction 8, serial as 4 hex characters, EOT', () => {
    const answer = asciiMessage && messageConfirmation(asciiMessage, 0x0102, NOW, mode(2));
    expect(answer && asciiText(answer)).toBe(
      asciiText(expected(`\x01${G1_ADDRESS}011234328010\x020102${NOW}\x04`)),
    );
    expect(parse(answer)).toMatchObject({ encoding: 'ascii', direction: 'down', end: CONTROL.EOT });
  });

  it('ends with ESC when terminals are to stay on line', () => {
    const answer = asciiMessage && messageConfirmation(asciiMessage, 0x0102, NOW, mode(3, true));
    expect(answer && asciiText(answer)).toBe(
      asciiText(expected(`\x01${G1_ADDRESS}011234328010\x020102${NOW}${ESC}`)),
    );
  });

  it('still answers a HEX/BCD report in HEX/BCD', () => {
    expect(parse(message && messageConfirmation(message, 0x0102, NOW, mode(2))).encoding).toBe('hex');
  });

  it('never answers an ASCII keep-alive, and nothing in work mode 1', () => {
    const keepAliveAscii = receive(asciiKeepAliveFrame()).messages[0];
    expect(keepAliveAscii && messageConfirmation(keepAliveAscii, 3, NOW, mode(2))).toBeUndefined();
    expect(asciiMessage && messageConfirmation(asciiMessage, 1, NOW, mode(1))).toBeUndefined();
  });

  it('acknowledges a packet of an ASCII transfer with ACK and the same packet info as 6 characters', () => {
    const packets = encodePackets(
      {
        encoding: 'ascii',
        rtuAddress: G1_ADDRESS,
        functionCode: FUNCTION.extra,
        body: Buffer.from(asciiReportBody(), 'latin1'),
      },
      20,
    );
    const second = parse(packets[1]);
    expect(second).toMatchObject({ encoding: 'ascii', packet: { total: packets.length, index: 2 } });
    const answer = packetConfirmation(second, 7, NOW, mode(3));
    const total = packets.length.toString(16).toUpperCase().padStart(3, '0');
    expect(answer && asciiText(answer)).toBe(
      asciiText(expected(`\x01${G1_ADDRESS}010000338016\x16${total}0020007${NOW}\x06`)),
    );
  });
});
