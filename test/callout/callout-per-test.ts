import { afterEach } from 'vitest';
import type { Clock } from '../../server/clock.js';
import type { Config } from '../../src/protocol/index.js';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.js';
import { calloutConfig, SECRET } from './callout-config.js';
import { type CalloutHarness, calloutHarness } from './callout-harness.js';

/**
 * The webhook receiver and call-out harness of each test, stopped after it whether it passed or not, so that no
 * collector or port is left over for the next. Call once at the top of a test file.
 */
export function calloutPerTest() {
  let harness: CalloutHarness | undefined;
  let receiver: WebhookReceiver | undefined;
  afterEach(async () => {
    await harness?.stop();
    await receiver?.close();
    harness = undefined;
    receiver = undefined;
  });
  const startReceiver = async (): Promise<WebhookReceiver> => {
    receiver = await startWebhookReceiver(SECRET);
    return receiver;
  };
  const startHarness = async (config: Config, clock?: Clock): Promise<CalloutHarness> => {
    harness = await calloutHarness(config, clock);
    return harness;
  };
  return {
    /** A receiver checking the test channel's signature; set its behaviour before the harness sends. */
    receiver: startReceiver,
    /** A harness on any configuration (a receiver, if the test wants one, is started first). */
    harness: startHarness,
    /** A receiver, and a harness on the call-out test county whose channel posts to it. */
    async start(clock?: Clock): Promise<{ h: CalloutHarness; receiver: WebhookReceiver }> {
      const r = await startReceiver();
      return { h: await startHarness(calloutConfig(r.url), clock), receiver: r };
    },
  };
}
