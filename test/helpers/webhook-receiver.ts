import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One delivery as the receiver saw it. */
export type Received = {
  key: string;
  signatureOk: boolean;
  /** When the request had arrived whole (Date.now()). */
  at: number;
  body: {
    idempotencyKey: string;
    timestamp: number;
    title: string;
    text: string;
    link?: string;
    recipient: { name: string; mobile?: string; email?: string };
    drill: boolean;
  };
  headers: IncomingMessage['headers'];
};

/** How the receiver answers each request: a status, after an optional wait; `hold` never answers. */
export type Behaviour = { status?: number; delayMs?: number; hold?: boolean };

/**
 * A loopback HTTP receiver for the generic webhook: checks the HMAC signature of the raw body, counts
 * deliveries per idempotency key, and answers as the test says (200 by default).
 */
export async function startWebhookReceiver(secret: string, port = 0) {
  const received: Received[] = [];
  const waiters: { test: () => boolean; resolve: () => void }[] = [];
  let behave: (r: Received) => Behaviour = () => ({ status: 200 });
  const held: ServerResponse[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const expected = `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;
      const got = String(req.headers['x-dutywatch-signature'] ?? '');
      const signatureOk =
        got.length === expected.length && timingSafeEqual(Buffer.from(got), Buffer.from(expected));
      const body = JSON.parse(raw.toString('utf8')) as Received['body'];
      const entry: Received = {
        key: String(req.headers['idempotency-key'] ?? ''),
        signatureOk,
        at: Date.now(),
        body,
        headers: req.headers,
      };
      received.push(entry);
      for (const w of [...waiters]) {
        if (w.test()) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve();
        }
      }
      const b = behave(entry);
      if (b.hold) {
        held.push(res);
        return;
      }
      const answer = () => {
        res.writeHead(b.status ?? 200, { 'Content-Type': 'application/json' });
        res.end('{"ok":true}');
      };
      if (b.delayMs) setTimeout(answer, b.delayMs);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const bound = (server.address() as AddressInfo).port;
  return {
    port: bound,
    url: `http://127.0.0.1:${bound}/sms`,
    received,
    /** Deliveries per idempotency key. */
    counts(): Map<string, number> {
      const m = new Map<string, number>();
      for (const r of received) m.set(r.key, (m.get(r.key) ?? 0) + 1);
      return m;
    },
    behave(fn: (r: Received) => Behaviour) {
      behave = fn;
    },
    until(test: () => boolean, timeoutMs = 30_000): Promise<void> {
      if (test()) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`receiver: timed out with ${received.length}`)),
          timeoutMs,
        );
        waiters.push({
          test,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      });
    },
    async close() {
      for (const res of held) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
export type WebhookReceiver = Awaited<ReturnType<typeof startWebhookReceiver>>;
