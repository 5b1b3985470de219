import { request as httpRequest } from 'node:http';
import { expect } from 'vitest';
import { TOKENS } from '../helpers/test-config.js';
import type { WebhookReceiver } from '../helpers/webhook-receiver.js';
import { type CalloutHarness, eventually } from './callout-harness.js';

/** Posts a raw form body to a personal answer link, as the answer page's form would; resolves with the status. */
export function postToLink(link: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      link,
      { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Answers through a personal link with these form fields; resolves with the status. */
export function answer(link: string, fields: Record<string, string>): Promise<number> {
  return postToLink(link, new URLSearchParams(fields).toString());
}

/**
 * The officer calls out for gauge G1 and waits until all five people with a channel have their message, in the
 * receiver and in the collector's state; resolves with a lookup of each person's personal link by name.
 */
export async function calloutG1Delivered(
  harness: CalloutHarness,
  receiver: WebhookReceiver,
): Promise<(name: string) => string> {
  expect(
    await harness.act(TOKENS.officer, { type: 'callout.start', station: 'G1', message: '汝河大桥超保证' }),
  ).toMatchObject({ type: 'ack' });
  await receiver.until(() => receiver.received.length === 5);
  await eventually(
    () => harness.parts().calloutRecipients.filter((x) => x.state === 'delivered').length === 5,
    'delivered',
  );
  return (name) => receiver.received.find((x) => x.body.recipient.name === name)?.body.link as string;
}
