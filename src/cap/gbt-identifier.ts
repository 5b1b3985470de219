/**
 * The alert identifier of GB/T 35965.1-2018 Annex A.1.1: `ZZZZZZDDDUUUXX_YYYYMMDDhhmmss_N`, 31 characters.
 * ZZZZZZ is the GB/T 2260 region code, DDD the GB/T 4657 agency code, UUU the issuer's internal sub-unit
 * (default 000), XX an extension (default 00); then the time of issue in Beijing time (A.1.3, always UTC+08:00
 * whatever the county's own setting) and N, the serial 0-9 among messages the same issuer enters in the same
 * second.
 */

import { formatLocal, instantOfLocal, localDateTime } from '../domain/local-time.js';

export type GbIssuerCode = {
  /** Six-digit GB/T 2260 administrative region code, e.g. 411528. */
  regionCode: string;
  /** Three-digit GB/T 4657 agency code. */
  agencyCode: string;
  /** Three-digit internal sub-unit code; `000` when absent. */
  unit?: string;
  /** Two-digit extension code; `00` when absent. */
  sub?: string;
};

export type GbIdentifierParts = Required<GbIssuerCode> & {
  /** The time of issue, epoch milliseconds (whole seconds). */
  issuedAt: number;
  serial: number;
};

const BEIJING = '+08:00';
const GB_IDENTIFIER = /^([1-8]\d{5})(\d{3})(\d{3})(\d{2})_(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})_(\d)$/;

function check(value: unknown, pattern: RegExp, what: string): string {
  if (typeof value !== 'string' || !pattern.test(value)) {
    throw new Error(`GB/T 35965.1 identifier: ${what}, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** Beijing wall-clock time of `atMs` as `YYYYMMDDhhmmss`. */
function beijingStamp(atMs: number): string {
  const { year } = localDateTime(atMs, BEIJING);
  if (year < 1000 || year > 9999) throw new Error(`GB/T 35965.1 identifier: year ${year} does not fit YYYY`);
  return formatLocal(atMs, BEIJING, 'YYYYMMDDHHmmss');
}

/** Builds the identifier; throws an Error naming the bad input. */
export function makeGbIdentifier(issuer: GbIssuerCode, atMs: number, serial: number): string {
  const region = check(
    issuer.regionCode,
    /^[1-8]\d{5}$/,
    'regionCode must be a six-digit GB/T 2260 code such as 411528',
  );
  const agency = check(issuer.agencyCode, /^\d{3}$/, 'agencyCode must be a three-digit GB/T 4657 code');
  const unit = check(issuer.unit ?? '000', /^\d{3}$/, 'unit must be three digits');
  const sub = check(issuer.sub ?? '00', /^\d{2}$/, 'sub must be two digits');
  if (typeof atMs !== 'number' || !Number.isFinite(atMs)) {
    throw new Error(`GB/T 35965.1 identifier: the time of issue must be epoch milliseconds, got ${atMs}`);
  }
  if (!Number.isInteger(serial) || serial < 0 || serial > 9) {
    throw new Error(`GB/T 35965.1 identifier: serial must be a whole number 0-9, got ${serial}`);
  }
  return `${region}${agency}${unit}${sub}_${beijingStamp(atMs)}_${serial}`;
}

/** The parts of a GB/T 35965.1 identifier, or undefined when `s` is not one (a date that does not exist included). */
export function parseGbIdentifier(s: string): GbIdentifierParts | undefined {
  const m = typeof s === 'string' ? GB_IDENTIFIER.exec(s) : null;
  if (!m) return undefined;
  const [, regionCode, agencyCode, unit, sub, y, mo, d, h, mi, se, n] = m as unknown as string[];
  const fields = [y, mo, d, h, mi, se].map(Number) as [number, number, number, number, number, number];
  const [year, month, day, hour, minute, second] = fields;
  // A date that does not exist (31 June) names no instant.
  const issuedAt = instantOfLocal({ year, month, day, hour, minute, second }, BEIJING);
  if (issuedAt === undefined) return undefined;
  return {
    regionCode: regionCode!,
    agencyCode: agencyCode!,
    unit: unit!,
    sub: sub!,
    issuedAt,
    serial: Number(n),
  };
}
