import WebSocket from 'ws';
import {
  type Ack,
  decodeServerMessage,
  type ErrorReply,
  encodeClientMessage,
  type IngestMessage,
  SUBPROTOCOL,
} from '../protocol/index.js';
import { endpointUrl } from './endpoint-url.js';
import { readRefusalReason } from './refusal-reason.js';
import { UpgradeRefusedError } from './upgrade-refused.js';

export type IngestReply = Ack | ErrorReply;

/** Opens an `/ingest` connection; rejects with an {@link UpgradeRefusedError} when the collector refuses the upgrade. */
export function connectIngest(
  base: string,
  token: string,
  options: { ca?: Buffer } = {},
): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(endpointUrl(base, '/ingest'), SUBPROTOCOL, {
      headers: { Authorization: `Bearer ${token}` },
      ...(options.ca ? { ca: options.ca } : {}),
    });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => {
      readRefusalReason(res, (text) => {
        reject(new UpgradeRefusedError(res.statusCode ?? 0, text || (res.statusMessage ?? '')));
        ws.terminate();
      });
    });
    ws.once('error', reject);
  });
}

/** The ack or error in a frame from `/ingest`, decoded by the protocol's codec; undefined for anything else. */
export function decodeIngestReply(data: WebSocket.RawData): IngestReply | undefined {
  const decoded = decodeServerMessage(data);
  if (!decoded.ok) return undefined;
  const reply = decoded.value;
  return reply.type === 'ack' || reply.type === 'error' ? reply : undefined;
}

/** Calls `onReply` for every ack or error that arrives on an ingest socket. Malformed replies are ignored. */
export function onReplies(ws: WebSocket, onReply: (reply: IngestReply) => void): void {
  ws.on('message', (data) => {
    const reply = decodeIngestReply(data);
    if (reply) onReply(reply);
  });
}

/** Sends one message and resolves with its reply. */
export function sendAndWait(
  ws: WebSocket,
  msg: IngestMessage | string,
  id: string | null,
): Promise<IngestReply> {
  return new Promise((resolve, reject) => {
    const onMessage = (data: WebSocket.RawData) => {
      const reply = decodeIngestReply(data);
      if (reply && (reply.id === id || reply.id === null)) {
        ws.off('message', onMessage);
        ws.off('close', onClose);
        resolve(reply);
      }
    };
    const onClose = (code: number, reason: Buffer) => {
      ws.off('message', onMessage);
      reject(new Error(`connection closed before a reply (${code} ${reason.toString()})`.trim()));
    };
    ws.on('message', onMessage);
    ws.once('close', onClose);
    ws.send(typeof msg === 'string' ? msg : encodeClientMessage(msg));
  });
}
