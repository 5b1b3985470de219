import type WebSocket from 'ws';
import { request } from './ws-client.js';

/**
 * A gauge reading sender for the harnesses: each call sends a reading observed at `now()` on the source socket,
 * insists it is acked, and lets the engine evaluate it at once (so the test needs no tick to see its effect).
 */
export function levelSender(source: WebSocket, now: () => number, evaluate: () => void) {
  let nextId = 0;
  return async (level: number, station = 'G1'): Promise<void> => {
    nextId += 1;
    const reply = await request(source, {
      type: 'reading',
      id: `lvl-${nextId}`,
      station,
      observedAt: new Date(now()).toISOString(),
      level,
    });
    if (reply.type !== 'ack') throw new Error(`reading refused: ${reply.message}`);
    evaluate();
  };
}
