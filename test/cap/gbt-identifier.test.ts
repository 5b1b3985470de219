import { describe, expect, it } from 'vitest';
import { makeGbIdentifier, parseGbIdentifier } from '../../src/cap/gbt-identifier.js';

const ISSUER = { regionCode: '411528', agencyCode: '123' };

describe('makeGbIdentifier', () => {
  it('builds ZZZZZZDDDUUUXX_YYYYMMDDhhmmss_N, 31 characters, with UUU 000 and XX 00 by default', () => {
    const id = makeGbIdentifier(ISSUER, Date.UTC(2026, 6, 19, 10, 5, 9), 0);
    expect(id).toBe('41152812300000_20260719180509_0');
    expect(id).toHaveLength(31);
  });

  it('uses the given sub-unit and extension codes', () => {
    expect(makeGbIdentifier({ ...ISSUER, unit: '045', sub: '07' }, Date.UTC(2026, 6, 19, 10, 5, 9), 9)).toBe(
      '41152812304507_20260719180509_9',
    );
  });

  it('writes Beijing time, which is the next day from 16:00 UTC', () => {
    expect(makeGbIdentifier(ISSUER, Date.UTC(2026, 6, 19, 15, 59, 59), 1)).toContain('_20260719235959_');
    expect(makeGbIdentifier(ISSUER, Date.UTC(2026, 6, 19, 16, 0, 0), 1)).toContain('_20260720000000_');
    expect(makeGbIdentifier(ISSUER, Date.UTC(2026, 11, 31, 16, 30, 0), 1)).toContain('_20270101003000_');
  });

  it('drops milliseconds', () => {
    expect(makeGbIdentifier(ISSUER, Date.UTC(2026, 6, 19, 10, 5, 9, 999), 0)).toContain('_20260719180509_');
  });

  it.each([
    ['a five-digit region', { ...ISSUER, regionCode: '41152' }, /regionCode/],
    ['a region starting with 0', { ...ISSUER, regionCode: '011528' }, /regionCode/],
    ['a region with letters', { ...ISSUER, regionCode: '41152A' }, /regionCode/],
    ['a two-digit agency', { ...ISSUER, agencyCode: '12' }, /agencyCode/],
    ['a unit with a letter', { ...ISSUER, unit: '0a0' }, /unit/],
    ['a three-digit extension', { ...ISSUER, sub: '000' }, /sub/],
  ])('refuses %s', (_name, issuer, message) => {
    expect(() => makeGbIdentifier(issuer, 0, 0)).toThrow(message);
  });

  it.each([10, -1, 1.5, Number.NaN])('refuses serial %s', (serial) => {
    expect(() => makeGbIdentifier(ISSUER, 0, serial)).toThrow(/serial must be a whole number 0-9/);
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY])('refuses the time %s', (at) => {
    expect(() => makeGbIdentifier(ISSUER, at, 0)).toThrow(/time of issue/);
  });

  it('refuses a time whose year has more than four digits', () => {
    expect(() => makeGbIdentifier(ISSUER, Date.UTC(10000, 0, 1), 0)).toThrow(/year/);
  });
});

describe('parseGbIdentifier', () => {
  it('gives back the parts makeGbIdentifier put in', () => {
    const at = Date.UTC(2026, 6, 19, 16, 30, 0);
    const id = makeGbIdentifier({ regionCode: '411731', agencyCode: '000', unit: '012', sub: '03' }, at, 4);
    expect(parseGbIdentifier(id)).toEqual({
      regionCode: '411731',
      agencyCode: '000',
      unit: '012',
      sub: '03',
      issuedAt: at,
      serial: 4,
    });
  });

  it.each([
    ['too short', '41152812300000_2026071918050_0'],
    ['a two-digit serial', '41152812300000_20260719180509_10'],
    ['dashes for underscores', '41152812300000-20260719180509-0'],
    ['30 February', '41152812300000_20260230180509_0'],
    ['hour 24', '41152812300000_20260719240000_0'],
    ['month 13', '41152812300000_20261319180509_0'],
    ['a region starting with 0', '01152812300000_20260719180509_0'],
    ['letters', '41152812300A00_20260719180509_0'],
    ['the CAP spec identifier', '43b080713727'],
  ])('gives undefined for %s', (_name, s) => {
    expect(parseGbIdentifier(s)).toBeUndefined();
  });
});
