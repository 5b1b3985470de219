import { once } from 'node:events';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

/** One request as the receiver saw it. */
export interface ReceivedRequest {
  readonly method: string;
  readonly pathname: string;
  readonly query: URLSearchParams;
  /** The raw request target, to check how a parameter was encoded. */
  readonly rawUrl: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

/** How to answer: a status and a JSON (or text) body, or never (to test timeouts). */
export type Answer =
  | { status?: number; json?: unknown; text?: string; headers?: Record<string, string> }
  | 'hang';

export interface Receiver {
  /** `http://127.0.0.1:PORT` (or https). */
  readonly url: string;
  readonly received: ReceivedRequest[];
  /** Replaces how requests are answered from now on. */
  answer(handler: (request: ReceivedRequest) => Answer): void;
  /** Resolves with the next request as soon as its body has arrived. */
  nextRequest(): Promise<ReceivedRequest>;
  close(): Promise<void>;
}

/**
 * A real HTTP(S) server on a loopback port that records every request and answers as the test says: the
 * "robot" the channel adapters talk to. With `tls`, it serves HTTPS with that certificate.
 */
export async function startReceiver(
  options: { tls?: { cert: Buffer; key: Buffer } } = {},
): Promise<Receiver> {
  const received: ReceivedRequest[] = [];
  const waiting: ((request: ReceivedRequest) => void)[] = [];
  let handler: (request: ReceivedRequest) => Answer = () => ({ json: { errcode: 0, errmsg: 'ok' } });
  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://receiver');
      const request: ReceivedRequest = {
        method: req.method ?? '',
        pathname: url.pathname,
        query: url.searchParams,
        rawUrl: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      received.push(request);
      for (const resolve of waiting.splice(0)) resolve(request);
      const answer = handler(request);
      if (answer === 'hang') return;
      const body = answer.text ?? JSON.stringify(answer.json ?? {});
      res.writeHead(answer.status ?? 200, { 'content-type': 'application/json', ...answer.headers });
      res.end(body);
    });
  };
  const server = options.tls ? createHttpsServer(options.tls, onRequest) : createHttpServer(onRequest);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    received,
    answer(next) {
      handler = next;
    },
    nextRequest: () => new Promise((resolve) => waiting.push(resolve)),
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
