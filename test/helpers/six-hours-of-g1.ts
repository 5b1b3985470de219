import { expect } from 'vitest';
import type WebSocket from 'ws';
import type { ReadingPoint } from '../../src/protocol/index.js';
import { request } from './ws-client.js';

const MINUTE = 60_000;
/** Six hours, one reading every five minutes: an older part past the newest hour for a snapshot to thin. */
export const SIX_HOURS_READINGS = 72;

/**
 * Sends gauge G1 six hours of readings ending now, with rain, one at a time on `source` (a gauges token's
 * `/ingest` socket), each acked; returns them as the feed carries them.
 */
export async function sendSixHoursOfG1(source: WebSocket): Promise<ReadingPoint[]> {
  // request() listens for 'close' once per reading sent; 72 of them are not a leak.
  source.setMaxListeners(0);
  const first = Date.now() - (SIX_HOURS_READINGS - 1) * 5 * MINUTE;
  const sent: ReadingPoint[] = [];
  for (let i = 0; i < SIX_HOURS_READINGS; i++) {
    const point = { at: first + i * 5 * MINUTE, level: 5 + i / 100, rain: i % 3 === 0 ? 0.5 : 0.2 };
    const reply = await request(source, {
      type: 'reading',
      id: `r-${i}`,
      station: 'G1',
      observedAt: new Date(point.at).toISOString(),
      level: point.level,
      rain: point.rain,
    });
    expect(reply).toMatchObject({ type: 'ack' });
    sent.push(point);
  }
  return sent;
}
