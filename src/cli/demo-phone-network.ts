import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../log/logger.js';
import type { Config } from '../protocol/index.js';

/** The environment variable the demo's webhook secret is passed in (set by the demo itself). */
export const DEMO_PHONE_SECRET_ENV = 'DUTYWATCH_DEMO_PHONE_SECRET';
export const DEMO_CHANNEL = 'phone-network';

export type PhoneNetworkOptions = {
  secret: string;
  /** Of every hundred people, how many never answer (decided by name, so a person is silent every time). */
  silentPercent?: number;
  /** Each answer comes after a random wait in this range, real ms. */
  delayMs?: readonly [number, number];
  logger?: Logger;
  random?: () => number;
};

const MAX_BODY = 64 * 1024;

/**
 * The demo's loopback "phone network": takes the collector's signed webhook deliveries like an SMS gateway,
 * and, playing the people on the other end, opens most answer links after a random wait and answers, leaving a
 * few silent so the chase has someone to phone. Each answers 正在转移 N 人, 已到岗 or 收到 at random. No internet needed.
 */
export async function startPhoneNetwork(options: PhoneNetworkOptions) {
  const silentPercent = options.silentPercent ?? 15;
  const [minDelay, maxDelay] = options.delayMs ?? [800, 4000];
  const random = options.random ?? Math.random;
  const seen = new Set<string>();
  const timers = new Set<NodeJS.Timeout>();
  const stats = { received: 0, answered: 0, silent: 0 };
  const isSilent = (name: string) => createHash('sha256').update(name).digest()[0]! % 100 < silentPercent;

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) req.destroy();
      else chunks.push(c);
    });
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const expected = Buffer.from(
        `sha256=${createHmac('sha256', options.secret).update(raw).digest('hex')}`,
      );
      const got = Buffer.from(String(req.headers['x-dutywatch-signature'] ?? ''));
      if (got.length !== expected.length || !timingSafeEqual(got, expected)) {
        res.writeHead(401).end();
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}');
      let body: { idempotencyKey?: string; link?: string; recipient?: { name?: string } };
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        return;
      }
      const key = body.idempotencyKey ?? '';
      if (seen.has(key)) return;
      seen.add(key);
      stats.received += 1;
      const name = body.recipient?.name ?? '';
      if (!body.link) return;
      if (isSilent(name)) {
        stats.silent += 1;
        return;
      }
      const link = body.link;
      const timer = setTimeout(
        () => {
          timers.delete(timer);
          void answer(link);
        },
        minDelay + random() * (maxDelay - minDelay),
      );
      timers.add(timer);
    });
  });

  async function answer(link: string): Promise<void> {
    const roll = random();
    const form =
      roll < 0.35
        ? { answer: 'evacuating', count: String(10 + Math.floor(random() * 90)) }
        : { answer: roll < 0.75 ? 'on_duty' : 'received', count: String(2 + Math.floor(random() * 8)) };
    try {
      const res = await fetch(link, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(form).toString(),
        redirect: 'manual',
      });
      await res.body?.cancel();
      if (res.ok) stats.answered += 1;
    } catch (error) {
      options.logger?.warn('demo.phone_answer_failed', { error: String(error) });
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/sms`,
    stats,
    async close() {
      for (const t of timers) clearTimeout(t);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
export type PhoneNetwork = Awaited<ReturnType<typeof startPhoneNetwork>>;

/** A fresh random secret for the demo's webhook, put where the channel's config says to read it. */
export function demoPhoneSecret(): string {
  const secret = randomBytes(24).toString('base64url');
  process.env[DEMO_PHONE_SECRET_ENV] = secret;
  return secret;
}

/**
 * The demo config with every responsible person and every duty officer reachable through the phone network's
 * webhook (the fixture names the people; only the demo knows where its phone network listens).
 */
export function withPhoneNetwork(config: Config, url: string): Config {
  const channel = {
    kind: 'webhook' as const,
    url,
    secret: { env: DEMO_PHONE_SECRET_ENV },
    timeoutMs: 5000,
  };
  return {
    ...config,
    notify: {
      ...config.notify,
      channels: { ...config.notify.channels, [DEMO_CHANNEL]: channel },
      responsible: config.notify.responsible.map((p) => ({ ...p, channels: [...p.channels, DEMO_CHANNEL] })),
      duty: Object.fromEntries(
        config.people.map((p) => [
          p.id,
          { channels: [DEMO_CHANNEL], drill: false, ...config.notify.duty[p.id] },
        ]),
      ),
    },
  };
}
