import { createHmac, timingSafeEqual } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Channel } from '../../../server/notify/channel.js';
import { createChannel } from '../../../server/notify/channels/index.js';
import { channelConfigSchema } from '../../../src/protocol/index.js';
import { type ReceivedRequest, type Receiver, startReceiver } from '../../helpers/http-receiver.js';
import { never, outboundMessage, sendAndCapture } from '../../helpers/outbound-message.js';

const ACCESS_TOKEN = 'd1ng-access-token-5f0c2a9e7b';
const SECRET = 'SECb7e1c9f04d2a66e0c1f3a8b9d7e5f4a3c2b1d0e9f8a7b6c5d4e3f2a1b0c9d8e7';

type DingtalkBody = { msgtype: string; text: { content: string }; at: { atMobiles: string[] } };

/** What DingTalk checks, computed here from the secret alone (not with the adapter's code). */
function verifyDingtalk(request: ReceivedRequest, secret: string): string | undefined {
  if (request.query.get('access_token') !== ACCESS_TOKEN) return 'token is not exist';
  const timestamp = Number(request.query.get('timestamp'));
  if (!Number.isInteger(timestamp) || Math.abs(Date.now() - timestamp) > 3_600_000)
    return 'invalid timestamp';
  const expected = createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest();
  const given = Buffer.from(request.query.get('sign') ?? '', 'base64');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'sign not match';
  return undefined;
}

describe('DingTalk robot with 加签', () => {
  let receiver: Receiver;
  let channel: Channel;
  const build = (secret: string) =>
    createChannel(
      'county-leaders',
      channelConfigSchema.parse({
        kind: 'dingtalk',
        url: `${receiver.url}/robot/send`,
        accessToken: { env: 'DINGTALK_TOKEN' },
        secret: { file: '/run/secrets/dingtalk' },
      }),
      (ref) => ('env' in ref ? ACCESS_TOKEN : secret),
    );
  beforeEach(async () => {
    receiver = await startReceiver();
    receiver.answer((request) => {
      const refusal = verifyDingtalk(request, SECRET);
      return { json: refusal ? { errcode: 310000, errmsg: refusal } : { errcode: 0, errmsg: 'ok' } };
    });
    channel = build(SECRET);
  });
  afterEach(() => receiver.close());

  it('signs the timestamp so the receiver verifies it, and @-mentions the recipient in the text and in `at`', async () => {
    const message = outboundMessage();
    const { outcome, request, body } = await sendAndCapture<DingtalkBody>(channel, receiver, message);

    expect(outcome).toMatchObject({ ok: true });
    expect(request && verifyDingtalk(request, SECRET)).toBeUndefined();
    // URL-encoded Base64: a raw '+' would reach DingTalk as a space.
    const rawSign = /[?&]sign=([^&]*)/.exec(request?.rawUrl ?? '')?.[1] ?? '';
    expect(rawSign).not.toMatch(/[+/=]/);
    expect(body.msgtype).toBe('text');
    expect(body.text.content).toBe(`${message.text}\n${message.link}\n@13800000001`);
    expect(body.at.atMobiles).toEqual(['13800000001']);
  });

  it('reports a refused signature (errcode 310000 with HTTP 200) as permanent, without a secret in the reason', async () => {
    channel = build('SECwrong-secret-for-this-robot');
    const outcome = await channel.send(outboundMessage(), never());
    expect(outcome).toEqual({
      ok: false,
      permanent: true,
      reason: 'DingTalk refused the message: code 310000 sign not match',
    });
  });

  it('reports "send too fast" (130101) as transient', async () => {
    receiver.answer(() => ({
      json: { errcode: 130101, errmsg: 'send too fast, exceed 20 times per minute' },
    }));
    const outcome = await channel.send(outboundMessage(), never());
    expect(outcome).toMatchObject({ ok: false, permanent: false });
  });

  it('masks the access token when DingTalk echoes it back', async () => {
    receiver.answer((r) => ({
      json: { errcode: 300001, errmsg: `token ${r.query.get('access_token')} is invalid` },
    }));
    const outcome = await channel.send(outboundMessage(), never());
    expect(outcome).toEqual({
      ok: false,
      permanent: true,
      reason: 'DingTalk refused the message: code 300001 token ‹secret› is invalid',
    });
  });
});
