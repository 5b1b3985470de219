import { describe, expect, it } from 'vitest';
import { crc16 } from '../../src/sl651/crc16.js';
import { encodeFrame } from '../../src/sl651/encode.js';

const bytes = (hex: string) => Buffer.from(hex.replace(/\s/g, ''), 'hex');

describe('crc16', () => {
  it.each([
    ['the CRC-16/MODBUS check value of "123456789"', Buffer.from('123456789', 'ascii'), 0x4b37],
    ['nothing: the initial value', Buffer.alloc(0), 0xffff],
    ['a Modbus read request (01 03 00 00 00 01, sent as … 84 0A)', bytes('010300000001'), 0x0a84],
    ['a Modbus read request (01 03 00 00 00 0A, sent as … C5 CD)', bytes('01030000000A'), 0xcdc5],
  ])('computes %s', (_name, input, expected) => {
    expect(crc16(input)).toBe(expected);
  });

  it('covers only the given range', () => {
    const padded = Buffer.concat([bytes('FFFF'), Buffer.from('123456789'), bytes('00')]);
    expect(crc16(padded, 2, 11)).toBe(0x4b37);
  });

  it('is sent high byte first at the end of an SL 651 frame, over 7E7E through the end character', () => {
    const frame = encodeFrame({
      rtuAddress: '0041010001',
      functionCode: 0x2f,
      body: bytes('0001260720080000'),
    });
    const crc = crc16(frame, 0, frame.length - 2);
    expect(frame.readUInt16BE(frame.length - 2)).toBe(crc);
  });
});
