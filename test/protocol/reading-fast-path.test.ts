import { describe, expect, it } from 'vitest';
import { decodeIngestMessage, readingSchema } from '../../src/protocol/index.js';
import { acceptReading } from '../../src/protocol/reading-fast-path.js';

// The hand-written check must accept exactly what readingSchema accepts, and build the same object, key order
// included (a resend's meaning is hashed from it). Every case is judged by both and the verdicts compared.

const BASE = {
  id: 'r-0001',
  type: 'reading',
  station: 'G1',
  observedAt: '2026-07-20T02:15:00+08:00',
  level: 41.2,
};

const OPTIONAL = { v: 1, flow: 12.5, rain: 0.5, sensorFault: false };

const BAD_OR_EDGE: Record<string, unknown[]> = {
  v: [1, 2, 0, '1', null, true],
  id: ['', 'a', 'x'.repeat(128), 'x'.repeat(129), 'has space', 'ünï', '\u007f', 7, null, ['a']],
  type: ['reading', 'Reading', 'stock.count', 3, null],
  station: ['', 'G1', 'a.b:c-d_e', 'x'.repeat(64), 'x'.repeat(65), 'G 1', '站', 'G/1', 1, null],
  observedAt: [
    '2026-07-20T02:15:00Z',
    '2026-07-20T02:15:00.123456789+08:00',
    '2026-07-20T02:15:00.+08:00',
    '2026-07-20T02:15+08:00',
    '2026-07-20T02:15:00',
    '2026-07-20 02:15:00Z',
    '2026-07-20T02:15:00z',
    '2026-07-20T24:00:00Z',
    '2026-07-20T23:59:60Z',
    '2026-07-20T02:15:00+24:00',
    '2026-07-20T02:15:00+23:59',
    '2026-07-20T02:15:00-00:00',
    '2026-02-29T00:00:00Z',
    '2024-02-29T00:00:00Z',
    '2000-02-29T00:00:00Z',
    '1900-02-29T00:00:00Z',
    '2026-04-31T00:00:00Z',
    '2026-13-01T00:00:00Z',
    '20260720T021500Z',
    '',
    1_784_000_000_000,
    null,
  ],
  level: [
    -1000,
    10_000,
    -1000.0001,
    10_000.0001,
    0,
    -0,
    41,
    '41.2',
    null,
    true,
    Number.NaN,
    Number.POSITIVE_INFINITY,
  ],
  flow: [0, 1_000_000, -0.001, 1_000_000.1, '1', null, Number.NaN],
  rain: [0, 2000, -1, 2000.5, '0', null, false],
  sensorFault: [true, false, 0, 1, 'true', null],
  extra: [1, 'x', undefined],
};

function judge(value: unknown): void {
  const fast = acceptReading(value);
  const parsed = readingSchema.safeParse(value);
  expect(fast !== undefined, JSON.stringify(value)).toBe(parsed.success);
  if (fast !== undefined && parsed.success) {
    expect(JSON.stringify(fast)).toBe(JSON.stringify(parsed.data));
  }
}

/** `count` orderings of `items`: as given, reversed, then shuffled by a fixed-seed generator. */
function orderings<T>(items: T[], count: number): T[][] {
  let seed = 19;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  const out = [items, [...items].reverse()];
  while (out.length < count) {
    const shuffled = [...items];
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [shuffled[i], shuffled[j]] = [shuffled[j] as T, shuffled[i] as T];
    }
    out.push(shuffled);
  }
  return out;
}

describe('acceptReading (the reading fast path)', () => {
  it('accepts every valid reading zod accepts, in any key order, and builds it as zod does', () => {
    const keys = Object.keys({ ...BASE, ...OPTIONAL });
    const full = { ...BASE, ...OPTIONAL } as Record<string, unknown>;
    let accepted = 0;
    const sample = orderings(keys, 500);
    for (const order of sample) {
      // Orderings of all nine keys, and of the five required ones.
      const value = Object.fromEntries(order.map((k) => [k, full[k]]));
      judge(value);
      if (acceptReading(value) !== undefined) accepted++;
      const required = Object.fromEntries(order.filter((k) => k in BASE).map((k) => [k, full[k]]));
      judge(required);
    }
    expect(accepted).toBe(sample.length);
  });

  it('agrees with zod on every single-field change, missing field and unknown field', () => {
    for (const [field, values] of Object.entries(BAD_OR_EDGE)) {
      for (const replacement of values) {
        judge({ ...BASE, [field]: replacement });
        judge({ ...BASE, ...OPTIONAL, [field]: replacement });
      }
    }
    for (const field of Object.keys(BASE)) {
      const { [field]: _dropped, ...rest } = BASE as Record<string, unknown>;
      judge(rest);
    }
    for (const value of [null, 'reading', 42, [], [BASE], Object.create(null)]) judge(value);
    const withProto = JSON.parse(`{"__proto__":{"x":1},${JSON.stringify(BASE).slice(1)}`);
    judge(withProto);
  });

  it('leaves every refusal to zod: the same code, message and path as before', () => {
    const frame = JSON.stringify({ ...BASE, level: '41.2' });
    const decoded = decodeIngestMessage(frame);
    expect(decoded).toMatchObject({ ok: false, code: 'INVALID_MESSAGE', id: 'r-0001', path: 'level' });
    const unknownField = decodeIngestMessage(JSON.stringify({ ...BASE, gauge: 'x' }));
    expect(unknownField).toMatchObject({ ok: false, code: 'INVALID_MESSAGE', path: 'gauge' });
  });

  it('decodes a frame through the fast path to the object zod would build', () => {
    const frame =
      '{"level":41.0,"observedAt":"2026-07-20T02:15:00+08:00","station":"G1","type":"reading","id":"a","v":1}';
    const decoded = decodeIngestMessage(frame);
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    expect(JSON.stringify(decoded.value)).toBe(
      '{"v":1,"id":"a","type":"reading","station":"G1","observedAt":"2026-07-20T02:15:00+08:00","level":41}',
    );
  });
});
