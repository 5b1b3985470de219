import type WebSocket from 'ws';
import type { AlertFeed, AuditEntry, Config } from '../../src/protocol/index.js';
import { manualClock, type RunningCollector, startCollector } from './start-collector.js';
import { TOKENS } from './test-config.js';
import { connect, type Reply, request } from './ws-client.js';

export const MINUTE = 60_000;

/**
 * A real collector on a hand-moved clock, with a source and an officer connected: the alert tests send
 * readings and actions over real sockets and step the engine by moving the clock and ticking.
 */
export async function alertHarness(start = Date.UTC(2026, 10, 28, 2, 0), config?: Config) {
  const clock = manualClock(start);
  const running: RunningCollector = await startCollector({ clock, ...(config ? { config } : {}) });
  const source = await connect(running.url, '/ingest', TOKENS.source);
  const sockets = new Map<string, WebSocket>();
  let nextId = 0;
  const { engine } = running.collector;

  const socketFor = async (token: string) => {
    let ws = sockets.get(token);
    if (!ws) {
      ws = await connect(running.url, '/watch', token);
      // The snapshot comes first; replies are matched by id below.
      sockets.set(token, ws);
    }
    return ws;
  };

  return {
    clock,
    running,
    /** Sends a reading of G1 observed now and lets the engine evaluate it. */
    async level(level: number, station = 'G1'): Promise<void> {
      nextId += 1;
      const reply = await request(source, {
        type: 'reading',
        id: `lvl-${nextId}`,
        station,
        observedAt: new Date(clock.now()).toISOString(),
        level,
      });
      if (reply.type !== 'ack') throw new Error(`reading refused: ${reply.message}`);
      engine.evaluate();
    },
    /** Sends any ingest message. */
    ingest: (msg: object) => request(source, msg),
    /** Moves the clock and runs one tick. */
    advance(ms: number): void {
      clock.advance(ms);
      engine.tick();
    },
    /** Sends a console action with a token and resolves with its reply. */
    async act(token: string, action: Record<string, unknown>): Promise<Reply> {
      const ws = await socketFor(token);
      nextId += 1;
      const id = `act-${nextId}`;
      return new Promise((resolve) => {
        const onMessage = (data: WebSocket.RawData) => {
          const msg = JSON.parse(String(data)) as Reply;
          if ((msg.type === 'ack' || msg.type === 'error') && msg.id === id) {
            ws.off('message', onMessage);
            resolve(msg);
          }
        };
        ws.on('message', onMessage);
        ws.send(JSON.stringify({ id, ...action }));
      });
    },
    /** Every alert with this key, oldest first, as the feed shows it. */
    alerts(key: string): AlertFeed[] {
      return engine.snapshotParts(clock.now()).alerts.filter((a) => a.key === key);
    },
    /** The only open alert with this key. */
    open(key: string): AlertFeed {
      const open = engine
        .snapshotParts(clock.now())
        .alerts.filter((a) => a.key === key && a.state !== 'closed');
      if (open.length !== 1) throw new Error(`expected one open ${key}, found ${open.length}`);
      return open[0] as AlertFeed;
    },
    /** The audit entries of one alert. */
    log: (alert: number): AuditEntry[] => engine.repos.audit.forAlert(alert),
    async stop(): Promise<void> {
      source.close();
      for (const ws of sockets.values()) ws.close();
      await running.stop();
    },
  };
}
