import type { WebSocket } from 'ws';
import { RATE_LIMIT_CLOSE_AFTER } from './rate-limit.js';

/**
 * A connection's run of rate-limit refusals, shared by `/ingest` and `/watch`: one that keeps pushing through
 * `RATE_LIMIT_CLOSE_AFTER` refusals in a row is cut off (close code 1008) after its replies have gone out.
 */
export type FloodCutOff = {
  /**
   * Set the moment the connection is to be cut off: the rest of its burst, often hundreds of frames already
   * read in the same chunk, is dropped unread instead of decoded and refused one by one.
   */
  readonly isCutOff: boolean;
  /** A message was refused for the rate limit; call after its reply is on its way. */
  refused(): void;
  /** A message was within the limit: the run of refusals is over. */
  passed(): void;
};

export function createFloodCutOff(ws: Pick<WebSocket, 'close'>, onCutOff: () => void): FloodCutOff {
  let refusedInARow = 0;
  let isCutOff = false;
  return {
    get isCutOff() {
      return isCutOff;
    },
    refused(): void {
      refusedInARow += 1;
      if (refusedInARow < RATE_LIMIT_CLOSE_AFTER) return;
      isCutOff = true;
      onCutOff();
      // On the next turn, so the refusals already submitted are sent before the close.
      setImmediate(() => ws.close(1008, 'rate limit exceeded'));
    },
    passed(): void {
      refusedInARow = 0;
    },
  };
}
