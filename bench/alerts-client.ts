import WebSocket from 'ws';
import { SUBPROTOCOL } from '../src/protocol/index.js';
import { sleep, wallNow } from './stats.js';

/**
 * The crossing driver of `bench/alerts.ts`, in a child process: one source and one watcher. It sends a level
 * above a gauge's warning line, waits for the watcher to receive a delta carrying that alert, pauses a random
 * moment (so sends fall at every phase of the collector's tick and feed timers), sends a level far below, waits
 * again, and so on. Each send is timed from just before it is written to the delta's arrival.
 */

export type CrossingRequest = {
  type: 'cross';
  url: string;
  sourceToken: string;
  watchToken: string;
  station: string;
  key: string;
  high: number;
  low: number;
  crossings: number;
  gapMs: [number, number];
};

/** One crossing: its reading's `at` (to find its commit), when it was sent, and how long until the delta came. */
export type Crossing = { at: number; level: number; sentAt: number; latencyMs: number };
export type CrossingReply =
  | { type: 'crossed'; crossings: Crossing[]; timeouts: number }
  | { type: 'failed'; message: string };

type Change = { kind: string; alert?: { key: string } };

function open(url: string, token: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, SUBPROTOCOL, {
      headers: { Authorization: `Bearer ${token}` },
      perMessageDeflate: false,
    });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

async function cross(req: CrossingRequest): Promise<CrossingReply> {
  const watcher = await open(`${req.url}/watch`, req.watchToken);
  const source = await open(`${req.url}/ingest`, req.sourceToken);
  let waiting: ((at: number) => void) | undefined;
  watcher.on('message', (data) => {
    const at = wallNow();
    if (!waiting) return;
    const frame = JSON.parse(String(data)) as { type: string; changes?: Change[] };
    if (frame.type !== 'delta') return;
    if (frame.changes?.some((c) => c.kind === 'alert' && c.alert?.key === req.key)) {
      const resolve = waiting;
      waiting = undefined;
      resolve(at);
    }
  });
  source.on('message', (data) => {
    const reply = JSON.parse(String(data)) as { type: string; message?: string };
    if (reply.type !== 'ack') console.error(`alerts client: reading refused: ${reply.message}`);
  });
  await sleep(300);
  const crossings: Crossing[] = [];
  let timeouts = 0;
  for (let i = 0; i < req.crossings; i++) {
    const level = i % 2 === 0 ? req.high : req.low;
    const at = Date.now();
    const arrived = new Promise<number | undefined>((resolve) => {
      const timer = setTimeout(() => {
        waiting = undefined;
        resolve(undefined);
      }, 5000);
      waiting = (t) => {
        clearTimeout(timer);
        resolve(t);
      };
    });
    const sentAt = wallNow();
    source.send(
      JSON.stringify({
        v: 1,
        type: 'reading',
        id: `cross-${at}-${i}`,
        station: req.station,
        observedAt: new Date(at).toISOString(),
        level,
      }),
    );
    const receivedAt = await arrived;
    if (receivedAt === undefined) timeouts += 1;
    else crossings.push({ at, level, sentAt, latencyMs: receivedAt - sentAt });
    const [lo, hi] = req.gapMs;
    await sleep(lo + Math.random() * (hi - lo));
  }
  watcher.close();
  source.close();
  return { type: 'crossed', crossings, timeouts };
}

process.on('message', (req: CrossingRequest) => {
  cross(req).then(
    (reply) => process.send?.(reply),
    (error: unknown) => process.send?.({ type: 'failed', message: String(error) } satisfies CrossingReply),
  );
});
process.on('disconnect', () => process.exit(0));
