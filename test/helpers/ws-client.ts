import WebSocket from 'ws';
import { SUBPROTOCOL } from '../../src/protocol/index.js';

/** A reply as the tests read it. */
export type Reply = {
  type: string;
  id: string | null;
  code?: string;
  message?: string;
  path?: string;
  duplicate?: boolean;
};

/**
 * Opens a real WebSocket with a bearer token; resolves when open. The socket is paused until the caller's code after
 * `await connect(…)` has run: a first frame (the /watch snapshot) can come in the same read as the upgrade, and would
 * otherwise be emitted before that code adds its 'message' listener (serve-clock.test.ts hung so under load).
 */
export function connect(url: string, path: string, token?: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(
      `${url}${path}`,
      SUBPROTOCOL,
      token ? { headers: { Authorization: `Bearer ${token}` } } : {},
    );
    ws.once('open', () => {
      ws.pause();
      resolve(ws);
      setImmediate(() => ws.resume());
    });
    ws.once('unexpected-response', (_req, res) => {
      reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode }));
    });
    ws.once('error', reject);
  });
}

/** The HTTP status with which an upgrade is refused (or 101 when it succeeds). */
export async function upgradeStatus(url: string, path: string, token?: string): Promise<number> {
  try {
    const ws = await connect(url, path, token);
    ws.close();
    return 101;
  } catch (error) {
    return (error as { status?: number }).status ?? -1;
  }
}

/** Collects every reply on a socket and lets a test wait for the nth. */
export function replies(ws: WebSocket) {
  const received: Reply[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  ws.on('message', (data) => {
    received.push(JSON.parse(String(data)) as Reply);
    for (const w of [...waiters]) {
      if (received.length >= w.count) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  });
  return {
    received,
    /** Resolves once `count` replies have arrived in all. */
    async waitFor(count: number): Promise<Reply[]> {
      if (received.length < count) await new Promise<void>((resolve) => waiters.push({ count, resolve }));
      return received;
    },
  };
}

/** Sends one frame and resolves with the next reply. */
export function request(ws: WebSocket, frame: string | object): Promise<Reply> {
  return new Promise((resolve, reject) => {
    ws.once('message', (data) => resolve(JSON.parse(String(data)) as Reply));
    ws.once('close', (code) => reject(new Error(`closed ${code}`)));
    ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  });
}

/** Sends one frame with an `id` and resolves with the reply carrying that id, ignoring feed frames. */
export function requestById(ws: WebSocket, frame: { id: string } & Record<string, unknown>): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const onMessage = (data: WebSocket.RawData) => {
      const reply = JSON.parse(String(data)) as Reply;
      if ((reply.type === 'ack' || reply.type === 'error') && reply.id === frame.id) {
        ws.off('message', onMessage);
        resolve(reply);
      }
    };
    ws.on('message', onMessage);
    ws.once('close', (code) => reject(new Error(`closed ${code}`)));
    ws.send(JSON.stringify(frame));
  });
}

/**
 * Console actions as the tests send them: one /watch socket per token, opened on first use, and each action sent
 * with a fresh id. The snapshot and feed frames come on the same socket, so the reply is the ack or error carrying
 * that id.
 */
export function consoleActions(url: string) {
  const sockets = new Map<string, WebSocket>();
  let nextId = 0;
  return {
    /** Sends a console action with a token and resolves with its reply. */
    async act(token: string, action: Record<string, unknown>): Promise<Reply> {
      let ws = sockets.get(token);
      if (!ws) {
        ws = await connect(url, '/watch', token);
        sockets.set(token, ws);
      }
      nextId += 1;
      const id = `act-${nextId}`;
      const socket = ws;
      return new Promise((resolve) => {
        const onMessage = (data: WebSocket.RawData) => {
          const msg = JSON.parse(String(data)) as Reply;
          if ((msg.type === 'ack' || msg.type === 'error') && msg.id === id) {
            socket.off('message', onMessage);
            resolve(msg);
          }
        };
        socket.on('message', onMessage);
        socket.send(JSON.stringify({ id, ...action }));
      });
    },
    close(): void {
      for (const ws of sockets.values()) ws.close();
    },
  };
}

/**
 * Sends `batches` batches of 500 readings of gauge G1 (ids `g-B-I`, batch ids `gb-B`) at once and resolves with
 * the batches' replies: many ids quickly, for tests about the id window.
 */
export async function sendReadingBatches(
  ws: WebSocket,
  batches: number,
  observedAt: string,
): Promise<Reply[]> {
  const inbox = replies(ws);
  for (let b = 0; b < batches; b++) {
    const messages = Array.from({ length: 500 }, (_, i) => ({
      type: 'reading',
      id: `g-${b}-${i}`,
      station: 'G1',
      observedAt,
      level: 9.5,
    }));
    ws.send(JSON.stringify({ type: 'batch', id: `gb-${b}`, messages }));
  }
  return inbox.waitFor(batches);
}
