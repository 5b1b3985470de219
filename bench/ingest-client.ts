import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { readingFrames } from './ingest-frames.js';

/**
 * The load generator for `bench/ingest.ts`, run in a child process so it does not share the server's event
 * loop. It waits for `run` requests over IPC, streams readings over N connections with a window of unacked
 * messages per connection, and answers with the number acked and the wall time.
 */

/** What the parent asks for. */
export type ClientRequest = {
  type: 'run';
  url: string;
  token: string;
  protocol: string;
  connections: number;
  total: number;
  window: number;
  /** Prefix for message ids, unique per run. */
  runId: string;
  /** Random UUID ids, or ascending ones. */
  ids: 'uuid' | 'seq';
};

/** What the client answers. */
export type ClientResult =
  | {
      type: 'result';
      acked: number;
      errors: number;
      firstError: string | undefined;
      ms: number;
      bytes: number;
    }
  | { type: 'failed'; message: string };

type Conn = { ws: WebSocket; socket: Socket | undefined; frames: string[]; next: number; inFlight: number };

function open(req: ClientRequest): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${req.url}`, req.protocol, {
      headers: { Authorization: `Bearer ${req.token}` },
      perMessageDeflate: false,
    });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

async function run(req: ClientRequest): Promise<ClientResult> {
  const perConn = Math.floor(req.total / req.connections);
  const sockets = await Promise.all(Array.from({ length: req.connections }, () => open(req)));
  // Frames are built before the clock starts so the client's own JSON work is not measured.
  const conns: Conn[] = sockets.map((ws, c) => {
    const count = c === sockets.length - 1 ? req.total - perConn * (sockets.length - 1) : perConn;
    const frames = readingFrames(count, `${req.runId}-c${c}`, req.ids === 'seq');
    return { ws, socket: (ws as unknown as { _socket?: Socket })._socket, frames, next: 0, inFlight: 0 };
  });
  const bytes = conns.reduce((sum, c) => sum + c.frames.reduce((s, f) => s + f.length, 0), 0);

  return new Promise((resolve) => {
    let acked = 0;
    let errors = 0;
    let replies = 0;
    let firstError: string | undefined;
    let started = 0;

    // Sends up to the window in one corked burst: one TCP write for many frames.
    const fill = (conn: Conn) => {
      const room = Math.min(req.window - conn.inFlight, conn.frames.length - conn.next);
      if (room <= 0) return;
      conn.socket?.cork();
      for (let k = 0; k < room; k++) conn.ws.send(conn.frames[conn.next++] as string);
      conn.socket?.uncork();
      conn.inFlight += room;
    };

    const finish = () => {
      const ms = performance.now() - started;
      for (const c of conns) c.ws.close();
      resolve({ type: 'result', acked, errors, firstError, ms, bytes });
    };

    for (const conn of conns) {
      let isScheduled = false;
      conn.ws.on('message', (data) => {
        const reply = JSON.parse(String(data)) as { type: string };
        replies++;
        conn.inFlight--;
        if (reply.type === 'ack') acked++;
        else {
          errors++;
          firstError ??= String(data);
        }
        if (replies === req.total) {
          finish();
          return;
        }
        // Refill once per event-loop turn, after this turn's acks are counted.
        if (!isScheduled) {
          isScheduled = true;
          setImmediate(() => {
            isScheduled = false;
            fill(conn);
          });
        }
      });
      conn.ws.on('close', (code) => {
        if (replies < req.total) resolve({ type: 'failed', message: `connection closed early (${code})` });
      });
    }

    started = performance.now();
    for (const conn of conns) fill(conn);
  });
}

process.on('message', (req: ClientRequest) => {
  run(req).then(
    (result) => process.send?.(result),
    (error: unknown) => process.send?.({ type: 'failed', message: String(error) } satisfies ClientResult),
  );
});
process.on('disconnect', () => process.exit(0));
