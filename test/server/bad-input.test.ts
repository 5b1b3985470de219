import { describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { collectorsPerTest } from '../helpers/collector-per-test.js';
import { TOKENS } from '../helpers/test-config.js';
import { connect, type Reply, request } from '../helpers/ws-client.js';

const collectors = collectorsPerTest();

// Sends raw bytes as a text frame (ws itself would never produce invalid UTF-8 from a string).
function sendTextBytes(ws: WebSocket, bytes: Buffer): Promise<Reply> {
  return new Promise((resolve, reject) => {
    ws.once('message', (data) => resolve(JSON.parse(String(data)) as Reply));
    ws.once('close', (code) => reject(new Error(`closed ${code}`)));
    ws.send(bytes, { binary: false });
  });
}

const INVALID_UTF8 = Buffer.from([0x7b, 0x22, 0x74, 0xff, 0xfe, 0x22, 0x7d]); // {"t\xff\xfe"}

describe('bad input found by `npm run chaos`', () => {
  it('answers a text frame that is not UTF-8 with PARSE_ERROR on /ingest and keeps the connection', async () => {
    // Before the fix ws closed the connection with 1007 and the source never got a reply.
    const running = await collectors.start();
    const ws = await connect(running.url, '/ingest', TOKENS.source);
    expect(await sendTextBytes(ws, INVALID_UTF8)).toMatchObject({
      type: 'error',
      id: null,
      code: 'PARSE_ERROR',
    });
    const reading = {
      type: 'reading',
      id: 'after-bad-utf8',
      station: 'G1',
      observedAt: new Date(Date.now() - 60_000).toISOString(),
      level: 9,
    };
    expect(await request(ws, reading)).toEqual({ v: 1, type: 'ack', id: 'after-bad-utf8' });
    ws.close();
  });

  it('answers a text frame that is not UTF-8 with PARSE_ERROR on /watch and keeps the connection', async () => {
    const running = await collectors.start();
    const ws = await connect(running.url, '/watch', TOKENS.officer);
    const replies: Reply[] = [];
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data)) as Reply;
      if (msg.type === 'error' || msg.type === 'ack') replies.push(msg);
    });
    ws.send(INVALID_UTF8, { binary: false });
    ws.send(JSON.stringify({ type: 'note', id: 'n1', text: 'still here' }));
    const deadline = Date.now() + 5000;
    while (replies.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(replies.map((r) => r.code ?? r.type)).toEqual(['PARSE_ERROR', 'ack']);
    expect(ws.readyState).toBe(ws.OPEN);
    ws.close();
  });
});
