import { describe, expect, it } from 'vitest';
import { CONTROL, FUNCTION } from '../../src/sl651/codes.js';
import {
  type ConfirmPolicy,
  messageConfirmation,
  missingPacketAnswer,
  packetConfirmation,
} from '../../src/sl651/confirm.js';
import { crc16 } from '../../src/sl651/crc16.js';
import { encodeFrame, encodePackets } from '../../src/sl651/encode.js';
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

/**
 * Confirmations checked byte for byte against frames written out from SL 651-2014's tables, not from our encoder.
 * The CRCs were computed apart from src/sl651/crc16.ts (a CRC-16/MODBUS written for this check: init FFFF, reflected
 * polynomial A001, sent high byte first), which reproduces the CRC of the real centre's reply in
 * fixtures/sl651/captured-1090330853.txt (…0900311B → 71B1).
 */
describe('confirmations as the standard writes them', () => {
  const hexOf = (b: Buffer | undefined) => b?.toString('hex').toUpperCase();

  it('answers a report that ends ETB ("more follows") with ACK, not EOT', () => {
    const etb = encodeFrame({
      rtuAddress: G1_ADDRESS,
      centreAddress: 1,
      password: 0x1234,
      functionCode: FUNCTION.timed,
      body: reportBody({ serial: 0x0102 }),
      end: CONTROL.ETB,
    });
    const received = receive(etb).messages[0];
    // Table 21 (HEX/BCD M2/M4 downlink): 7E7E | terminal 0041010001 | centre 01 | password 1234 | function 32 |
    // 8 (down) + length 008 | STX 02 | body: serial 0102, send time 260720080130 (table 33) | ACK 06 (table 10:
    // the end of a confirmation when frames still follow) | CRC 7A87.
    const expected = '7E7E004101000101123432800802010226072008013006' + '7A87';
    expect(hexOf(received && messageConfirmation(received, 0x0102, NOW, mode(2)))).toBe(expected);
    // The same with --keep-online: ETB still means the terminal may not hang up, so ACK all the same.
    expect(hexOf(received && messageConfirmation(received, 0x0102, NOW, mode(2, true)))).toBe(expected);
  });

  it('answers a whole SYN transfer with SYN, its packet total, and the total as the sequence number', () => {
    const packets = encodePackets(
      { rtuAddress: G1_ADDRESS, functionCode: FUNCTION.extra, body: reportBody({ serial: 0x0a0b }) },
      10,
    );
    expect(packets).toHaveLength(3);
    const whole = receive(...packets).messages[0];
    // Table 23 (HEX/BCD M3 downlink): 7E7E | 0041010001 | 01 | password 0000 | function 33 | 8 + length 00B
    // (3 bytes of packet info + 8 of body) | SYN 16 | packet info 003 003: total 3 from the uplink, sequence number
    // the last packet's, i.e. the total (note a) → 00 30 03 | serial 0A0B, 260720080130 | EOT 04 | CRC 0BD8.
    expect(hexOf(whole && messageConfirmation(whole, 0x0a0b, NOW, mode(3)))).toBe(
      '7E7E004101000101000033800B160030030A0B26072008013004' + '0BD8',
    );
  });

  it('asks for a missing packet with NAK, the packet total and the missing packet as the sequence number', () => {
    const packets = encodePackets(
      { rtuAddress: G1_ADDRESS, functionCode: FUNCTION.extra, body: reportBody({ serial: 0x0a0b }) },
      10,
    );
    const last = parse(packets[2]);
    expect(last.packet).toEqual({ total: 3, index: 3 });
    // Table 23: … | SYN 16 | packet info 003 002: total 3, sequence number that of the missing packet 2 (note a)
    // → 00 30 02 | serial 0A0B, 260720080130 | NAK 15 | CRC C249.
    expect(hexOf(missingPacketAnswer(last, 2, 0x0a0b, NOW, mode(3)))).toBe(
      '7E7E004101000101000033800B160030020A0B26072008013015' + 'C249',
    );
    expect(missingPacketAnswer(last, 2, 0x0a0b, NOW, mode(1))).toBeUndefined();
  });

  it('answers a whole ASCII SYN transfer with the packet total and sequence number as 3 characters each', () => {
    const packets = encodePackets(
      {
        encoding: 'ascii',
        rtuAddress: G1_ADDRESS,
        functionCode: FUNCTION.extra,
        body: Buffer.from(asciiReportBody({ serial: 0x0a0b }), 'latin1'),
      },
      20,
    );
    const whole = receive(...packets).messages[0];
    const total = packets.length.toString(16).toUpperCase().padStart(3, '0');
    expect(total).toBe('003');
    // Table 19 (ASCII M3 downlink): SOH | 0041010001 | 01 | 0000 | 33 | 8 016 (6 characters of packet info + 16 of
    // body) | SYN | "003" "003" | "0A0B260720080130" | EOT | CRC "F915".
    expect(whole && asciiText(messageConfirmation(whole, 0x0a0b, NOW, mode(3)) ?? Buffer.alloc(0))).toBe(
      '<SOH>0041010001010000338016<SYN>0030030A0B260720080130<EOT>F915',
    );
  });
});
