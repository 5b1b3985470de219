import { createHmac } from 'node:crypto';
import type { WebhookChannelConfig } from '../../../src/protocol/index.js';
import type { Channel, DeliveryOutcome, OutboundMessage } from '../channel.js';

/** At most this much of a response is read: a receiver that streams forever cannot hold the sender. */
export const MAX_RESPONSE_BYTES = 64 * 1024;

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
 * idempotency key. 2xx is delivered; 4xx other than 408/429 will not get better by trying again; anything
 * else (5xx, a refused connection, TLS refused, the sender's timeout) is worth another try. Redirects are not
 * followed: a gateway that moved is a config change, not something a response may decide.
 */
export function createWebhookChannel(name: string, config: WebhookChannelConfig, secret: string): Channel {
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
      let response: Response;
      try {
        response = await fetch(config.url, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json; charset=utf-8',
            [SIGNATURE_HEADER]: webhookSignature(secret, body),
            [TIMESTAMP_HEADER]: String(timestamp),
            [IDEMPOTENCY_HEADER]: message.idempotencyKey,
          },
          body,
          redirect: 'manual',
          signal,
        });
      } catch (error) {
        return { ok: false, permanent: false, reason: failureReason(error, signal) };
      }
      const detail = await readBounded(response, signal);
      const status = response.status;
      if (status >= 200 && status < 300) return { ok: true, detail: `HTTP ${status}` };
      if (status >= 300 && status < 400)
        return { ok: false, permanent: true, reason: `HTTP ${status}: redirects are not followed` };
      const permanent = status >= 400 && status < 500 && status !== 408 && status !== 429;
      return { ok: false, permanent, reason: `HTTP ${status}${detail ? `: ${detail}` : ''}` };
    },
  };
}

/** Reads at most MAX_RESPONSE_BYTES of the body and drops the rest; returns a short printable excerpt. */
async function readBounded(response: Response, signal: AbortSignal): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < MAX_RESPONSE_BYTES && !signal.aborted) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } catch {
    // A body cut off or timed out says nothing more about the outcome than the status did.
  } finally {
    reader.cancel().catch(() => {});
  }
  const text = Buffer.concat(chunks).subarray(0, 200).toString('utf8');
  return text
    .replace(/[\p{Cc}]/gu, ' ')
    .trim()
    .slice(0, 120);
}

function failureReason(error: unknown, signal: AbortSignal): string {
  if (signal.aborted) return 'timed out';
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}
