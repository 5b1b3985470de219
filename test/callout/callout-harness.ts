import type { Clock } from '../../server/clock.js';
import type { Config } from '../../src/protocol/index.js';
import { levelSender } from '../helpers/level-sender.js';
import { type RunningCollector, startCollector } from '../helpers/start-collector.js';
import { TOKENS } from '../helpers/test-config.js';
import { connect, consoleActions, type Reply, request } from '../helpers/ws-client.js';

/** A real collector with the call-out test county, a source and consoles on real sockets. */
export async function calloutHarness(config: Config, clock?: Clock, sourceToken: string = TOKENS.source) {
  const running: RunningCollector = await startCollector({ config, ...(clock ? { clock } : {}) });
  const source = await connect(running.url, '/ingest', sourceToken);
  const consoles = consoleActions(running.url);
  let nextId = 0;
  const { collector } = running;
  const now = () => (clock ?? { now: Date.now }).now();
  return {
    running,
    collector,
    /** A reading of a station observed now. */
    level: levelSender(source, now, () => collector.engine.evaluate()),
    /** Sends any ingest message and lets the engine evaluate it. */
    async ingest(msg: Record<string, unknown>): Promise<Reply> {
      nextId += 1;
      const reply = await request(source, { id: `msg-${nextId}`, ...msg });
      collector.engine.evaluate();
      return reply;
    },
    /** Sends a console action with a token and resolves with its reply. */
    act: consoles.act,
    /** The call-outs, recipients and deliveries as a new watcher's snapshot would carry them. */
    parts: () => collector.notify.snapshotParts(now()),
    audit: () => collector.engine.repos.audit.latest(1000),
    async stop(): Promise<void> {
      source.close();
      consoles.close();
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
