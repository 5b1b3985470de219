import { afterEach, describe, expect, it } from 'vitest';
import { configSchema } from '../../src/protocol/index.js';
import { TOKENS } from '../helpers/test-config.js';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.js';
import { manyPeopleInput, SECRET } from './callout-config.js';
import { type CalloutHarness, calloutHarness } from './callout-harness.js';

let h: CalloutHarness | undefined;
let receiver: WebhookReceiver | undefined;
afterEach(async () => {
  await h?.stop();
  await receiver?.close();
  h = undefined;
  receiver = undefined;
});

// Gateways limit how fast a sender may post, and a call-out sent as fast as a loopback peer answers held ingest
// acks behind it (issue 16): the sender keeps to notify.delivery.maxPerSecond whatever the concurrency allows.
describe('the send rate of a call-out', () => {
  it('keeps to maxPerSecond: 30 messages at 20 a second are spread over more than a second, and every one arrives once', async () => {
    receiver = await startWebhookReceiver(SECRET);
    const input = manyPeopleInput(receiver.url, 30);
    const notify = input.notify as Record<string, unknown>;
    h = await calloutHarness(
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
