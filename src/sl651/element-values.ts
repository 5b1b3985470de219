import { bcdDigits, bcdToNumber, parseDefinition } from './bcd.js';
import type { Decoded, DecodedElement } from './decode.js';
import { ELEMENT, ELEMENTS, elementCode, readElementId } from './elements.js';
import { hexOf } from './frame.js';

/*
 * The values of one element of a report body, as its definition byte and the element table say: a BCD number, a
 * HEX bit field (45 ZT), or a series — the hour's twelve 5-minute values (F4 DRP, F5–FC DRZ) or the stepped values
 * of a 31 report (SL 651-2014 table C.1, §6.6.4.4).
 */

/** A time step code's dhm (days, hours, minutes, one BCD byte each) in minutes. */
export function stepMinutes(data: Buffer): number | undefined {
  const digits = bcdDigits(data);
  if (digits === undefined || digits.length !== 6) return undefined;
  return Number(digits.slice(0, 2)) * 1440 + Number(digits.slice(2, 4)) * 60 + Number(digits.slice(4, 6));
}

/**
 * The data of a 31 evenly-spaced report after its time step: one element id and definition, then as many values of
 * that definition as the body holds, a value all F where the station has none (§6.6.4.4 b–d).
 */
export function decodeEvenSeries(body: Buffer, from: number, step: number): Decoded<DecodedElement> {
  const { id, next } = readElementId(body, from);
  let pos = next;
  if (pos >= body.length) return { ok: false, reason: 'the time step code is followed by no element' };
  const { bytes, decimals } = parseDefinition(body[pos] ?? 0);
  pos += 1;
  const left = body.length - pos;
  if (bytes === 0 || left % bytes !== 0) {
    return {
      ok: false,
      reason: `${left} bytes after element ${elementCode(id)} are not whole ${bytes}-byte values`,
    };
  }
  const values: (number | null)[] = [];
  for (let at = pos; at < body.length; at += bytes) {
    const value = decodeValue(id, body.subarray(at, at + bytes), decimals);
    if (!value.ok) return value;
    values.push(value.value.value);
  }
  return {
    ok: true,
    value: {
      id,
      code: elementCode(id),
      value: null,
      hex: hexOf(body.subarray(from)),
      series: { stepMinutes: step, values },
    },
  };
}

/**
 * F4 DRP: 12 one-byte HEX values in 0.1 mm, FF missing. F5–FC DRZ1–8: 12 two-byte HEX values in 0.01 m, FFFF missing
 * (SL 651-2014 table C.1). Both are the hour's twelve 5-minute values, the first at the group's observation time.
 */
export function decodeFiveMinuteSeries(id: number, data: Buffer): Decoded<DecodedElement> {
  const width = id === ELEMENT.rain5min ? 1 : 2;
  if (data.length !== 12 * width) {
    return { ok: false, reason: `element ${elementCode(id)} has ${data.length} bytes, not ${12 * width}` };
  }
  const missing = width === 1 ? 0xff : 0xffff;
  const values = Array.from({ length: 12 }, (_, i) => {
    const raw = data.readUIntBE(i * width, width);
    // Whole numbers of 0.1 mm or 0.01 m: divided once, so no binary noise accumulates.
    return raw === missing ? null : raw / (width === 1 ? 10 : 100);
  });
  return {
    ok: true,
    value: { id, code: elementCode(id), value: null, hex: hexOf(data), series: { stepMinutes: 5, values } },
  };
}

/** One value of element `id` with `decimals` decimal places: BCD, or HEX where the table says so (45 ZT). */
export function decodeValue(id: number, data: Buffer, decimals: number): Decoded<DecodedElement> {
  const info = ELEMENTS.get(id);
  const base = { id, code: elementCode(id), hex: hexOf(data) };
  if (info?.encoding === 'hex') {
    const isMissing = data.length === 0 || data.every((b) => b === 0xff);
    return {
      ok: true,
      value: { ...base, value: isMissing ? null : data.readUIntBE(0, Math.min(data.length, 6)) },
    };
  }
  const bcd = bcdToNumber(data, decimals);
  if (bcd.ok) return { ok: true, value: { ...base, value: bcd.value } };
  // A known measurement that is not BCD means a faulty terminal: better no reading than a wrong level.
  if (info) return { ok: false, reason: `element ${info.code}: ${bcd.reason}` };
  // Elements the table does not name may be binary (vendor elements, FF extensions): kept raw, never guessed.
  return { ok: true, value: { ...base, value: null } };
}
