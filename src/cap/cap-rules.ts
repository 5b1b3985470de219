import type { CapReference } from './cap-alert.js';
import { capTimeProblem } from './cap-time.js';

/**
 * The CAP 1.2 rules on element values that the XSD's types do not express, each as "why not", or undefined
 * when the value is fine. Messages quote the value so a sender can find it.
 */

/** identifier and sender (CAP 1.2 §3.2.1): "MUST NOT include spaces, commas or restricted characters (< and &)". */
export function idProblem(s: string): string | undefined {
  if (s === '') return 'must not be empty';
  const bad = /[\s,<&]/.exec(s);
  if (!bad) return undefined;
  const what = /\s/.test(bad[0]) ? 'a space' : bad[0] === ',' ? 'a comma' : `"${bad[0]}"`;
  return `"${s}" contains ${what}; CAP 1.2 forbids spaces, commas, < and & here`;
}

/** xs:decimal's lexical form: no exponent, no "NaN". */
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

export function decimalValue(s: string): number | undefined {
  return DECIMAL.test(s) ? Number(s) : undefined;
}

/** xs:language (RFC 3066). */
export function languageProblem(s: string): string | undefined {
  return /^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$/.test(s)
    ? undefined
    : `"${s}" is not a language tag such as zh-CN or en-US`;
}

/** MIME type and subtype (RFC 2046), parameters allowed. */
export function mimeTypeProblem(s: string): string | undefined {
  const token = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
  return new RegExp(`^${token}/${token}(\\s*;.*)?$`).test(s)
    ? undefined
    : `"${s}" is not a MIME type such as image/png`;
}

/** The resource size in bytes: an integer (xs:integer), and a size is never negative. */
export function sizeValue(s: string): { ok: true; value: number } | { ok: false; message: string } {
  if (!/^[+-]?\d+$/.test(s)) return { ok: false, message: `"${s}" is not a whole number of bytes` };
  const value = Number(s);
  if (value < 0) return { ok: false, message: `"${s}" is negative; a size is a number of bytes` };
  if (!Number.isSafeInteger(value)) return { ok: false, message: `"${s}" is too large` };
  return { ok: true, value };
}

type Point = { lat: number; lon: number };

/** A WGS 84 `lat,lon` pair. */
function pointOf(token: string): Point | string {
  const parts = token.split(',');
  const lat = parts.length === 2 ? decimalValue(parts[0]!) : undefined;
  const lon = parts.length === 2 ? decimalValue(parts[1]!) : undefined;
  if (lat === undefined || lon === undefined) return `"${token}" is not a "latitude,longitude" pair`;
  if (lat < -90 || lat > 90) return `latitude ${parts[0]} in "${token}" is outside -90..90`;
  if (lon < -180 || lon > 180) return `longitude ${parts[1]} in "${token}" is outside -180..180`;
  return { lat, lon };
}

/** polygon (§3.2.4): at least four space-separated pairs, the first and last the same. */
export function polygonProblem(s: string): string | undefined {
  const tokens = s.split(/\s+/).filter((t) => t !== '');
  const points: Point[] = [];
  for (const [i, token] of tokens.entries()) {
    const p = pointOf(token);
    if (typeof p === 'string') return `point ${i + 1}: ${p}`;
    points.push(p);
  }
  if (points.length < 4)
    return `has ${points.length} point(s); a polygon needs at least 4 (the first repeated last)`;
  const first = points[0]!;
  const last = points[points.length - 1]!;
  if (first.lat !== last.lat || first.lon !== last.lon) {
    return `is not closed: the last point (${tokens[tokens.length - 1]}) must repeat the first (${tokens[0]})`;
  }
  return undefined;
}

/** circle (§3.2.4): `lat,lon radius`, the radius in kilometres. */
export function circleProblem(s: string): string | undefined {
  const tokens = s.split(/\s+/).filter((t) => t !== '');
  if (tokens.length !== 2) return `"${s}" is not "latitude,longitude radius" (e.g. 32.9525,-115.5527 10)`;
  const p = pointOf(tokens[0]!);
  if (typeof p === 'string') return p;
  const radius = decimalValue(tokens[1]!);
  if (radius === undefined) return `radius "${tokens[1]}" is not a number of kilometres`;
  if (radius < 0) return `radius "${tokens[1]}" is negative`;
  return undefined;
}

/**
 * references (§3.2.1): space-separated `sender,identifier,sent` triples. Returns them in order, each with its
 * problem if it has one.
 */
export function readReferences(s: string): { reference: CapReference; problem?: string }[] {
  return s
    .split(/\s+/)
    .filter((t) => t !== '')
    .map((triple) => {
      const parts = triple.split(',');
      if (parts.length !== 3) {
        return {
          reference: { sender: parts[0] ?? '', identifier: parts[1] ?? '', sent: parts.slice(2).join(',') },
          problem: `"${triple}" is not a sender,identifier,sent triple (it has ${parts.length} part(s))`,
        };
      }
      const [sender, identifier, sent] = parts as [string, string, string];
      const reference = { sender, identifier, sent };
      const senderProblem = idProblem(sender);
      if (senderProblem) return { reference, problem: `sender in "${triple}" ${senderProblem}` };
      const idProblemText = idProblem(identifier);
      if (idProblemText) return { reference, problem: `identifier in "${triple}" ${idProblemText}` };
      const timeProblem = capTimeProblem(sent);
      if (timeProblem) return { reference, problem: `sent in "${triple}": ${timeProblem}` };
      return { reference };
    });
}
