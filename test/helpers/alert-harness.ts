import type { AlertFeed, AuditEntry, Config } from '../../src/protocol/index.js';
import { levelSender } from './level-sender.js';
import { manualClock, type RunningCollector, startCollector } from './start-collector.js';
import { TOKENS } from './test-config.js';
import { connect, consoleActions, request } from './ws-client.js';

export const MINUTE = 60_000;

/**
 * A real collector on a hand-moved clock, with a source and an officer connected: the alert tests send
 * readings and actions over real sockets and step the engine by moving the clock and ticking.
 */
export async function alertHarness(start = Date.UTC(2026, 10, 28, 2, 0), config?: Config) {
  const clock = manualClock(start);
  const running: RunningCollector = await startCollector({ clock, ...(config ? { config } : {}) });
  const source = await connect(running.url, '/ingest', TOKENS.source);
  const consoles = consoleActions(running.url);
  const { engine } = running.collector;

  return {
    clock,
    running,
    /** Sends a reading of G1 observed now and lets the engine evaluate it. */
    level: levelSender(source, clock.now, () => engine.evaluate()),
    /** Sends any ingest message. */
    ingest: (msg: object) => request(source, msg),
    /** Moves the clock and runs one tick. */
    advance(ms: number): void {
      clock.advance(ms);
      engine.tick();
    },
    /** Sends a console action with a token and resolves with its reply. */
    act: consoles.act,
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
      consoles.close();
      await running.stop();
    },
  };
}
