// Over 250 lines on purpose: the child process of bench/fanout.ts, both parts it can play (watchers, paced source)
// and their IPC; the bench forks this one module for either part.
import type { Socket } from 'node:net';
import WebSocket from 'ws';
import { SUBPROTOCOL } from '../src/protocol/index.js';
import { cpuMsSince, type Spread, sleep, spread, wallNow } from './stats.js';

/**
 * The clients of `bench/fanout.ts`, in a child process so their CPU is not counted as the collector's and their
 * event loop is not the collector's. One child plays one part: N watchers on `/watch`, or one paced source on
 * `/ingest`. Reading `i` of a run is observed at `t0 + i * stepMs` (a unique instant, which is also when it is
 * due to be sent), so a watcher can tell which reading a change carries from its `at` alone.
 */

/** The schedule of one run, shared by the sender and the watchers. */
export type Schedule = {
  t0: number;
  stepMs: number;
  count: number;
  /** The measured window, wall-clock ms: readings due before `from` are the warm-up. */
  windowFrom: number;
  windowTo: number;
};

export type FanoutRequest =
  | { type: 'watch'; url: string; token: string; watchers: number }
  | ({ type: 'arm' } & Schedule)
  | { type: 'collect'; commits: number[]; first: number; last: number }
  | ({ type: 'send'; url: string; token: string; stations: { code: string; level: number }[] } & Schedule);

export type WatchReady = { type: 'ready'; ms: number; snapshotBytes: number };
export type SendResult = {
  type: 'sent';
  acked: number;
  errors: number;
  firstError?: string;
  maxLagMs: number;
};
export type Collected = {
  type: 'collected';
  /** commit → receipt and due-to-send → receipt, over every (watcher, measured reading) pair. */
  commitToReceive: Spread;
  sendToReceive: Spread;
  pairs: number;
  missing: number;
  /** Delta frames each watcher received inside the window: min, mean, max. */
  framesPerWatcher: { min: number; mean: number; max: number };
  resyncs: number;
  clientCpuMs: number;
  clientWallMs: number;
};
export type FanoutReply =
  | WatchReady
  | SendResult
  | Collected
  | { type: 'armed' }
  | { type: 'failed'; message: string };

function open(url: string, token: string): WebSocket {
  return new WebSocket(url, SUBPROTOCOL, {
    headers: { Authorization: `Bearer ${token}` },
    perMessageDeflate: false,
  });
}

type Change = { kind: string; reading?: { at: number } };
type Frame = { type: string; seq?: number; changes?: Change[] };

// --- watchers ----------------------------------------------------------------------------------------------

/** Per watcher: delta frames inside the window, and snapshots after the first (resyncs). */
type WatcherState = { frames: number; snapshots: number };

let sockets: WebSocket[] = [];
let states: WatcherState[] = [];
let schedule: Schedule | undefined;
let received = new Float64Array(0);
let cpuAtFrom: NodeJS.CpuUsage | undefined;
let cpuMs = Number.NaN;
let wallFrom = Number.NaN;
let wallTo = Number.NaN;

function onFrame(w: number, data: WebSocket.RawData): void {
  const at = wallNow();
  const text = String(data);
  const frame = JSON.parse(text) as Frame;
  const state = states[w] as WatcherState;
  if (frame.type === 'snapshot') {
    state.snapshots += 1;
    return;
  }
  if (frame.type !== 'delta' || !schedule) return;
  if (at >= schedule.windowFrom && at < schedule.windowTo) state.frames += 1;
  const { t0, stepMs, count } = schedule;
  for (const change of frame.changes ?? []) {
    if (change.kind !== 'reading' || !change.reading) continue;
    const i = (change.reading.at - t0) / stepMs;
    if (!Number.isInteger(i) || i < 0 || i >= count) continue;
    const slot = w * count + i;
    if (Number.isNaN(received[slot] as number)) received[slot] = at;
  }
}

async function watch(url: string, token: string, watchers: number): Promise<WatchReady> {
  const started = wallNow();
  let snapshotBytes = 0;
  states = Array.from({ length: watchers }, () => ({ frames: 0, snapshots: 0 }));
  sockets = await Promise.all(
    Array.from(
      { length: watchers },
      (_, w) =>
        new Promise<WebSocket>((resolve, reject) => {
          const ws = open(`${url}/watch`, token);
          // The snapshot can arrive in the same read as the upgrade: listen before 'open'.
          const first = (data: WebSocket.RawData) => {
            const text = String(data);
            if (!text.includes('"type":"snapshot"')) return;
            snapshotBytes = Buffer.byteLength(text);
            ws.off('message', first);
            ws.on('message', (d) => onFrame(w, d));
            resolve(ws);
          };
          ws.on('message', first);
          ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
          ws.once('error', reject);
        }),
    ),
  );
  return { type: 'ready', ms: wallNow() - started, snapshotBytes };
}

function arm(s: Schedule): void {
  schedule = s;
  received = new Float64Array(sockets.length * s.count).fill(Number.NaN);
  setTimeout(() => {
    cpuAtFrom = process.cpuUsage();
    wallFrom = wallNow();
  }, s.windowFrom - wallNow());
  setTimeout(() => {
    if (cpuAtFrom) cpuMs = cpuMsSince(cpuAtFrom);
    wallTo = wallNow();
  }, s.windowTo - wallNow());
}

function collect(commits: number[], first: number, last: number): Collected {
  const s = schedule as Schedule;
  const n = sockets.length;
  const perReading = last - first;
  const commitToReceive = new Float64Array(n * perReading);
  const sendToReceive = new Float64Array(n * perReading);
  let fromCommit = 0;
  let fromSend = 0;
  let missing = 0;
  for (let w = 0; w < n; w++) {
    for (let i = first; i < last; i++) {
      const at = received[w * s.count + i] as number;
      if (Number.isNaN(at)) {
        missing += 1;
        continue;
      }
      // NaN crosses IPC as null: a reading whose commit the collector did not see.
      const committed = commits[i - first] ?? Number.NaN;
      if (Number.isFinite(committed)) commitToReceive[fromCommit++] = at - committed;
      sendToReceive[fromSend++] = at - (s.t0 + i * s.stepMs);
    }
  }
  const frames = states.map((st) => st.frames);
  for (const ws of sockets) ws.close();
  return {
    type: 'collected',
    commitToReceive: spread(commitToReceive.subarray(0, fromCommit)),
    sendToReceive: spread(sendToReceive.subarray(0, fromSend)),
    pairs: n * perReading,
    missing,
    framesPerWatcher: {
      min: Math.min(...frames),
      mean: frames.reduce((a, b) => a + b, 0) / n,
      max: Math.max(...frames),
    },
    resyncs: states.reduce((a, st) => a + st.snapshots, 0),
    clientCpuMs: cpuMs,
    clientWallMs: wallTo - wallFrom,
  };
}

// --- the paced source --------------------------------------------------------------------------------------

async function send(req: Extract<FanoutRequest, { type: 'send' }>): Promise<SendResult> {
  const ws = open(`${req.url}/ingest`, req.token);
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const socket = (ws as unknown as { _socket?: Socket })._socket;
  // Frames are built before the first is due, so the sender's own JSON work does not delay the schedule.
  const frames = Array.from({ length: req.count }, (_, i) => {
    const station = req.stations[i % req.stations.length] as { code: string; level: number };
    return JSON.stringify({
      v: 1,
      type: 'reading',
      id: `fan-${req.t0}-${i}`,
      station: station.code,
      observedAt: new Date(req.t0 + i * req.stepMs).toISOString(),
      level: station.level,
    });
  });
  let acked = 0;
  let errors = 0;
  let firstError: string | undefined;
  const done = new Promise<void>((resolve) => {
    ws.on('message', (data) => {
      const reply = JSON.parse(String(data)) as { type: string };
      if (reply.type === 'ack') acked += 1;
      else {
        errors += 1;
        firstError ??= String(data);
      }
      if (acked + errors === req.count) resolve();
    });
  });
  await sleep(Math.max(0, req.t0 - wallNow()));
  let next = 0;
  let maxLagMs = 0;
  // Every millisecond or so, send every reading now due, corked into one write.
  await new Promise<void>((resolve) => {
    const pump = () => {
      const now = wallNow();
      const due = Math.min(req.count, Math.floor((now - req.t0) / req.stepMs) + 1);
      if (due > next) {
        maxLagMs = Math.max(maxLagMs, now - (req.t0 + next * req.stepMs));
        socket?.cork();
        while (next < due) ws.send(frames[next++] as string);
        socket?.uncork();
      }
      if (next >= req.count) resolve();
      else setTimeout(pump, 1);
    };
    pump();
  });
  await Promise.race([done, sleep(30_000)]);
  ws.close();
  return { type: 'sent', acked, errors, ...(firstError ? { firstError } : {}), maxLagMs };
}

async function handle(req: FanoutRequest): Promise<FanoutReply> {
  switch (req.type) {
    case 'watch':
      return watch(req.url, req.token, req.watchers);
    case 'arm':
      arm(req);
      return { type: 'armed' };
    case 'collect':
      return collect(req.commits, req.first, req.last);
    case 'send':
      return send(req);
  }
}

process.on('message', (req: FanoutRequest) => {
  handle(req).then(
    (reply) => process.send?.(reply),
    (error: unknown) => process.send?.({ type: 'failed', message: String(error) } satisfies FanoutReply),
  );
});
process.on('disconnect', () => process.exit(0));
