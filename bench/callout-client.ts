import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { SUBPROTOCOL } from '../src/protocol/index.js';
import { wallNow } from './stats.js';

// The call-out benchmark's other side, in its own process: the loopback SMS gateway that receives the
// webhook deliveries (recording when each arrives), and an ingest prober that sends one reading at a time and
// times each ack, so the collector's event loop is measured, not ours.

export type CalloutClientRequest =
  | { type: 'receiver' }
  | { type: 'probe-start'; url: string; token: string; intervalMs: number }
  | { type: 'probe-stop' }
  | { type: 'deliveries' };

export type CalloutClientReply =
  | { type: 'receiver'; port: number }
  | { type: 'ok' }
  | { type: 'probe'; samples: [number, number][] }
  | { type: 'deliveries'; arrivals: number[] };

let arrivals: number[] = [];
let probe: { stop(): Promise<[number, number][]> } | undefined;

function startReceiver(): Promise<number> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      arrivals.push(wallNow());
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}');
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
}

async function startProbe(url: string, token: string, intervalMs: number) {
  const ws = new WebSocket(`${url}/ingest`, SUBPROTOCOL, { headers: { Authorization: `Bearer ${token}` } });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const samples: [number, number][] = [];
  let running = true;
  let n = 0;
  const loop = (async () => {
    while (running) {
      n += 1;
      const id = `probe-${process.pid}-${Date.now()}-${n}`;
      const sentAt = wallNow();
      const acked = new Promise<void>((resolve) => {
        const onMessage = (data: WebSocket.RawData) => {
          if (String(data).includes(id)) {
            ws.off('message', onMessage);
            resolve();
          }
        };
        ws.on('message', onMessage);
      });
      ws.send(
        JSON.stringify({
          type: 'reading',
          id,
          station: 'R1',
          observedAt: new Date().toISOString(),
          level: 95 + (n % 10) / 100,
        }),
      );
      await acked;
      samples.push([sentAt, wallNow() - sentAt]);
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      ws.close();
      return samples;
    },
  };
}

process.on('message', async (req: CalloutClientRequest) => {
  const reply = (r: CalloutClientReply) => process.send?.(r);
  switch (req.type) {
    case 'receiver':
      reply({ type: 'receiver', port: await startReceiver() });
      return;
    case 'probe-start':
      probe = await startProbe(req.url, req.token, req.intervalMs);
      reply({ type: 'ok' });
      return;
    case 'probe-stop':
      reply({ type: 'probe', samples: (await probe?.stop()) ?? [] });
      probe = undefined;
      return;
    case 'deliveries':
      reply({ type: 'deliveries', arrivals });
      arrivals = [];
      return;
  }
});
process.on('disconnect', () => process.exit(0));
