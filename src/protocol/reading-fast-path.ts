import { z } from 'zod';
import { PROTOCOL_VERSION } from './constants.js';
import { FLOW_MAX, RAIN_MAX, type Reading } from './ingest-messages.js';
import {
  CODE_MAX,
  CODE_PATTERN,
  LEVEL_MAX,
  LEVEL_MIN,
  MESSAGE_ID_MAX,
  MESSAGE_ID_PATTERN,
} from './primitives.js';

// The same expression `instantSchema` (z.iso.datetime({ offset: true })) tests with, built by zod itself.
const INSTANT_PATTERN = z.regexes.datetime({ offset: true, local: false, precision: null });

/** A parsed JSON object that may be a reading; every field still to be checked. */
type Candidate = { [K in keyof Reading]?: unknown };

const READING_KEYS = new Set([
  'v',
  'id',
  'type',
  'station',
  'observedAt',
  'level',
  'flow',
  'rain',
  'sensorFault',
]);

/**
 * A reading accepted by hand, exactly as `readingSchema` accepts it, for the message that arrives thousands of
 * times a second (issue 19: zod's walk of a reading's fields was ~1.5 µs of its ~23 µs). It only ever says yes:
 * anything it does not accept as it stands — a missing or unknown field, a wrong type, a value out of range —
 * returns undefined and zod decides, so every refusal and its message still come from the schema.
 *
 * The value returned is built as zod builds it, in the schema's key order with absent options left out: the
 * meaning of a resend is hashed from the decoded message (canonical-hash.ts), so the two must not differ even
 * in the order of their keys (test/protocol/reading-fast-path.test.ts holds them to it).
 */
export function acceptReading(value: unknown): Reading | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const m = value as Candidate;
  if (m.type !== 'reading') return undefined;
  for (const key in m) if (!READING_KEYS.has(key)) return undefined;
  const { v, id, station, observedAt, level, flow, rain, sensorFault } = m;
  if (v !== undefined && v !== PROTOCOL_VERSION) return undefined;
  if (!isText(id, MESSAGE_ID_MAX, MESSAGE_ID_PATTERN) || !isText(station, CODE_MAX, CODE_PATTERN))
    return undefined;
  if (typeof observedAt !== 'string' || !INSTANT_PATTERN.test(observedAt)) return undefined;
  if (!isNumberIn(level, LEVEL_MIN, LEVEL_MAX)) return undefined;
  if (flow !== undefined && !isNumberIn(flow, 0, FLOW_MAX)) return undefined;
  if (rain !== undefined && !isNumberIn(rain, 0, RAIN_MAX)) return undefined;
  if (sensorFault !== undefined && typeof sensorFault !== 'boolean') return undefined;
  // Assigned in the schema's order: the key order of the object is part of what is hashed.
  const reading = (v === undefined ? {} : { v: PROTOCOL_VERSION }) as Reading;
  reading.id = id;
  reading.type = 'reading';
  reading.station = station;
  reading.observedAt = observedAt;
  reading.level = level;
  if (flow !== undefined) reading.flow = flow;
  if (rain !== undefined) reading.rain = rain;
  if (sensorFault !== undefined) reading.sensorFault = sensorFault;
  return reading;
}

function isText(value: unknown, maxLength: number, pattern: RegExp): value is string {
  return typeof value === 'string' && value.length >= 1 && value.length <= maxLength && pattern.test(value);
}

function isNumberIn(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max;
}
