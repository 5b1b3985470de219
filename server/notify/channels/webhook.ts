import { createHmac } from 'node:crypto';
import type { Channel, DeliveryOutcome, OutboundMessage } from '../channel.js';
import { describeEndpoint, postJson, statusFailure } from './http-post.js';
import { cleanReason } from './reason.js';

export interface WebhookSettings {
  readonly url: string;
  readonly secret: string;
  readonly ca?: Buffer;
}

/**
 * A generic signed webhook (an SMS or voice gateway): our own JSON body, `X-Dutywatch-Signature:
 * sha256=<hex HMAC-SHA256 of the raw body>`, a timestamp header and the idempotency key. Any 2xx is delivered.
 */
export function createWebhookChannel(name: string, settings: WebhookSettings): Channel {
  const url = new URL(settings.url);
  const where = describeEndpoint(url);
  const secrets = [settings.secret];
  return {
    name,
    kind: 'webhook',
    async send(message: OutboundMessage, signal: AbortSignal): Promise<DeliveryOutcome> {
      const body = JSON.stringify(message);
      const signature = createHmac('sha256', settings.secret).update(body, 'utf8').digest('hex');
      const result = await postJson(url, {
        body,
        signal,
        secrets,
        ...(settings.ca ? { ca: settings.ca } : {}),
        headers: {
          'x-dutywatch-signature': `sha256=${signature}`,
          'x-dutywatch-timestamp': String(Math.floor(Date.now() / 1000)),
          'idempotency-key': message.idempotencyKey,
        },
      });
      if (!result.ok) return result;
      const failure = statusFailure(result.answer.status, where);
      if (failure)
        return { ...failure, reason: cleanReason(`${failure.reason}: ${result.answer.body}`, secrets) };
      return { ok: true, detail: `${where} answered HTTP ${result.answer.status}` };
    },
  };
}
