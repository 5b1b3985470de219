import type { ReadingPoint } from '../../src/protocol/index.js';

/**
 * A stored reading as the watch feed carries it: fields a station did not report are left out, so the point a
 * delta carries and the one a fresh snapshot reads back from the database are the same object.
 */
export function readingPoint(
  at: number,
  level: number,
  rain: number | null | undefined,
  sensorFault: boolean,
): ReadingPoint {
  return {
    at,
    level,
    ...(sensorFault ? { sensorFault: true } : {}),
    ...(rain === null || rain === undefined ? {} : { rain }),
  };
}
