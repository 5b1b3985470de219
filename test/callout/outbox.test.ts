import { readFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../src/protocol/index.js';
import { freePort } from '../helpers/free-port.js';
import { TOKENS } from '../helpers/test-config.js';
import type { WebhookReceiver } from '../helpers/webhook-receiver.js';
import { calloutConfig, manyPeopleInput } from './callout-config.js';
import { eventually } from './callout-harness.js';
import { calloutPerTest } from './callout-per-test.js';

const perTest = calloutPerTest();

const START_G1 = { type: 'callout.start', station: 'G1', message: '汝河大桥水位超保证，请立即组织转移准备' };

describe('call-outs through the outbox and the signed webhook', () => {
  it("an officer's call-out reaches each threatened person once, signed, with a personal link", async () => {
    const { h, receiver } = await perTest.start();
    expect(await h.act(TOKENS.officer, START_G1)).toMatchObject({ type: 'ack' });
    // The commander, the township's two, two village heads; the informant has no channel.
    await receiver.until(() => receiver.received.length === 5);
    await eventually(
      () => h.parts().calloutRecipients.filter((r) => r.state === 'delivered').length === 5,
      'five delivered',
    );
    expect(receiver.received.every((r) => r.signatureOk)).toBe(true);
    expect([...receiver.counts().values()]).toEqual([1, 1, 1, 1, 1]);
    expect(new Set(receiver.received.map((r) => r.body.recipient.name))).toEqual(
      new Set(['高指挥', '沙镇长', '周防汛', '周村长', '何村长']),
    );
    for (const r of receiver.received) {
      expect(r.body.idempotencyKey).toBe(r.key);
      expect(r.headers['x-dutywatch-timestamp']).toBe(String(r.body.timestamp));
      expect(r.body.text).toContain('汝河大桥水位超保证');
      expect(r.body.link).toMatch(/\/r\/[A-Za-z0-9_-]{43}$/);
      expect(r.body.text).toContain(r.body.link);
    }
    // Every link is its own.
    expect(new Set(receiver.received.map((r) => r.body.link)).size).toBe(5);
    const { calloutRecipients } = h.parts();
    expect(calloutRecipients.find((r) => r.person === 'v2-info')).toMatchObject({ state: 'unreachable' });
    expect(h.audit().some((e) => e.action === 'callout_started' && e.actor === 'P1')).toBe(true);
  });

  it('a gauge reaching 保证 starts a call-out to its area by itself, once while it lasts', async () => {
    const { h, receiver } = await perTest.start();
    await h.level(12.1);
    await h.level(12.4);
    await eventually(() => h.parts().callouts.length === 1, 'a call-out');
    const [callout] = h.parts().callouts;
    expect(callout).toMatchObject({ trigger: 'station', startedBy: 'system', drill: false });
    expect(h.parts().callouts).toHaveLength(1);
    // The people the ladder names get the alert too, through their duty channels (P1, the officer on duty).
    await receiver.until(() => receiver.received.some((r) => r.body.recipient.name === '张伟'));
    const rung = receiver.received.find((r) => r.body.recipient.name === '张伟');
    expect(rung?.body.text).toContain('【值班提醒】');
    expect(rung?.body.link).toBeUndefined();
  });

  it('a drill reaches only drill-marked persons, each message saying 【演练】 first', async () => {
    const { h, receiver } = await perTest.start();
    expect(await h.act(TOKENS.officer, { ...START_G1, drill: true })).toMatchObject({ type: 'ack' });
    await receiver.until(() => receiver.received.length === 2);
    expect(new Set(receiver.received.map((r) => r.body.recipient.name))).toEqual(
      new Set(['高指挥', '周防汛']),
    );
    for (const r of receiver.received) {
      expect(r.body.drill).toBe(true);
      expect(r.body.text.startsWith('【演练】')).toBe(true);
    }
  });

  it('refuses a call-out to nowhere, naming the field', async () => {
    const { h } = await perTest.start();
    expect(await h.act(TOKENS.officer, { ...START_G1, station: 'NOPE' })).toMatchObject({
      type: 'error',
      code: 'NOT_FOUND',
    });
    expect(await h.act(TOKENS.officer, { type: 'callout.start', message: 'x' })).toMatchObject({
      type: 'error',
      code: 'INVALID_MESSAGE',
    });
    expect(await h.act(TOKENS.viewer, START_G1)).toMatchObject({ type: 'error', code: 'FORBIDDEN' });
  });
});

/** A TLS server whose certificate the sender does not trust: the handshake is refused. */
async function untrustedTls(): Promise<{ url: string; close(): Promise<void> }> {
  const dir = join(import.meta.dirname, '..', 'fixtures', 'tls');
  const server = createHttpsServer(
    { cert: readFileSync(join(dir, 'localhost.crt')), key: readFileSync(join(dir, 'localhost.key')) },
    (_req, res) => res.end('ok'),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `https://127.0.0.1:${port}/sms`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('failures: retries with backoff, then a dead letter and 通知未送达', () => {
  it.each([
    ['the receiver is down', 'down'],
    ['the receiver answers HTTP 500', '500'],
    ['the receiver is slower than the timeout', 'slow'],
    ['TLS is refused', 'tls'],
  ] as const)('%s', async (_what, mode) => {
    let url: string;
    let receiver: WebhookReceiver | undefined;
    let closeExtra = async () => {};
    if (mode === 'down') url = `http://127.0.0.1:${await freePort()}/sms`;
    else if (mode === 'tls') {
      const tls = await untrustedTls();
      url = tls.url;
      closeExtra = tls.close;
    } else {
      const r = await perTest.receiver();
      receiver = r;
      r.behave(() => (mode === '500' ? { status: 500 } : { hold: true }));
      url = r.url;
    }
    try {
      const h = await perTest.harness(calloutConfig(url, { channel: { timeoutMs: 200 } }));
      expect(
        await h.act(TOKENS.officer, { type: 'callout.start', group: 'hq', message: '测试叫应' }),
      ).toMatchObject({
        type: 'ack',
      });
      await eventually(() => h.parts().deliveries.some((d) => d.state === 'dead'), 'a dead letter');
      const [delivery] = h.parts().deliveries;
      expect(delivery).toMatchObject({ state: 'dead', tries: 3, person: 'commander' });
      expect(delivery?.error).toBeTruthy();
      if (mode === '500') expect(delivery?.error).toContain('HTTP 500');
      if (mode === 'slow') expect(delivery?.error).toMatch(/no answer within|timed out/);
      if (receiver) expect(receiver.counts().size).toBe(1);
      expect(h.parts().calloutRecipients[0]).toMatchObject({ state: 'unreachable' });
      const alerts = h.collector.engine.snapshotParts(Date.now()).alerts;
      const undelivered = alerts.find((a) => a.key === 'notify.undelivered:commander');
      expect(undelivered?.title.zh).toContain('通知未送达：高指挥');
      expect(undelivered?.state).toBe('triggered');
    } finally {
      await closeExtra();
    }
  });

  it('a refusal that trying again cannot fix (HTTP 401) is dead at once', async () => {
    const receiver = await perTest.receiver();
    receiver.behave(() => ({ status: 401 }));
    const h = await perTest.harness(calloutConfig(receiver.url));
    await h.act(TOKENS.officer, { type: 'callout.start', group: 'hq', message: '测试叫应' });
    await eventually(() => h.parts().deliveries.some((d) => d.state === 'dead'), 'a dead letter');
    expect(h.parts().deliveries[0]).toMatchObject({ tries: 1, state: 'dead' });
  });

  it('a receiver that recovers gets the message on a later try, with the same key', async () => {
    const receiver = await perTest.receiver();
    let calls = 0;
    receiver.behave(() => {
      calls += 1;
      return { status: calls === 1 ? 503 : 200 };
    });
    const h = await perTest.harness(calloutConfig(receiver.url));
    await h.act(TOKENS.officer, { type: 'callout.start', group: 'hq', message: '测试叫应' });
    await eventually(() => h.parts().deliveries[0]?.state === 'delivered', 'delivered');
    expect([...receiver.counts().values()]).toEqual([2]);
    expect(h.parts().deliveries[0]).toMatchObject({ tries: 2 });
  });
});

// Gateways limit how fast a sender may post, and a call-out sent as fast as a loopback peer answers held ingest
// acks behind it (issue 16): the sender keeps to notify.delivery.maxPerSecond whatever the concurrency allows.
describe('the send rate of a call-out', () => {
  it('keeps to maxPerSecond: 30 messages at 20 a second are spread over more than a second, and every one arrives once', async () => {
    const receiver = await perTest.receiver();
    const input = manyPeopleInput(receiver.url, 30);
    const notify = input.notify as Record<string, unknown>;
    const h = await perTest.harness(
      configSchema.parse({
        ...input,
        notify: { ...notify, delivery: { concurrency: 32, maxPerSecond: 20 } },
      }),
    );
    expect(
      await h.act(TOKENS.officer, { type: 'callout.start', group: 'many', message: '全体叫应' }),
    ).toMatchObject({
      type: 'ack',
    });
    const r = receiver;
    await r.until(() => r.received.length === 30);
    const times = r.received.map((x) => x.at).sort((a, b) => a - b);
    // One a pump (20/s × 50 ms), pumps at least 50 ms apart: 30 sends span at least 29 gaps of 50 ms (1.45 s),
    // less what network jitter takes off the ends; unpaced, the concurrency of 32 would send all 30 at once.
    expect((times.at(-1) as number) - (times[0] as number)).toBeGreaterThanOrEqual(1000);
    expect(new Set(r.received.map((x) => x.key)).size).toBe(30);
  });
});
