import WebSocket from 'ws';
import { SUBPROTOCOL } from '../src/protocol/index.js';
import { wallNow } from './stats.js';

/**
 * A fresh watcher for `bench/snapshot.ts`, in a child process: opens `/watch` and times the snapshot, from
 * before the connection is opened to the whole snapshot frame received, and to it parsed.
 */

/** `compress`: offer permessage-deflate, as the console and browsers do (the collector deflates large frames). */
export type SnapshotRequest = { type: 'connect'; url: string; token: string; compress?: boolean };
/** `bytes`: the snapshot's JSON; `wireBytes`: all read off the socket until it arrived (upgrade and welcome too). */
export type SnapshotReply =
  | { type: 'snapshot'; receivedMs: number; parsedMs: number; bytes: number; wireBytes: number }
  | { type: 'failed'; message: string };

function connect(req: SnapshotRequest): Promise<SnapshotReply> {
  return new Promise((resolve, reject) => {
    const started = wallNow();
    const ws = new WebSocket(`${req.url}/watch`, SUBPROTOCOL, {
      headers: { Authorization: `Bearer ${req.token}` },
      perMessageDeflate: req.compress === true,
    });
    ws.on('message', (data) => {
      const receivedMs = wallNow() - started;
      const wireBytes = (ws as unknown as { _socket: { bytesRead: number } })._socket.bytesRead;
      const text = String(data);
      const frame = JSON.parse(text) as { type: string };
      if (frame.type !== 'snapshot') return;
      const parsedMs = wallNow() - started;
      ws.close();
      resolve({ type: 'snapshot', receivedMs, parsedMs, bytes: Buffer.byteLength(text), wireBytes });
    });
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

process.on('message', (req: SnapshotRequest) => {
  connect(req).then(
    (reply) => process.send?.(reply),
    (error: unknown) => process.send?.({ type: 'failed', message: String(error) } satisfies SnapshotReply),
  );
});
process.on('disconnect', () => process.exit(0));
