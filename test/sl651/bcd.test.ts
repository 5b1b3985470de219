import { describe, expect, it } from 'vitest';
import { bcdToNumber, definitionByte, numberToBcd, parseDefinition } from '../../src/sl651/bcd.js';

const bytes = (hex: string) => Buffer.from(hex, 'hex');

describe('parseDefinition', () => {
  it.each([
    [0x23, 4, 3],
    [0x19, 3, 1],
    [0x12, 2, 2],
    [0x2b, 5, 3],
    [0x20, 4, 0],
  ])('reads %s as %i bytes with %i decimals', (definition, count, decimals) => {
    expect(parseDefinition(definition)).toEqual({ bytes: count, decimals });
    expect(definitionByte({ bytes: count, decimals })).toBe(definition);
  });
});

describe('bcdToNumber', () => {
  it.each([
    ['00012345', 3, 12.345],
    ['00000000', 3, 0],
    ['000123', 1, 12.3],
    ['1250', 2, 12.5],
    ['FF00012345', 3, -12.345],
    ['FF001234', 1, -123.4],
    ['99999999', 3, 99999.999],
  ])('reads %s with %i decimals as %d', (hex, decimals, value) => {
    expect(bcdToNumber(bytes(hex), decimals)).toEqual({ ok: true, value });
  });

  it('reads all FF as a value the station marks missing', () => {
    expect(bcdToNumber(bytes('FFFFFFFF'), 3)).toEqual({ ok: true, value: null });
  });

  it('refuses nibbles that are not decimal digits', () => {
    const result = bcdToNumber(bytes('0001A345'), 3);
    expect(result.ok).toBe(false);
  });
});

describe('numberToBcd', () => {
  it.each([
    [12.345, { bytes: 4, decimals: 3 }, '00012345'],
    [-1.5, { bytes: 4, decimals: 3 }, 'FF00001500'],
    [3.7, { bytes: 3, decimals: 1 }, '000037'],
    [null, { bytes: 2, decimals: 2 }, 'FFFF'],
  ])('writes %s as %s', (value, format, hex) => {
    expect(numberToBcd(value, format).toString('hex').toUpperCase()).toBe(hex);
  });

  it('refuses a value too large for its bytes', () => {
    expect(() => numberToBcd(123456, { bytes: 2, decimals: 1 })).toThrow(RangeError);
  });
});
