import { createHmac, timingSafeEqual } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Channel } from '../../../server/notify/channel.js';
import { createChannel } from '../../../server/notify/channels/index.js';
import { channelConfigSchema } from '../../../src/protocol/index.js';
import { type ReceivedRequest, type Receiver, startReceiver } from '../../helpers/http-receiver.js';
import { never, outboundMessage, sendAndCapture } from '../../helpers/outbound-message.js';

const HOOK_ID = '2f7d3c9a-0b1e-4f5a-8c6d-feishu-hook-01';
const SECRET = 'fs-sign-secret-Qx81mZ0pL3';

type FeishuBody = { timestamp: string; sign: string; msg_type: string; content: { text: string } };

/** Feishu's check, computed here from the secret alone: HMAC keyed with `timestamp\nsecret` over nothing. */
function verifyFeishu(request: ReceivedRequest, secret: string): string | undefined {
  if (request.pathname !== `/open-apis/bot/v2/hook/${HOOK_ID}`)
    return 'incoming webhook access token invalid';
  const body = JSON.parse(request.body) as FeishuBody;
  const timestamp = Number(body.timestamp);
  if (!Number.isInteger(timestamp) || Math.abs(Date.now() / 1000 - timestamp) > 3600)
    return 'timestamp expired';
  const expected = createHmac('sha256', `${body.timestamp}\n${secret}`).update('').digest();
  const given = Buffer.from(body.sign, 'base64');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return 'sign match fail or timestamp is not within one hour from current time';
  }
  return undefined;
}

describe('Feishu bot with signature', () => {
  let receiver: Receiver;
  let channel: Channel;
  const build = (secret: string) =>
    createChannel(
      'village-group',
      channelConfigSchema.parse({
        kind: 'feishu',
        url: `${receiver.url}/open-apis/bot/v2/hook/`,
        hookId: { env: 'FEISHU_HOOK' },
        secret: { env: 'FEISHU_SECRET' },
      }),
      (ref) => ('env' in ref && ref.env === 'FEISHU_HOOK' ? HOOK_ID : secret),
    );
  beforeEach(async () => {
    receiver = await startReceiver();
    receiver.answer((request) => {
      const refusal = verifyFeishu(request, SECRET);
      return {
        json: refusal ? { code: 19021, data: {}, msg: refusal } : { code: 0, data: {}, msg: 'success' },
      };
    });
    channel = build(SECRET);
  });
  afterEach(() => receiver.close());

  it('signs with a seconds timestamp in the body so the receiver verifies it, and posts the text with the link', async () => {
    const message = outboundMessage();
    const { outcome, request, body } = await sendAndCapture<FeishuBody>(channel, receiver, message);

    expect(outcome).toMatchObject({ ok: true });
    expect(request && verifyFeishu(request, SECRET)).toBeUndefined();
    expect(body.timestamp).toMatch(/^\d{10}$/);
    expect(body.msg_type).toBe('text');
    expect(body.content.text).toBe(`${message.text}\n${message.link}`);
  });

  it('reports a refused signature (code 19021 with HTTP 200) as permanent, the hook id kept out of the reason', async () => {
    channel = build('not-the-secret');
    const outcome = await channel.send(outboundMessage(), never());
    expect(outcome).toEqual({
      ok: false,
      permanent: true,
      reason:
        'Feishu refused the message: code 19021 sign match fail or timestamp is not within one hour from current time',
    });
  });

  it('reports a frequency limit (11232) as transient', async () => {
    receiver.answer(() => ({
      json: { code: 11232, msg: 'frequency limited psm[lark.oapi.app_platform_runtime]' },
    }));
    expect(await channel.send(outboundMessage(), never())).toMatchObject({ ok: false, permanent: false });
  });

  it('accepts the older StatusCode answer of some bot endpoints', async () => {
    receiver.answer(() => ({ json: { Extra: null, StatusCode: 0, StatusMessage: 'success' } }));
    expect(await channel.send(outboundMessage(), never())).toMatchObject({ ok: true });
  });
});
