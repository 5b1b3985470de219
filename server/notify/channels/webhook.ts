import { createHmac } from 'node:crypto';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { WebhookChannelConfig } from '../../../src/protocol/index.js';
import type { Channel, DeliveryOutcome, OutboundMessage } from '../channel.js';
import { describeEndpoint, postJson, statusFailure } from './http-post.js';
import { cleanReason } from './reason.js';

export const SIGNATURE_HEADER = 'X-Dutywatch-Signature';
export const TIMESTAMP_HEADER = 'X-Dutywatch-Timestamp';
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';

/** The signature a receiver checks: `sha256=` and the hex HMAC-SHA256 of the raw body. */
export function webhookSignature(secret: string, rawBody: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
}

/**
 * The generic signed webhook, for whatever SMS or voice gateway a county has: our own JSON body (the timestamp
 * inside it too, so it is signed and a receiver can refuse a replay), the signature, a timestamp header and the
 * idempotency key. 2xx is delivered; the rest is judged as every HTTP channel judges it (http-post.ts): 5xx,
 * 408, 429, a refused connection, TLS refused or the timeout are worth another try, other 4xx and redirects
 * (never followed: a gateway that moved is a config change) are not.
 */
export function createWebhookChannel(
  name: string,
  config: Pick<WebhookChannelConfig, 'url'>,
  secret: string,
  /** A private CA the gateway's certificate is signed by (`caFile`). */
  ca?: Buffer,
): Channel {
  const url = new URL(config.url);
  const where = describeEndpoint(url);
  const secrets = [secret];
  // Kept-alive connections: a call-out sends hundreds of messages to the same gateway within seconds.
  const agent =
    url.protocol === 'https:'
      ? new HttpsAgent({ keepAlive: true, ...(ca ? { ca } : {}) })
      : new HttpAgent({ keepAlive: true });
  return {
    name,
    kind: 'webhook',
    async send(message: OutboundMessage, signal: AbortSignal): Promise<DeliveryOutcome> {
      const timestamp = Math.floor(Date.now() / 1000);
      const body = JSON.stringify({
        idempotencyKey: message.idempotencyKey,
        timestamp,
        title: message.title,
        text: message.text,
        ...(message.link ? { link: message.link } : {}),
        recipient: message.recipient,
        drill: message.drill,
      });
      const result = await postJson(url, {
        body,
        signal,
        secrets,
        agent,
        ...(ca ? { ca } : {}),
        headers: {
          [SIGNATURE_HEADER]: webhookSignature(secret, body),
          [TIMESTAMP_HEADER]: String(timestamp),
          [IDEMPOTENCY_HEADER]: message.idempotencyKey,
        },
      });
      if (!result.ok) return result;
      const failure = statusFailure(result.answer.status, where);
      if (failure)
        return { ...failure, reason: cleanReason(`${failure.reason}: ${result.answer.body}`, secrets) };
      return { ok: true, detail: `${where} answered HTTP ${result.answer.status}` };
    },
    async close() {
      agent.destroy();
    },
  };
}
