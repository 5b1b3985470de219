import WebSocket from 'ws';
import { SUBPROTOCOL } from '../../src/protocol/index.js';
import { connect } from './ws-client.js';

/** A frame from /watch, loosely typed for assertions. */
export type Frame = {
  type: string;
  seq: number;
  epoch: string;
  resync?: boolean;
  changes?: unknown[];
  [key: string]: unknown;
};

/** Opens /watch (optionally resuming) and records every frame. */
export async function watch(url: string, token: string, resume?: { since: number; epoch: string }) {
  const query = resume ? `?since=${resume.since}&epoch=${resume.epoch}` : '';
  const frames: Frame[] = [];
  const waiters: { test: () => boolean; resolve: () => void }[] = [];
  // The listener must exist before 'open': the snapshot can arrive in the same read as the upgrade.
  const ws = new WebSocket(`${url}/watch${query}`, SUBPROTOCOL, {
    headers: { Authorization: `Bearer ${token}` },
  });
  let welcome: Frame | undefined;
  ws.on('message', (data) => {
    const frame = JSON.parse(String(data)) as Frame;
    // The welcome says who we are; tests look at the feed itself.
    if (frame.type === 'welcome') {
      welcome = frame;
      return;
    }
    frames.push(frame);
    for (const w of [...waiters]) {
      if (w.test()) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  return {
    ws,
    frames,
    welcome: () => welcome,
    /** Resolves when `test` holds over the frames received so far. */
    until(test: (frames: Frame[]) => boolean, timeoutMs = 20_000): Promise<void> {
      if (test(frames)) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out; ${frames.length} frames`)), timeoutMs);
        waiters.push({
          test: () => test(frames),
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      });
    },
    /** The seq of the newest frame. */
    lastSeq: () => frames.at(-1)?.seq ?? -1,
  };
}

/** Streams readings with a window of unanswered messages; resolves when every one is acked. */
export async function streamReadings(
  url: string,
  token: string,
  count: number,
  options: { station?: string; start?: number; idPrefix?: string; window?: number } = {},
): Promise<void> {
  const ws = await connect(url, '/ingest', token);
  const start = options.start ?? Date.now() - 5 * 3_600_000;
  const window = options.window ?? 200;
  let next = 0;
  let open = 0;
  let acked = 0;
  await new Promise<void>((resolve, reject) => {
    const pump = () => {
      while (open < window && next < count) {
        ws.send(
          JSON.stringify({
            type: 'reading',
            id: `${options.idPrefix ?? 'r'}-${next}`,
            station: options.station ?? 'G1',
            observedAt: new Date(start + next * 100).toISOString(),
            level: 8 + (next % 500) / 100,
          }),
        );
        next += 1;
        open += 1;
      }
    };
    ws.on('message', (data) => {
      const reply = JSON.parse(String(data)) as { type: string; message?: string };
      if (reply.type !== 'ack') return reject(new Error(`refused: ${reply.message}`));
      open -= 1;
      acked += 1;
      if (acked === count) resolve();
      else pump();
    });
    pump();
  });
  ws.close();
}
