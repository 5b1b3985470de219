import { createHmac } from 'node:crypto';
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
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
export function createWebhookChannel(
  name: string,
  config: Pick<WebhookChannelConfig, 'url'>,
  secret: string,
  /** A private CA the gateway's certificate is signed by (`caFile`). */
  ca?: Buffer,
): Channel {
  const url = new URL(config.url);
  const isHttps = url.protocol === 'https:';
  // Kept-alive connections: a call-out sends hundreds of messages to the same gateway within seconds.
  const agent = isHttps
    ? new HttpsAgent({ keepAlive: true, ...(ca ? { ca } : {}) })
    : new HttpAgent({ keepAlive: true });
  const send = isHttps ? httpsRequest : httpRequest;
  return {
    name,
    kind: 'webhook',
    send(message: OutboundMessage, signal: AbortSignal): Promise<DeliveryOutcome> {
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
      return new Promise<DeliveryOutcome>((resolve) => {
        let isDone = false;
        const finish = (outcome: DeliveryOutcome) => {
          if (isDone) return;
          isDone = true;
          resolve(outcome);
        };
        const req = send(
          url,
          {
            method: 'POST',
            agent,
            signal,
            headers: {
              'Content-Type': 'application/json; charset=utf-8',
              'Content-Length': Buffer.byteLength(body),
              [SIGNATURE_HEADER]: webhookSignature(secret, body),
              [TIMESTAMP_HEADER]: String(timestamp),
              [IDEMPOTENCY_HEADER]: message.idempotencyKey,
            },
          },
          (res) => {
            void readBounded(res).then((detail) => finish(outcomeOf(res.statusCode ?? 0, detail)));
          },
        );
        req.on('error', (error) =>
          finish({ ok: false, permanent: false, reason: failureReason(error, signal) }),
        );
        req.end(body);
      });
    },
    async close() {
      agent.destroy();
    },
  };
}

/** 2xx delivered; a redirect or a 4xx (but 408, 429) will not get better by trying again; the rest may. */
function outcomeOf(status: number, detail: string): DeliveryOutcome {
  if (status >= 200 && status < 300) return { ok: true, detail: `HTTP ${status}` };
  if (status >= 300 && status < 400)
    return { ok: false, permanent: true, reason: `HTTP ${status}: redirects are not followed` };
  const permanent = status >= 400 && status < 500 && status !== 408 && status !== 429;
  return { ok: false, permanent, reason: `HTTP ${status}${detail ? `: ${detail}` : ''}` };
}

/** Reads at most MAX_RESPONSE_BYTES of the body and drops the rest; returns a short printable excerpt. */
function readBounded(res: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => {
      const text = Buffer.concat(chunks).subarray(0, 200).toString('utf8');
      resolve(
        text
          .replace(/[\p{Cc}]/gu, ' ')
          .trim()
          .slice(0, 120),
      );
    };
    res.on('data', (chunk: Buffer) => {
      if (size < MAX_RESPONSE_BYTES) chunks.push(chunk);
      size += chunk.length;
      // Past the bound the rest is not read: the socket is dropped rather than drained.
      if (size >= MAX_RESPONSE_BYTES) {
        res.destroy();
        done();
      }
    });
    res.on('end', done);
    res.on('error', done);
    res.on('close', done);
  });
}

function failureReason(error: unknown, signal: AbortSignal): string {
  if (signal.aborted) return 'timed out';
  const code = (error as NodeJS.ErrnoException).code;
  return code ?? (error instanceof Error ? error.message : String(error));
}
