// A client that ignores its rate limit, run in a child process so its sending does not share the measuring
// process's event loop: `tsx chaos/flooder.ts URL PATH TOKEN SECONDS FRAMES_PER_SECOND`. On `/ingest` it
// blasts readings, on `/watch` console notes; whenever the collector cuts it off it reconnects at once and
// blasts again. At the end it prints its figures as one JSON line on stdout.
import WebSocket from 'ws';
import { SUBPROTOCOL } from '../src/protocol/index.js';

/** What the flooder saw. */
export type FloodFigures = {
  connections: number;
  sent: number;
  acked: number;
  rateLimited: number;
  otherErrors: number;
  /** Close codes of the connections the collector ended. */
  closes: Record<string, number>;
};

function frame(path: string, n: number): string {
  if (path === '/watch') return `{"type":"note","id":"flood-${n}","text":"flood ${n}"}`;
  const at = new Date().toISOString();
  return `{"type":"reading","id":"flood-${n}","station":"G1","observedAt":"${at}","level":5}`;
}

async function flood(url: string, path: string, token: string, seconds: number, perSecond: number) {
  const figures: FloodFigures = {
    connections: 0,
    sent: 0,
    acked: 0,
    rateLimited: 0,
    otherErrors: 0,
    closes: {},
  };
  const until = Date.now() + seconds * 1000;
  let n = 0;
  while (Date.now() < until) {
    await new Promise<void>((resolve) => {
      const ws = new WebSocket(`${url}${path}`, SUBPROTOCOL, {
        headers: { Authorization: `Bearer ${token}` },
      });
      let timer: NodeJS.Timeout | undefined;
      ws.once('open', () => {
        figures.connections += 1;
        // Bursts every 10 ms at the chosen rate: far over the limit, but without starving this process.
        timer = setInterval(() => {
          if (Date.now() >= until) return ws.close();
          for (let i = 0; i < perSecond / 100 && ws.readyState === ws.OPEN; i++) {
            n += 1;
            ws.send(frame(path, n));
            figures.sent += 1;
          }
        }, 10);
      });
      ws.on('message', (data) => {
        const reply = JSON.parse(String(data)) as { type: string; code?: string };
        if (reply.type === 'ack') figures.acked += 1;
        else if (reply.code === 'RATE_LIMITED') figures.rateLimited += 1;
        else if (reply.type === 'error') figures.otherErrors += 1;
      });
      ws.once('close', (code) => {
        clearInterval(timer);
        if (Date.now() < until) figures.closes[String(code)] = (figures.closes[String(code)] ?? 0) + 1;
        resolve();
      });
      // Refused at the upgrade (it never should be): counted, and tried again at once like everything else.
      ws.once('unexpected-response', (_req, res) => {
        figures.otherErrors += 1;
        res.resume();
        ws.terminate();
      });
      ws.once('error', () => undefined);
    });
  }
  return figures;
}

const [url, path, token, seconds, perSecond] = process.argv.slice(2);
if (!url || !path || !token) {
  process.stderr.write('usage: tsx chaos/flooder.ts URL PATH TOKEN SECONDS FRAMES_PER_SECOND\n');
  process.exitCode = 2;
} else {
  const figures = await flood(url, path, token, Number(seconds ?? 5), Number(perSecond ?? 20_000));
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}
