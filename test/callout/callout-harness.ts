import type WebSocket from 'ws';
import type { Clock } from '../../server/clock.js';
import type { Config } from '../../src/protocol/index.js';
import { type RunningCollector, startCollector } from '../helpers/start-collector.js';
import { TOKENS } from '../helpers/test-config.js';
import { connect, type Reply, request } from '../helpers/ws-client.js';

/** A real collector with the call-out test county, a source and consoles on real sockets. */
export async function calloutHarness(config: Config, clock?: Clock, sourceToken: string = TOKENS.source) {
  const running: RunningCollector = await startCollector({ config, ...(clock ? { clock } : {}) });
  const source = await connect(running.url, '/ingest', sourceToken);
  const sockets = new Map<string, WebSocket>();
  let nextId = 0;
  const { collector } = running;
  const now = () => (clock ?? { now: Date.now }).now();
  return {
    running,
    collector,
    /** A reading of a station observed now. */
    async level(level: number, station = 'G1'): Promise<void> {
      nextId += 1;
      const reply = await request(source, {
        type: 'reading',
        id: `lvl-${nextId}`,
        station,
        observedAt: new Date(now()).toISOString(),
        level,
      });
      if (reply.type !== 'ack') throw new Error(`reading refused: ${reply.message}`);
      collector.engine.evaluate();
    },
    /** Sends any ingest message and lets the engine evaluate it. */
    async ingest(msg: Record<string, unknown>): Promise<Reply> {
      nextId += 1;
      const reply = await request(source, { id: `msg-${nextId}`, ...msg });
      collector.engine.evaluate();
      return reply;
    },
    async act(token: string, action: Record<string, unknown>): Promise<Reply> {
      let ws = sockets.get(token);
      if (!ws) {
        ws = await connect(running.url, '/watch', token);
        sockets.set(token, ws);
      }
      nextId += 1;
      const id = `act-${nextId}`;
      const socket = ws;
      return new Promise((resolve) => {
        const onMessage = (data: WebSocket.RawData) => {
          const msg = JSON.parse(String(data)) as Reply;
          if ((msg.type === 'ack' || msg.type === 'error') && msg.id === id) {
            socket.off('message', onMessage);
            resolve(msg);
          }
        };
        socket.on('message', onMessage);
        socket.send(JSON.stringify({ id, ...action }));
      });
    },
    /** The call-outs, recipients and deliveries as a new watcher's snapshot would carry them. */
    parts: () => collector.notify.snapshotParts(now()),
    audit: () => collector.engine.repos.audit.latest(1000),
    async stop(): Promise<void> {
      source.close();
      for (const ws of sockets.values()) ws.close();
      await running.stop();
    },
  };
}
export type CalloutHarness = Awaited<ReturnType<typeof calloutHarness>>;

/** Polls `test` (a condition on the collector's state, not on time) until it holds. */
export async function eventually(test: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`never happened: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
