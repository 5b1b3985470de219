import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import Database from 'better-sqlite3';
import { type WebSocket, WebSocketServer } from 'ws';

/** A running baseline server. */
export type BaselineServer = {
  port: number;
  /** Rows in its readings table (to check every ack was stored). */
  rowCount(): number;
  batches(): { sum: number; count: number };
  close(): Promise<void>;
};

type Pending = { ws: WebSocket; id: string; station: string; observedAt: string; level: number };

const MAX_BATCH = 2000;

/**
 * The least a durable ingest server can do: a bare `ws` server, `JSON.parse`, one prepared INSERT per message
 * in a transaction per event-loop turn (WAL, `synchronous=FULL`, like the collector), and one ack frame per
 * message after the commit, corked into one write per socket per batch as the collector does. No
 * validation, no auth, no idempotency journal, no per-message savepoint.
 */
export async function startBaseline(dbPath: string): Promise<BaselineServer> {
  const db = new Database(dbPath);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(`CREATE TABLE readings (
    id INTEGER PRIMARY KEY, msg_id TEXT NOT NULL, station TEXT NOT NULL, observed_at TEXT NOT NULL, level REAL NOT NULL
  )`);
  const insert = db.prepare('INSERT INTO readings (msg_id, station, observed_at, level) VALUES (?, ?, ?, ?)');
  const commit = db.transaction((batch: Pending[]) => {
    for (const p of batch) insert.run(p.id, p.station, p.observedAt, p.level);
  });
  const stats = { sum: 0, count: 0 };

  let queue: Pending[] = [];
  let isScheduled = false;
  const flush = () => {
    isScheduled = false;
    while (queue.length > 0) {
      const batch = queue.slice(0, MAX_BATCH);
      queue = queue.slice(batch.length);
      commit(batch);
      stats.sum += batch.length;
      stats.count += 1;
      const sockets = new Set(batch.map((p) => (p.ws as unknown as { _socket: Socket })._socket));
      for (const s of sockets) s.cork();
      for (const p of batch) p.ws.send(JSON.stringify({ v: 1, type: 'ack', id: p.id }));
      for (const s of sockets) s.uncork();
    }
  };

  const http = createServer((_req, res) => res.writeHead(404).end());
  const wss = new WebSocketServer({ server: http, path: '/ingest', perMessageDeflate: false });
  wss.on('connection', (ws) => {
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data)) as Omit<Pending, 'ws'>;
      queue.push({ ws, id: msg.id, station: msg.station, observedAt: msg.observedAt, level: msg.level });
      if (!isScheduled) {
        isScheduled = true;
        setImmediate(flush);
      }
    });
  });

  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return {
    port: (http.address() as AddressInfo).port,
    rowCount: () => (db.prepare('SELECT count(*) AS n FROM readings').get() as { n: number }).n,
    batches: () => ({ ...stats }),
    async close() {
      flush();
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => http.close(() => resolve()));
      db.close();
    },
  };
}
