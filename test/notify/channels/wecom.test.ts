import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Channel } from '../../../server/notify/channel.js';
import { createChannel } from '../../../server/notify/channels/index.js';
import { channelConfigSchema } from '../../../src/protocol/index.js';
import { type Receiver, startReceiver } from '../../helpers/http-receiver.js';
import { never, outboundMessage, sendAndCapture } from '../../helpers/outbound-message.js';

const KEY = 'a3f1c0de-7b2e-4c55-9d1a-wecom-key-0001';

type WecomBody = { msgtype: string; text: { content: string; mentioned_mobile_list?: string[] } };

describe('WeCom group robot', () => {
  let receiver: Receiver;
  let channel: Channel;
  beforeEach(async () => {
    receiver = await startReceiver();
    const config = channelConfigSchema.parse({
      kind: 'wecom',
      url: `${receiver.url}/cgi-bin/webhook/send`,
      key: { env: 'WECOM_KEY' },
    });
    channel = createChannel('township-group', config, () => KEY);
  });
  afterEach(() => receiver.close());

  it('posts the text with the answer link and @-mentions the recipient by mobile, the key in the query', async () => {
    const message = outboundMessage();
    const { outcome, request, body } = await sendAndCapture<WecomBody>(channel, receiver, message);

    expect(outcome).toMatchObject({ ok: true });
    expect(request?.pathname).toBe('/cgi-bin/webhook/send');
    expect(request?.query.get('key')).toBe(KEY);
    expect(request?.headers['content-type']).toMatch(/application\/json/);
    expect(body.msgtype).toBe('text');
    expect(body.text.content).toBe(`${message.text}\n${message.link}`);
    expect(body.text.mentioned_mobile_list).toEqual(['13800000001']);
  });

  it('mentions a +86 number as the 11 digits WeCom knows its members by', async () => {
    const { body } = await sendAndCapture<WecomBody>(
      channel,
      receiver,
      outboundMessage({ recipient: { name: '王防汛', mobile: '+86 139-0000-0002' } }),
    );
    expect(body.text.mentioned_mobile_list).toEqual(['13900000002']);
  });

  it('mentions nobody when the recipient has no usable mobile number', async () => {
    const message = outboundMessage({ recipient: { name: '值班室', mobile: 'none' } });
    const { body } = await sendAndCapture<WecomBody>(channel, receiver, message);
    expect(body.text.mentioned_mobile_list).toBeUndefined();
  });

  it('shortens a long message to the 2048-byte limit but keeps the whole answer link', async () => {
    const message = outboundMessage({ text: '水位持续上涨，请立即转移。'.repeat(200) });
    const { content } = (await sendAndCapture<WecomBody>(channel, receiver, message)).body.text;
    expect(Buffer.byteLength(content)).toBeLessThanOrEqual(2048);
    expect(content.endsWith(`…\n${message.link}`)).toBe(true);
  });

  it('treats errcode 45009 (over the rate limit) as a transient failure despite HTTP 200', async () => {
    receiver.answer(() => ({ json: { errcode: 45009, errmsg: 'api freq out of limit' } }));
    const outcome = await channel.send(outboundMessage(), never());
    expect(outcome).toEqual({
      ok: false,
      permanent: false,
      reason: 'WeCom refused the message: code 45009 api freq out of limit',
    });
  });

  it('treats errcode 93000 (a bad key) as permanent, without the key in the reason', async () => {
    receiver.answer((r) => ({
      json: { errcode: 93000, errmsg: `invalid webhook url, key=${r.query.get('key')}, hint: [1733]` },
    }));
    const outcome = await channel.send(outboundMessage(), never());
    expect(outcome).toMatchObject({ ok: false, permanent: true });
    expect(!outcome.ok && outcome.reason).toMatch(
      /^WeCom refused the message: code 93000 invalid webhook url/,
    );
    expect(JSON.stringify(outcome)).not.toContain(KEY);
  });
});
