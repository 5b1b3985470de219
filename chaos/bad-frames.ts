// Over 250 lines on purpose: the catalogue of malformed frames (ingest, heavy, watch), each with the reply it must
// get; data that reads best whole, so the same mistake is seen to get the same code wherever it is made.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ErrorCode } from '../src/protocol/index.js';

/** One frame to send and the reply it must get: always the same code for the same mistake. */
export type BadFrame = {
  category: string;
  data: string | Buffer;
  /** Sent as a binary frame; otherwise text (a Buffer as text may be invalid UTF-8 on purpose). */
  binary?: boolean;
  /** The code of the error reply, or 'ack' for the valid messages mixed in. */
  expect: ErrorCode | 'ack';
  /** The id the reply must echo (null when the frame has no readable id). */
  id: string | null;
};

const LONG = 'x'.repeat(200_000);
const DEEP_ARRAY = `${'['.repeat(60_000)}${']'.repeat(60_000)}`;
const DEEP_OBJECT = `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`;
const CASUALTIES = { deaths: 0, missing: 0, seriousInjuries: 0, injuries: 0, trapped: 0, evacuated: 0 };
const MINUTE = 60_000;

type Make = (k: number, now: number) => BadFrame;

// Broken CAP documents (fixtures/cap/invalid: a bad enumeration, a missing element, CAP 1.1, a billion-laughs
// DOCTYPE …), each refused as INVALID_MESSAGE however often it comes.
const CAP_INVALID_DIR = join(import.meta.dirname, '../fixtures/cap/invalid');
const BROKEN_CAP = readdirSync(CAP_INVALID_DIR)
  .filter((f) => f.endsWith('.xml'))
  .map((f) => readFileSync(join(CAP_INVALID_DIR, f), 'utf8'));

const iso = (ms: number) => new Date(ms).toISOString();
const reading = (id: string, now: number, extra: Record<string, unknown> = {}) => ({
  type: 'reading',
  id,
  station: 'G1',
  observedAt: iso(now - MINUTE),
  level: 5,
  ...extra,
});
/** A valid incident report but for `extra` (which keeps each field in its place, so frames read as before). */
const incidentReport = (id: string, incident: string, now: number, extra: Record<string, unknown> = {}) => ({
  type: 'incident.report',
  id,
  incident,
  category: 'natural',
  kind: 'flood',
  title: 't',
  township: 'T1',
  occurredAt: iso(now),
  casualties: CASUALTIES,
  directLossYuan: 0,
  ...extra,
});
const text = (category: string, expect: BadFrame['expect'], id: string | null, value: unknown): BadFrame => ({
  category,
  data: typeof value === 'string' ? value : JSON.stringify(value),
  expect,
  id,
});

/** A reading whose level JSON cannot carry (`NaN`, `Infinity`): a parse error before any schema is asked. */
const nonFiniteLevel =
  (literal: string): Make =>
  (k, now) =>
    text(
      'NaN and Infinity',
      'PARSE_ERROR',
      null,
      JSON.stringify(reading(`n${k}`, now)).replace('"level":5', `"level":${literal}`),
    );
/** A frame whose `type` names no message. */
const unknownType =
  (type: string): Make =>
  (k) =>
    text('unknown type', 'UNKNOWN_TYPE', `u${k}`, { type, id: `u${k}` });
/** A reading stamped at a time no clock should produce: out of range, or not a valid instant at all. */
const badTime =
  (expect: BadFrame['expect'], observedAt: (now: number) => string): Make =>
  (k, now) =>
    text('timestamps', expect, `t${k}`, reading(`t${k}`, now, { observedAt: observedAt(now) }));
/** A batch of one valid reading and one bad message: refused whole, nothing stored. */
const mixedBatch =
  (expect: BadFrame['expect'], bad: (id: string, now: number) => unknown): Make =>
  (k, now) =>
    text('mixed batch', expect, `m${k}`, {
      type: 'batch',
      id: `m${k}`,
      messages: [reading(`m${k}.0`, now), bad(`m${k}.1`, now)],
    });

/**
 * Malformed `/ingest` frames, cheap ones: each kind a source (or an attacker) could send, with the stable code
 * the collector must answer. `k` makes ids unique; `now` keeps "valid" timestamps valid.
 */
export const INGEST_FRAMES: readonly Make[] = [
  // Not JSON at all.
  (k, now) => ({
    ...text('bad JSON', 'PARSE_ERROR', null, JSON.stringify(reading(`t${k}`, now)).slice(0, 40)),
  }),
  () => text('bad JSON', 'PARSE_ERROR', null, '{"type":"reading",}'),
  () => text('bad JSON', 'PARSE_ERROR', null, "{'type':'reading','id':'q'}"),
  () => text('bad JSON', 'PARSE_ERROR', null, '{"id":"a" "type":"reading"}'),
  () => text('bad JSON', 'PARSE_ERROR', null, ''),
  () => text('bad JSON', 'PARSE_ERROR', null, '// comment\n{}'),
  (k) => text('bad JSON', 'PARSE_ERROR', null, `garbage ${k} ~!@#$%^&*()`),
  () => text('bad JSON', 'PARSE_ERROR', null, '\u0000'),
  nonFiniteLevel('NaN'),
  nonFiniteLevel('Infinity'),
  nonFiniteLevel('-Infinity'),
  // Not text.
  (k) => ({
    category: 'invalid UTF-8',
    data: Buffer.from([0x7b, 0x22, 0x69, 0xc3, 0x28, (k % 256) | 0x80, 0x7d]),
    expect: 'PARSE_ERROR',
    id: null,
  }),
  () => ({
    category: 'invalid UTF-8',
    data: Buffer.from([0xed, 0xa0, 0x80]),
    expect: 'PARSE_ERROR',
    id: null,
  }),
  (k) => ({
    category: 'binary frame',
    data: Buffer.from([k % 256, 0xff, 0x00, 0x13]),
    binary: true,
    expect: 'BINARY_FRAME',
    id: null,
  }),
  (k, now) => ({
    category: 'binary frame',
    data: Buffer.from(JSON.stringify(reading(`b${k}`, now))),
    binary: true,
    expect: 'BINARY_FRAME',
    id: null,
  }),
  // JSON, but not a message.
  () => text('wrong types', 'INVALID_MESSAGE', null, '[1,2,3]'),
  () => text('wrong types', 'INVALID_MESSAGE', null, '42'),
  () => text('wrong types', 'INVALID_MESSAGE', null, '"reading"'),
  () => text('wrong types', 'INVALID_MESSAGE', null, 'null'),
  () => text('wrong types', 'INVALID_MESSAGE', null, 'true'),
  (k, now) => text('wrong types', 'INVALID_MESSAGE', `w${k}`, reading(`w${k}`, now, { level: '9.5' })),
  (k, now) => text('wrong types', 'INVALID_MESSAGE', `w${k}`, reading(`w${k}`, now, { station: 123 })),
  (k, now) => text('wrong types', 'INVALID_MESSAGE', `w${k}`, reading(`w${k}`, now, { observedAt: now })),
  (k, now) => text('wrong types', 'INVALID_MESSAGE', `w${k}`, reading(`w${k}`, now, { sensorFault: 'yes' })),
  (_k, now) => text('wrong types', 'INVALID_MESSAGE', null, reading('x', now, { id: 5 })),
  (_k, now) => text('wrong types', 'INVALID_MESSAGE', null, reading('x', now, { id: '' })),
  (k, now) => text('wrong types', 'INVALID_MESSAGE', null, reading('x', now, { id: `has space ${k}` })),
  (_k, now) => text('wrong types', 'INVALID_MESSAGE', null, reading('x', now, { id: 'é' })),
  (k, now) =>
    text('wrong types', 'INVALID_MESSAGE', `w${k}`, {
      type: 'stock.movement',
      id: `w${k}`,
      warehouse: 'W1',
      item: 'TENT',
      kind: 'in',
      quantity: 1.5,
      at: iso(now),
    }),
  (k, now) =>
    text(
      'wrong types',
      'INVALID_MESSAGE',
      `w${k}`,
      incidentReport(`w${k}`, `I${k}`, now, { casualties: 'none' }),
    ),
  (k, now) => text('wrong types', 'INVALID_MESSAGE', `w${k}`, reading(`w${k}`, now, { v: 2 })),
  (k, now) => text('wrong types', 'INVALID_MESSAGE', `w${k}`, reading(`w${k}`, now, { extra: 1 })),
  (k, now) =>
    text(
      'wrong types',
      'INVALID_MESSAGE',
      `w${k}`,
      `{"type":"reading","id":"w${k}","station":"G1","observedAt":"${iso(now)}","level":5,"__proto__":{"admin":true}}`,
    ),
  (k) => text('wrong types', 'INVALID_MESSAGE', `w${k}`, { type: 'reading', id: `w${k}`, station: 'G1' }),
  // Numbers no gauge can measure.
  (k, now) =>
    text(
      'huge numbers',
      'INVALID_MESSAGE',
      `h${k}`,
      JSON.stringify(reading(`h${k}`, now)).replace('"level":5', '"level":1e400'),
    ),
  (k, now) => text('huge numbers', 'INVALID_MESSAGE', `h${k}`, reading(`h${k}`, now, { level: 1e308 })),
  (k, now) => text('huge numbers', 'INVALID_MESSAGE', `h${k}`, reading(`h${k}`, now, { level: -1e308 })),
  (k, now) => text('huge numbers', 'INVALID_MESSAGE', `h${k}`, reading(`h${k}`, now, { flow: -1 })),
  (k, now) =>
    text('huge numbers', 'INVALID_MESSAGE', `h${k}`, {
      type: 'stock.count',
      id: `h${k}`,
      warehouse: 'W1',
      item: 'TENT',
      quantity: 2 ** 60,
      at: iso(now),
    }),
  (k, now) =>
    text(
      'huge numbers',
      'INVALID_MESSAGE',
      `h${k}`,
      incidentReport(`h${k}`, `H${k}`, now, {
        casualties: { ...CASUALTIES, deaths: -1 },
        directLossYuan: 1e300,
      }),
    ),
  // Types no one knows.
  unknownType('readings'),
  unknownType('READING'),
  unknownType(''),
  unknownType('__proto__'),
  unknownType('constructor'),
  unknownType('alert.ack'),
  (k, now) =>
    text('unknown type', 'UNKNOWN_TYPE', `u${k}`, {
      type: 'batch',
      id: `u${k}`,
      messages: [reading(`u${k}.0`, now), { type: 'nope', id: `u${k}.1` }],
    }),
  // Times no clock should produce.
  badTime('TIMESTAMP_OUT_OF_RANGE', () => '2999-01-01T00:00:00+08:00'),
  badTime('TIMESTAMP_OUT_OF_RANGE', () => '1970-01-01T00:00:00Z'),
  badTime('TIMESTAMP_OUT_OF_RANGE', () => '0001-01-01T00:00:00Z'),
  badTime('TIMESTAMP_OUT_OF_RANGE', (now) => iso(now + 11 * MINUTE)),
  badTime('TIMESTAMP_OUT_OF_RANGE', (now) => iso(now - 31 * 24 * 60 * MINUTE)),
  badTime('INVALID_MESSAGE', () => '+275760-09-13T00:00:00.000Z'),
  badTime('INVALID_MESSAGE', () => '2026-02-30T00:00:00Z'),
  badTime('INVALID_MESSAGE', (now) => iso(now).replace('Z', '')),
  // Mixed valid and invalid in one batch: refused whole, nothing stored.
  mixedBatch('INVALID_MESSAGE', (id, now) => reading(id, now, { level: 'high' })),
  mixedBatch('TIMESTAMP_OUT_OF_RANGE', (id, now) => reading(id, now, { observedAt: '2999-01-01T00:00:00Z' })),
  mixedBatch('UNKNOWN_REFERENCE', (id, now) => reading(id, now, { station: 'G99' })),
  mixedBatch('INSUFFICIENT_STOCK', (id, now) => ({
    type: 'stock.movement',
    id,
    warehouse: 'W1',
    item: 'TENT',
    kind: 'out',
    quantity: 9_999_999,
    at: iso(now),
  })),
  (k) => text('mixed batch', 'INVALID_MESSAGE', `m${k}`, { type: 'batch', id: `m${k}`, messages: [] }),
  (k, now) =>
    text('mixed batch', 'INVALID_MESSAGE', `m${k}`, {
      type: 'batch',
      id: `m${k}`,
      messages: [{ type: 'batch', id: `m${k}.0`, messages: [reading(`m${k}.0.0`, now)] }],
    }),
  // Names the county does not have.
  (k, now) =>
    text('unknown reference', 'UNKNOWN_REFERENCE', `r${k}`, reading(`r${k}`, now, { station: 'G99' })),
  (k, now) =>
    text('unknown reference', 'UNKNOWN_REFERENCE', `r${k}`, {
      type: 'stock.count',
      id: `r${k}`,
      warehouse: 'W1',
      item: 'NOPE',
      quantity: 1,
      at: iso(now),
    }),
  (k, now) =>
    text('unknown reference', 'UNKNOWN_REFERENCE', `r${k}`, {
      type: 'incident.update',
      id: `r${k}`,
      incident: 'NEVER',
      at: iso(now),
    }),
  ...BROKEN_CAP.map(
    (xml): Make =>
      (k) =>
        text('broken CAP document', 'INVALID_MESSAGE', `cap${k}`, { type: 'cap', id: `cap${k}`, xml }),
  ),
  (k) =>
    text('CAP inside a batch', 'INVALID_MESSAGE', `cb${k}`, {
      type: 'batch',
      id: `cb${k}`,
      messages: [{ type: 'cap', id: `cb${k}-1`, xml: BROKEN_CAP[0] }],
    }),
];

/** The heavy ones: very long strings and deep nesting, each frame up to ~200 KB (under `maxPayloadBytes`). */
export const HEAVY_INGEST_FRAMES: readonly Make[] = [
  (k, now) =>
    text(
      'very long strings',
      'INVALID_MESSAGE',
      `l${k}`,
      incidentReport(`l${k}`, `L${k}`, now, { title: LONG }),
    ),
  (k, now) =>
    text(
      'very long strings',
      'INVALID_MESSAGE',
      `l${k}`,
      reading(`l${k}`, now, { station: LONG.slice(0, 150_000) }),
    ),
  () => text('very long strings', 'INVALID_MESSAGE', null, { type: 'reading', id: LONG.slice(0, 100_000) }),
  (k) => text('very long strings', 'UNKNOWN_TYPE', `l${k}`, { type: LONG.slice(0, 180_000), id: `l${k}` }),
  () => text('deep nesting', 'INVALID_MESSAGE', null, DEEP_ARRAY),
  (k, now) =>
    text(
      'deep nesting',
      'INVALID_MESSAGE',
      `d${k}`,
      JSON.stringify(reading(`d${k}`, now)).replace(/}$/, `,"nested":${DEEP_OBJECT}}`),
    ),
  (k, now) =>
    text(
      'deep nesting',
      'INVALID_MESSAGE',
      `d${k}`,
      JSON.stringify({ type: 'batch', id: `d${k}`, messages: [reading(`d${k}.0`, now)] }).replace(
        /]}$/,
        `,${DEEP_ARRAY}]}`,
      ),
    ),
];

/** A console action of `type` on `/watch`, id `a${k}`. */
const watchAction =
  (category: string, expect: BadFrame['expect'], type: string, fields: Record<string, unknown>): Make =>
  (k) =>
    text(category, expect, `a${k}`, { type, id: `a${k}`, ...fields });
/** An alert.ack whose recheck time is valid (an hour from when it is sent), so only `fields` can be wrong. */
const alertAck =
  (category: string, expect: BadFrame['expect'], fields: Record<string, unknown>): Make =>
  (k, now) =>
    watchAction(category, expect, 'alert.ack', { ...fields, recheckAt: iso(Date.now() + 3_600_000) })(k, now);

/** Malformed console actions on `/watch` (an officer's connection; frames under the 64 KB limit there). */
export const WATCH_FRAMES: readonly Make[] = [
  () => text('bad JSON', 'PARSE_ERROR', null, '{"type":"note",'),
  () => text('NaN and Infinity', 'PARSE_ERROR', null, '{"type":"alert.ack","id":"a","alert":NaN}'),
  () => ({
    category: 'invalid UTF-8',
    data: Buffer.from([0x7b, 0xff, 0x7d]),
    expect: 'PARSE_ERROR',
    id: null,
  }),
  (k) => ({
    category: 'binary frame',
    data: Buffer.from([k % 256, 1, 2]),
    binary: true,
    expect: 'BINARY_FRAME',
    id: null,
  }),
  watchAction('unknown type', 'UNKNOWN_TYPE', 'alert.delete', { alert: 1 }),
  watchAction('unknown type', 'UNKNOWN_TYPE', 'reading', {}),
  alertAck('wrong types', 'INVALID_MESSAGE', { alert: 'one', reason: 'r' }),
  alertAck('wrong types', 'INVALID_MESSAGE', { alert: 1 }),
  alertAck('wrong types', 'INVALID_MESSAGE', { alert: 1, reason: '   ' }),
  (k) =>
    text('huge numbers', 'INVALID_MESSAGE', `a${k}`, `{"type":"alert.escalate","id":"a${k}","alert":1e400}`),
  watchAction('very long strings', 'INVALID_MESSAGE', 'note', { text: LONG.slice(0, 30_000) }),
  () =>
    text('deep nesting', 'INVALID_MESSAGE', null, DEEP_ARRAY.slice(0, 30_000) + DEEP_ARRAY.slice(-30_000)),
  alertAck('not found', 'NOT_FOUND', { alert: 99_999_999, reason: 'r' }),
  watchAction('not found', 'NOT_FOUND', 'report.sent', {
    obligation: 99_999_999,
    channel: 'phone',
    to: '市应急局',
  }),
  watchAction('forbidden', 'FORBIDDEN', 'duty.set', { date: '2026-12-01', officer: 'P1', leader: 'P2' }),
];

/** A valid reading (mixed in, must be acked and stored). */
export function validReading(id: string, station: string, now: number): BadFrame {
  return text('valid', 'ack', id, { ...reading(id, now), station });
}

/** A valid note on `/watch` (mixed in, must be acked). */
export function validNote(id: string): BadFrame {
  return text('valid', 'ack', id, { type: 'note', id, text: 'chaos: still answering' });
}
