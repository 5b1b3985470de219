import { afterEach, beforeEach } from 'vitest';
import { alertHarness } from '../helpers/alert-harness.js';
import type { Reply } from '../helpers/ws-client.js';

/** 2026-07-20 02:00 in Beijing: when the CAP tests' warnings are sent. */
export const CAP_START = Date.UTC(2026, 6, 19, 18, 0);

type AlertHarness = Awaited<ReturnType<typeof alertHarness>>;

/**
 * For the CAP ingest tests: a fresh alert harness at CAP_START for each test, its first tick run, stopped after the
 * test; and a `send` that ingests one CAP document and lets the engine judge it at once. Call once at the top of a
 * test file; `h()` is the current test's harness.
 */
export function capPerTest() {
  let current: AlertHarness | undefined;
  let nextId = 0;
  beforeEach(async () => {
    current = await alertHarness(CAP_START);
    current.advance(0);
  });
  afterEach(async () => {
    await current?.stop();
    current = undefined;
  });
  const h = (): AlertHarness => {
    if (!current) throw new Error('the CAP harness runs only during a test');
    return current;
  };
  return {
    h,
    async send(xml: string): Promise<Reply> {
      nextId += 1;
      const reply = await h().ingest({ type: 'cap', id: `cap-${nextId}`, xml });
      h().running.collector.engine.evaluate();
      return reply;
    },
  };
}
