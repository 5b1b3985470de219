import { type Agent, request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { DeliveryOutcome } from '../channel.js';
import { abandonedReason, cleanReason } from './reason.js';

/** A robot's answer is a few hundred bytes; anything past this is not worth holding in memory. */
export const MAX_RESPONSE_BYTES = 64 * 1024;

export interface PostOptions {
  /** The request body, already serialised (so a signature can be computed over exactly these bytes). */
  readonly body: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Aborting gives up the attempt: the request is destroyed and the outcome is a transient failure. */
  readonly signal: AbortSignal;
  /** Extra trusted certificate authorities (PEM), for a private deployment's own CA. */
  readonly ca?: string | Buffer;
  /** A kept-alive agent, for a channel that sends hundreds of messages to one gateway within seconds. */
  readonly agent?: Agent;
  readonly maxResponseBytes?: number;
  /** Secrets that might appear in a peer's error text; masked in every reason. */
  readonly secrets?: readonly string[];
}

export interface HttpAnswer {
  readonly status: number;
  readonly body: string;
  /** The peer sent more than `maxResponseBytes`; `body` holds only the start. */
  readonly isTruncated: boolean;
}

/** A failed attempt: what a channel answers when it could not deliver. */
export type DeliveryFailure = Extract<DeliveryOutcome, { ok: false }>;

export type PostResult = { readonly ok: true; readonly answer: HttpAnswer } | DeliveryFailure;

/**
 * Where a request went, for reasons and logs: scheme and host only. The path and query are left out because
 * robots carry their credential there (WeCom `?key=`, DingTalk `?access_token=`, a Feishu hook id).
 */
export function describeEndpoint(url: URL): string {
  return `${url.protocol}//${url.host}`;
}

/**
 * POSTs a JSON body once. Never follows a redirect (a robot that answers 3xx is misconfigured, and following
 * one would hand the body to wherever the answer points), reads at most `maxResponseBytes`, and never throws:
 * every network, TLS or abort failure is a transient outcome with a readable reason.
 */
export function postJson(url: URL, options: PostOptions): Promise<PostResult> {
  const where = describeEndpoint(url);
  const secrets = options.secrets ?? [];
  const limit = options.maxResponseBytes ?? MAX_RESPONSE_BYTES;
  const { signal } = options;
  if (signal.aborted) return Promise.resolve(transient(`${where}: ${abandonedReason(signal)}`, secrets));

  return new Promise((resolve) => {
    let isSettled = false;
    const settle = (result: PostResult) => {
      if (isSettled) return;
      isSettled = true;
      resolve(result);
    };
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    let req: ReturnType<typeof send>;
    try {
      req = send(
        url,
        {
          method: 'POST',
          signal,
          ...(options.ca ? { ca: options.ca } : {}),
          ...(options.agent ? { agent: options.agent } : {}),
          headers: {
            'content-type': 'application/json; charset=utf-8',
            'content-length': Buffer.byteLength(options.body),
            accept: 'application/json',
            'user-agent': 'dutywatch',
            ...options.headers,
          },
        },
        (res) => {
          readBounded(res, limit, (body, isTruncated) => {
            settle({ ok: true, answer: { status: res.statusCode ?? 0, body, isTruncated } });
          });
          res.on('error', (error) => settle(failureOf(error, where, signal, secrets)));
        },
      );
    } catch (error) {
      // Node refuses a header with a line break synchronously: a malformed request, never sent.
      settle({
        ok: false,
        permanent: true,
        reason: cleanReason(`not sent to ${where}: ${(error as Error).message}`, secrets),
      });
      return;
    }
    req.on('error', (error) => settle(failureOf(error, where, signal, secrets)));
    req.end(options.body);
  });
}

/** The outcome an HTTP status means before the body is looked at, or undefined for 2xx. */
export function statusFailure(status: number, where: string): DeliveryFailure | undefined {
  if (status >= 200 && status < 300) return undefined;
  if (status >= 300 && status < 400) {
    return {
      ok: false,
      permanent: true,
      reason: `${where} answered HTTP ${status} (a redirect, not followed)`,
    };
  }
  // 408, 425 and 429 say "later"; every 5xx is the peer's own trouble. Other 4xx will not change on a retry.
  const isTransient = status >= 500 || status === 408 || status === 425 || status === 429;
  return { ok: false, permanent: !isTransient, reason: `${where} answered HTTP ${status}` };
}

function readBounded(
  res: IncomingMessage,
  limit: number,
  done: (body: string, isTruncated: boolean) => void,
) {
  const chunks: Buffer[] = [];
  let size = 0;
  let isOver = false;
  res.on('data', (chunk: Buffer) => {
    if (isOver) return;
    const room = limit - size;
    if (chunk.length > room) {
      isOver = true;
      chunks.push(chunk.subarray(0, room));
      // Stop reading: the rest of an oversized answer is not worth the memory or the wait.
      res.destroy();
      done(Buffer.concat(chunks).toString('utf8'), true);
      return;
    }
    chunks.push(chunk);
    size += chunk.length;
  });
  res.on('end', () => done(Buffer.concat(chunks).toString('utf8'), false));
}

const TLS_CODES = /^(ERR_TLS_|ERR_SSL_|EPROTO$|CERT_|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_|HOSTNAME_MISMATCH)/;

function failureOf(error: Error, where: string, signal: AbortSignal, secrets: readonly string[]): PostResult {
  if (signal.aborted) return transient(`${where}: ${abandonedReason(signal)}`, secrets);
  const code = (error as NodeJS.ErrnoException).code ?? '';
  if (TLS_CODES.test(code) || /\b(SSL|TLS)\b|certificate/i.test(error.message)) {
    return transient(`TLS with ${where} failed: ${describeTlsError(code, error.message)}`, secrets);
  }
  const text = code && !error.message.includes(code) ? `${code}: ${error.message}` : error.message;
  return transient(`${where}: ${text || code || 'request failed'}`, secrets);
}

// OpenSSL's own text ("…:SSL routines:ssl3_get_record:wrong version number:…c:350:") buries the one useful part.
function describeTlsError(code: string, message: string): string {
  const openssl = /SSL routines:[^:]*:([^:]+)/.exec(message)?.[1];
  if (openssl === 'wrong version number')
    return `${code}: the server does not speak TLS on this port (plain HTTP?)`;
  if (openssl) return `${code}: ${openssl}`;
  return code && !message.includes(code) ? `${code}: ${message}` : message;
}

function transient(reason: string, secrets: readonly string[]): PostResult {
  return { ok: false, permanent: false, reason: cleanReason(reason, secrets) };
}
