/** SL 651 marks a negative value with a leading FF byte, and a missing one (缺测) with every byte FF. */
const SIGN_BYTE = 0xff;

/** The layout a definition byte describes: high 5 bits the byte count, low 3 bits the decimal places. */
export type ValueFormat = { bytes: number; decimals: number };

/** Splits an element's definition byte (e.g. `23` = 4 bytes, 3 decimals) into its byte count and decimals. */
export function parseDefinition(definition: number): ValueFormat {
  return { bytes: definition >> 3, decimals: definition & 0x07 };
}

/** Builds the definition byte for a value of `bytes` bytes with `decimals` decimal places. */
export function definitionByte(format: ValueFormat): number {
  if (format.bytes < 0 || format.bytes > 31 || format.decimals < 0 || format.decimals > 7) {
    throw new RangeError(`no definition byte for ${format.bytes} bytes, ${format.decimals} decimals`);
  }
  return (format.bytes << 3) | format.decimals;
}

/** The decimal digits of packed BCD bytes, or undefined when a nibble is not a digit. */
export function bcdDigits(bytes: Uint8Array): string | undefined {
  let digits = '';
  for (const byte of bytes) {
    const high = byte >> 4;
    const low = byte & 0x0f;
    if (high > 9 || low > 9) return undefined;
    digits += `${high}${low}`;
  }
  return digits;
}

/** Packs a string of decimal digits (even length) into BCD bytes. */
export function digitsToBcd(digits: string): Buffer {
  if (!/^(\d\d)*$/.test(digits)) throw new RangeError(`"${digits}" is not an even number of decimal digits`);
  const out = Buffer.alloc(digits.length / 2);
  for (let i = 0; i < out.length; i++) {
    out[i] = (Number(digits[2 * i]) << 4) | Number(digits[2 * i + 1]);
  }
  return out;
}

/** A decoded BCD value: a number, `null` for a value the station marks missing, or why it is unreadable. */
export type BcdValue = { ok: true; value: number | null } | { ok: false; reason: string };

/** Reads a BCD value with `decimals` decimal places; a leading FF makes it negative, all FF means missing. */
export function bcdToNumber(bytes: Uint8Array, decimals: number): BcdValue {
  if (bytes.length === 0) return { ok: false, reason: 'no value bytes' };
  if (bytes.every((b) => b === SIGN_BYTE)) return { ok: true, value: null };
  const isNegative = bytes[0] === SIGN_BYTE;
  const digits = bcdDigits(isNegative ? bytes.subarray(1) : bytes);
  if (digits === undefined || digits === '') {
    return { ok: false, reason: `not BCD: ${Buffer.from(bytes).toString('hex').toUpperCase()}` };
  }
  const magnitude = Number(digits) / 10 ** decimals;
  // Division by a power of ten leaves binary noise (12.345000000000001); rounding to the stated decimals removes it.
  const value = Number(magnitude.toFixed(decimals));
  return { ok: true, value: isNegative && value !== 0 ? -value : value };
}

/**
 * Writes `value` as BCD in `format.bytes` bytes with `format.decimals` decimals. A negative value gets an FF
 * byte in front, so it takes one byte more, as terminals send it; `null` writes the missing marker (all FF).
 */
export function numberToBcd(value: number | null, format: ValueFormat): Buffer {
  if (value === null) return Buffer.alloc(format.bytes, SIGN_BYTE);
  const scaled = Math.round(Math.abs(value) * 10 ** format.decimals);
  const digits = String(scaled).padStart(format.bytes * 2, '0');
  if (digits.length > format.bytes * 2) {
    throw new RangeError(`${value} does not fit ${format.bytes} BCD bytes with ${format.decimals} decimals`);
  }
  const bcd = digitsToBcd(digits);
  return value < 0 ? Buffer.concat([Buffer.from([SIGN_BYTE]), bcd]) : bcd;
}
