import WebSocket from 'ws';
import { type Ack, type ErrorReply, type IngestMessage, parseJson, SUBPROTOCOL } from '../protocol/index.js';
import { endpointUrl } from './endpoint-url.js';

export type IngestReply = Ack | ErrorReply;

/** Opens an `/ingest` connection; rejects with the HTTP status text when the collector refuses the upgrade. */
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
      reject(
        new Error(
          `the collector refused the connection: HTTP ${res.statusCode} ${res.statusMessage ?? ''}`.trim(),
        ),
      );
      ws.terminate();
    });
    ws.once('error', reject);
  });
}

/** Calls `onReply` for every ack or error that arrives on an ingest socket. Malformed replies are ignored. */
export function onReplies(ws: WebSocket, onReply: (reply: IngestReply) => void): void {
  ws.on('message', (data) => {
    const json = parseJson(String(data));
    if (!json.ok || typeof json.value !== 'object' || json.value === null) return;
    const reply = json.value as IngestReply;
    if (reply.type === 'ack' || reply.type === 'error') onReply(reply);
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
      const json = parseJson(String(data));
      if (!json.ok) return;
      const reply = json.value as IngestReply;
      if ((reply.type === 'ack' || reply.type === 'error') && (reply.id === id || reply.id === null)) {
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
    ws.send(typeof msg === 'string' ? msg : JSON.stringify(msg));
  });
}
