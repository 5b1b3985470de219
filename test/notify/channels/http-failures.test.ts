import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeliveryOutcome } from '../../../server/notify/channel.js';
import { createChannel } from '../../../server/notify/channels/index.js';
import { type ChannelConfigInput, channelConfigSchema, type SecretRef } from '../../../src/protocol/index.js';
import { freePort } from '../../helpers/free-port.js';
import { type Receiver, startReceiver } from '../../helpers/http-receiver.js';
import { never, outboundMessage } from '../../helpers/outbound-message.js';

const TLS_DIR = join(import.meta.dirname, '..', '..', 'fixtures', 'tls');
const CA_FILE = join(TLS_DIR, 'localhost.crt');
const tls = { cert: readFileSync(CA_FILE), key: readFileSync(join(TLS_DIR, 'localhost.key')) };

// Every secret the channels hold; none may ever appear in a reason, plain or URL-encoded.
const SECRETS: Record<string, string> = {
  WECOM_KEY: 'wk-5e1d0c9b-8a7f-4e6d-secret/+=1',
  DINGTALK_TOKEN: 'dt-token-3c2b1a09f8e7+/=',
  DINGTALK_SECRET: 'SEC-dingtalk-sign-secret-77aa',
  FEISHU_HOOK: 'fs-hook-6b5a4c3d-2e1f',
  FEISHU_SECRET: 'fs-secret-0f9e8d7c6b',
  WEBHOOK_SECRET: 'wh-hmac-secret-1a2b3c4d5e',
};
const resolve = (ref: SecretRef) => ('env' in ref ? (SECRETS[ref.env] ?? '') : '');

type Kind = 'wecom' | 'dingtalk' | 'feishu' | 'webhook';
function configFor(kind: Kind, base: string, extra: Record<string, unknown> = {}): ChannelConfigInput {
  const configs: Record<Kind, ChannelConfigInput> = {
    wecom: { kind: 'wecom', url: `${base}/cgi-bin/webhook/send`, key: { env: 'WECOM_KEY' } },
    dingtalk: {
      kind: 'dingtalk',
      url: `${base}/robot/send`,
      accessToken: { env: 'DINGTALK_TOKEN' },
      secret: { env: 'DINGTALK_SECRET' },
    },
    feishu: {
      kind: 'feishu',
      url: `${base}/open-apis/bot/v2/hook/`,
      hookId: { env: 'FEISHU_HOOK' },
      secret: { env: 'FEISHU_SECRET' },
    },
    webhook: { kind: 'webhook', url: `${base}/sms/send`, secret: { env: 'WEBHOOK_SECRET' } },
  };
  return { ...configs[kind], ...extra } as ChannelConfigInput;
}
const channelAt = (kind: Kind, base: string, extra?: Record<string, unknown>) =>
  createChannel(`${kind}-test`, channelConfigSchema.parse(configFor(kind, base, extra)), resolve);

const reasons: string[] = [];
const failure = (outcome: DeliveryOutcome) => {
  if (outcome.ok) throw new Error(`expected a failure, got ${JSON.stringify(outcome)}`);
  reasons.push(outcome.reason);
  return outcome;
};

describe.each<Kind>(['wecom', 'dingtalk', 'feishu', 'webhook'])('%s channel failures', (kind) => {
  let receiver: Receiver;
  beforeEach(async () => {
    receiver = await startReceiver();
  });
  afterEach(() => receiver.close());

  it('reports a receiver that is down (connection refused) as transient', async () => {
    const port = await freePort();
    const outcome = failure(
      await channelAt(kind, `http://127.0.0.1:${port}`).send(outboundMessage(), never()),
    );
    expect(outcome.permanent).toBe(false);
    expect(outcome.reason).toBe(`http://127.0.0.1:${port}: connect ECONNREFUSED 127.0.0.1:${port}`);
  });

  it('reports HTTP 500 as transient and HTTP 404 as permanent', async () => {
    receiver.answer(() => ({ status: 500, text: 'internal error' }));
    const serverError = failure(await channelAt(kind, receiver.url).send(outboundMessage(), never()));
    expect(serverError.permanent).toBe(false);
    expect(serverError.reason).toMatch(/answered HTTP 500: internal error$/);

    receiver.answer(() => ({ status: 404, text: 'no such robot' }));
    const notFound = failure(await channelAt(kind, receiver.url).send(outboundMessage(), never()));
    expect(notFound.permanent).toBe(true);
    expect(notFound.reason).toMatch(/answered HTTP 404/);
  });

  it("keeps the recipient's answer token out of the reason when the peer echoes the message back", async () => {
    const message = outboundMessage();
    const token = message.link?.split('/').pop() ?? '';
    receiver.answer((r) => ({
      status: 400,
      text: `bad request near "${/http:[^"]*\/r\/[A-Za-z0-9]+/.exec(r.body)?.[0]}"`,
    }));
    const outcome = failure(await channelAt(kind, receiver.url).send(message, never()));
    expect(outcome.reason).toMatch(/answered HTTP 400: bad request near ".*‹secret›"$/);
    expect(outcome.reason).not.toContain(token);
  });

  it('does not follow a redirect: permanent, and the message goes nowhere else', async () => {
    const elsewhere = await startReceiver();
    try {
      receiver.answer(() => ({ status: 302, headers: { location: `${elsewhere.url}/steal` }, text: '' }));
      const outcome = failure(await channelAt(kind, receiver.url).send(outboundMessage(), never()));
      expect(outcome.permanent).toBe(true);
      expect(outcome.reason).toMatch(/answered HTTP 302 \(a redirect, not followed\)/);
      expect(elsewhere.received).toHaveLength(0);
    } finally {
      await elsewhere.close();
    }
  });

  it('gives up when the sender aborts an attempt the receiver never answers: transient', async () => {
    receiver.answer(() => 'hang');
    const controller = new AbortController();
    void receiver.nextRequest().then(() => controller.abort());
    const outcome = failure(await channelAt(kind, receiver.url).send(outboundMessage(), controller.signal));
    expect(outcome).toEqual({
      ok: false,
      permanent: false,
      reason: `${receiver.url}: abandoned by the sender`,
    });
  });

  it("gives up at the channel's own timeoutMs when the receiver never answers", async () => {
    receiver.answer(() => 'hang');
    const channel = channelAt(kind, receiver.url, { timeoutMs: 200 });
    const outcome = failure(await channel.send(outboundMessage(), never()));
    expect(outcome).toEqual({
      ok: false,
      permanent: false,
      reason: `${receiver.url}: no answer within 200 ms`,
    });
  });

  it('refuses TLS with a plain-HTTP server behind an https URL: transient, saying TLS failed', async () => {
    const https = receiver.url.replace('http:', 'https:');
    const outcome = failure(await channelAt(kind, https).send(outboundMessage(), never()));
    expect(outcome.permanent).toBe(false);
    expect(outcome.reason).toBe(
      `TLS with ${https} failed: EPROTO: the server does not speak TLS on this port (plain HTTP?)`,
    );
    expect(receiver.received).toHaveLength(0);
  });

  it('refuses a self-signed certificate it was not told to trust, and accepts it given caFile', async () => {
    const secure = await startReceiver({ tls });
    // Accepted in the words of WeCom and DingTalk (errcode) and of Feishu (code).
    secure.answer(() => ({ json: { errcode: 0, errmsg: 'ok', code: 0, msg: 'success' } }));
    try {
      const untrusted = failure(await channelAt(kind, secure.url).send(outboundMessage(), never()));
      expect(untrusted.permanent).toBe(false);
      expect(untrusted.reason).toMatch(/^TLS with https:\/\/127\.0\.0\.1:\d+ failed: .*self.signed/i);
      expect(secure.received).toHaveLength(0);

      const trusted = await channelAt(kind, secure.url, { caFile: CA_FILE }).send(outboundMessage(), never());
      expect(trusted).toMatchObject({ ok: true });
      expect(secure.received).toHaveLength(1);
    } finally {
      await secure.close();
    }
  });
});

describe.each<Kind>(['wecom', 'dingtalk', 'feishu'])('%s robot answers', (kind) => {
  let receiver: Receiver;
  beforeEach(async () => {
    receiver = await startReceiver();
  });
  afterEach(() => receiver.close());

  it('treats an HTTP 200 answer that is not JSON as transient (a proxy page, not the robot)', async () => {
    receiver.answer(() => ({ text: '<html>gateway</html>' }));
    const outcome = failure(await channelAt(kind, receiver.url).send(outboundMessage(), never()));
    expect(outcome.permanent).toBe(false);
    expect(outcome.reason).toMatch(/answered HTTP 200 without a result code/);
  });

  it('reads at most 64 KiB of an answer and calls an oversized one a transient failure', async () => {
    receiver.answer(() => ({ text: `{"errcode":0,"pad":"${'x'.repeat(200_000)}"}` }));
    const outcome = failure(await channelAt(kind, receiver.url).send(outboundMessage(), never()));
    expect(outcome.permanent).toBe(false);
    expect(outcome.reason).toMatch(/sent an answer too large to read$/);
  });
});

afterAll(() => {
  // Runs after every failure above: no reason may carry a secret, in any form a URL or a peer might give it.
  expect(reasons.length).toBeGreaterThan(30);
  for (const reason of reasons) {
    for (const secret of Object.values(SECRETS)) {
      expect(reason).not.toContain(secret);
      expect(reason).not.toContain(encodeURIComponent(secret));
    }
    expect(reason.length).toBeLessThanOrEqual(300);
  }
});
