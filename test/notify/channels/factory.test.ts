import { createHmac, timingSafeEqual } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ChannelConfigError, createChannel, resolveSecret } from '../../../server/notify/channels/index.js';
import {
  type ChannelConfigInput,
  channelConfigSchema,
  describeFirstIssue,
} from '../../../src/protocol/index.js';
import { startReceiver } from '../../helpers/http-receiver.js';
import { never, outboundMessage } from '../../helpers/outbound-message.js';

const dir = mkdtempSync(join(tmpdir(), 'dutywatch-secrets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The first problem zod finds, as the collector prints it at start. */
function refusal(input: unknown): string {
  const parsed = channelConfigSchema.safeParse(input);
  if (parsed.success) throw new Error('expected the config to be refused');
  return describeFirstIssue(parsed.error).message;
}

describe('channel config schema', () => {
  it('refuses a secret written inline, naming the field', () => {
    expect(refusal({ kind: 'wecom', key: 'a3f1c0de-inline-key' })).toBe(
      'key: must be {"env": NAME} or {"file": PATH}: secrets are never written in the config',
    );
  });

  it('refuses a credential hidden in a URL', () => {
    expect(
      refusal({
        kind: 'dingtalk',
        url: 'https://oapi.dingtalk.com/robot/send?access_token=abc',
        accessToken: { env: 'T' },
        secret: { env: 'S' },
      }),
    ).toBe('url: may not carry "access_token" in its query: put it in a secret field');
    expect(refusal({ kind: 'webhook', url: 'https://user:pw@sms.example/send', secret: { env: 'S' } })).toBe(
      'url: may not carry a user or password: use the secret fields',
    );
    expect(refusal({ kind: 'webhook', url: 'ftp://sms.example/send', secret: { env: 'S' } })).toBe(
      'url: must be an http:// or https:// URL',
    );
  });

  it('refuses an SMTP user without a password, and an unknown kind', () => {
    expect(refusal({ kind: 'smtp', host: 'mail.example', from: 'a@b.example', user: { env: 'U' } })).toBe(
      'password: user and password go together',
    );
    expect(refusal({ kind: 'pager', url: 'https://x.example' })).toMatch(/^kind: /);
  });

  it('refuses a sender or fixed recipient that is not an e-mail address, at start rather than on every send', () => {
    expect(refusal({ kind: 'smtp', host: 'mail.example', from: '值班室' })).toBe(
      'from: must be an e-mail address, e.g. 值班室 <duty@county.example>',
    );
    expect(
      refusal({ kind: 'smtp', host: 'mail.example', from: 'duty@county.example', to: ['fxb county'] }),
    ).toBe('to[0]: must be an e-mail address, e.g. 值班室 <duty@county.example>');
  });

  it("fills in the robots' public addresses, so a config names only its secrets", () => {
    const wecom = channelConfigSchema.parse({ kind: 'wecom', key: { env: 'K' } });
    expect(wecom).toMatchObject({
      url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send',
      timeoutMs: 10_000,
    });
    const feishu = channelConfigSchema.parse({ kind: 'feishu', hookId: { env: 'H' }, secret: { env: 'S' } });
    expect(feishu).toMatchObject({ url: 'https://open.feishu.cn/open-apis/bot/v2/hook/' });
  });
});

describe('resolveSecret', () => {
  it('reads an environment variable', () => {
    expect(resolveSecret({ env: 'KEY' }, 'channels.x.key', { KEY: 'v4lue' })).toBe('v4lue');
  });

  it('names the config path and the variable when it is not set, never a value', () => {
    expect(() => resolveSecret({ env: 'WECOM_KEY' }, 'channels.township.key', {})).toThrow(
      new ChannelConfigError('channels.township.key: environment variable WECOM_KEY is not set'),
    );
  });

  it('reads a file, dropping the one trailing newline secret stores leave', () => {
    const file = join(dir, 'dingtalk-secret');
    writeFileSync(file, 'SECabc123\n');
    expect(resolveSecret({ file }, 'channels.x.secret')).toBe('SECabc123');
  });

  it('names the config path and the file when it is missing or empty', () => {
    const missing = join(dir, 'missing');
    expect(() => resolveSecret({ file: missing }, 'channels.x.secret')).toThrow(
      `channels.x.secret: cannot read secret file ${missing} (ENOENT)`,
    );
    const empty = join(dir, 'empty');
    writeFileSync(empty, '\n');
    expect(() => resolveSecret({ file: empty }, 'channels.x.secret')).toThrow(
      `channels.x.secret: secret file ${empty} is empty`,
    );
  });
});

describe('createChannel', () => {
  const configs: ChannelConfigInput[] = [
    { kind: 'wecom', key: { env: 'K' } },
    { kind: 'dingtalk', accessToken: { env: 'T' }, secret: { env: 'S' } },
    { kind: 'feishu', hookId: { env: 'H' }, secret: { env: 'S' } },
    { kind: 'smtp', host: 'mail.example', from: 'duty@county.example' },
    { kind: 'command', argv: ['/usr/bin/true'] },
    { kind: 'webhook', url: 'https://sms.example/send', secret: { env: 'S' } },
  ];

  it.each(configs)('builds the $kind adapter under the given name', (input) => {
    const channel = createChannel('desk', channelConfigSchema.parse(input), () => 'resolved-secret');
    expect({ name: channel.name, kind: channel.kind }).toEqual({ name: 'desk', kind: input.kind });
  });

  it('resolves secrets at creation, so a missing one stops start-up with its path in the config', () => {
    const config = channelConfigSchema.parse({
      kind: 'dingtalk',
      accessToken: { env: 'T' },
      secret: { env: 'S' },
    });
    const env = { T: 'token-present' };
    expect(() =>
      createChannel('leaders', config, (ref, path) => resolveSecret(ref, path, env), 'people[4].channels[0]'),
    ).toThrow('people[4].channels[0].secret: environment variable S is not set');
  });

  it('names the config path of a CA file it cannot read', () => {
    const config = channelConfigSchema.parse({
      kind: 'wecom',
      key: { env: 'K' },
      caFile: join(dir, 'no-ca.pem'),
    });
    expect(() => createChannel('g', config, () => 'k')).toThrow(
      `channels.g.caFile: cannot read ${join(dir, 'no-ca.pem')} (ENOENT)`,
    );
  });
});

describe('webhook channel (generic, HMAC-signed)', () => {
  it('signs the raw body with HMAC-SHA256 and carries the idempotency key and a timestamp', async () => {
    const secret = 'wh-secret-91c2';
    const receiver = await startReceiver();
    try {
      const config = channelConfigSchema.parse({
        kind: 'webhook',
        url: `${receiver.url}/sms`,
        secret: { env: 'S' },
      });
      const message = outboundMessage();
      expect(await createChannel('sms', config, () => secret).send(message, never())).toMatchObject({
        ok: true,
      });

      const [request] = receiver.received;
      const expected = createHmac('sha256', secret)
        .update(request?.body ?? '')
        .digest();
      const given = Buffer.from(
        String(request?.headers['x-dutywatch-signature']).replace(/^sha256=/, ''),
        'hex',
      );
      expect(given.length === expected.length && timingSafeEqual(given, expected)).toBe(true);
      expect(request?.headers['idempotency-key']).toBe(message.idempotencyKey);
      expect(request?.headers['x-dutywatch-timestamp']).toMatch(/^\d{10}$/);
      // The body is the message with the timestamp inside it, so the timestamp is signed too.
      const sent = JSON.parse(request?.body ?? '') as Record<string, unknown>;
      expect(sent).toEqual({ ...message, timestamp: Number(request?.headers['x-dutywatch-timestamp']) });
    } finally {
      await receiver.close();
    }
  });

  it('refuses, without throwing, an idempotency key that cannot travel in a header', async () => {
    const config = channelConfigSchema.parse({
      kind: 'webhook',
      url: 'http://127.0.0.1:9/sms',
      secret: { env: 'S' },
    });
    const outcome = await createChannel('sms', config, () => 'secret-value').send(
      outboundMessage({ idempotencyKey: 'bad\r\nX-Injected: 1' }),
      never(),
    );
    expect(outcome).toMatchObject({ ok: false, permanent: true });
  });
});
