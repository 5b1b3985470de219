import { randomUUID } from 'node:crypto';

const CHINA_OFFSET_MS = 8 * 3_600_000;

/** An ISO instant with milliseconds and a +08:00 offset, as the county's gauges send it. */
export function chinaTime(ms: number): string {
  return `${new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 23)}+08:00`;
}

/** One reading frame, ~190 bytes with a UUID id. */
export function readingFrame(id: string, observedAt: string, i: number): string {
  return JSON.stringify({
    v: 1,
    type: 'reading',
    id,
    station: 'G1',
    observedAt,
    level: 9 + (i % 1000) / 1000,
    flow: 1200 + (i % 997) / 10,
    rain: (i % 13) / 10,
    sensorFault: false,
  });
}

/**
 * `count` reading frames for station G1, ten a second ending a minute ago (well inside the 30-day window),
 * each with a UUID id (as telemetry gateways send) under `prefix`, or a sequential one when `sequential`.
 */
export function readingFrames(count: number, prefix: string, sequential = false): string[] {
  const from = Date.now() - 60_000 - count * 10;
  return Array.from({ length: count }, (_, i) =>
    readingFrame(
      sequential ? `${prefix}-${String(i).padStart(8, '0')}` : `${prefix}-${randomUUID()}`,
      chinaTime(from + i * 10),
      i,
    ),
  );
}
