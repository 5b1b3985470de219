import type { Channel, OutboundMessage } from '../../server/notify/channel.js';
import type { Receiver } from './http-receiver.js';

/** A delivery as the sender hands it to a channel: a 叫应 to a village's flood responsible person. */
export function outboundMessage(overrides: Partial<OutboundMessage> = {}): OutboundMessage {
  return {
    idempotencyKey: 'co-7.r-3.d-12',
    title: '汝河沙口站超保证水位',
    text: '【叫应】汝河沙口站 02:40 水位 85.32 m，超保证水位 0.12 m，仍在上涨。请沙口村立即组织转移并回复。',
    link: 'http://127.0.0.1:8080/r/Zm9vYmFyYmF6cXV4',
    recipient: { name: '张建国', mobile: '138 0000 0001', email: 'zhang@example.test' },
    drill: false,
    ...overrides,
  };
}

/** A signal that never aborts: the send runs to its own end. */
export const never = (): AbortSignal => new AbortController().signal;

/**
 * Sends one message (the stock one by default) through a channel whose endpoint is a test receiver; resolves with
 * the outcome, the first request the receiver got and that request's JSON body.
 */
export async function sendAndCapture<Body>(
  channel: Channel,
  receiver: Receiver,
  message = outboundMessage(),
) {
  const outcome = await channel.send(message, never());
  const request = receiver.received[0];
  return { outcome, request, body: JSON.parse(request?.body ?? '') as Body };
}
