import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/open-database.js';
import { startCollectorProcess } from '../helpers/collector-process.js';
import { TOKENS } from '../helpers/test-config.js';
import { connect } from '../helpers/ws-client.js';
import { calloutConfigInput } from './callout-config.js';
import { calloutProcessPerTest, untilOutboxDelivered } from './callout-process-per-test.js';

// kill -9 at the two points that matter, in a real collector process: after the outbox rows are committed but
// before anything is sent, and after a channel delivered but before that is recorded. The receiver counts
// idempotency keys: every message arrives, none more than twice, and a repeat carries the same key.

const perTest = calloutProcessPerTest('dutywatch-outbox-crash-');

/** Sends a call-out action; the collector may die before it answers, which is the point. */
async function startCallout(url: string): Promise<void> {
  const ws = await connect(url, '/watch', TOKENS.officer);
  ws.on('error', () => {});
  ws.send(JSON.stringify({ type: 'callout.start', id: 'c1', station: 'G1', message: '汝河大桥水位超保证' }));
}

function outboxStates(dbPath: string): string[] {
  const db = openDatabase(dbPath, { readonly: true });
  try {
    return db
      .prepare<[], { state: string }>('SELECT state FROM outbox ORDER BY id')
      .all()
      .map((r) => r.state);
  } finally {
    db.close();
  }
}

describe('the outbox across kill -9', () => {
  it.each([
    ['after the outbox write, before the send', 'outbox-written'],
    ['after the send, before it is marked sent', 'delivery-sent'],
  ] as const)('%s: nothing lost, at most one repeat, with the same key', async (_what, crashAt) => {
    const { receiver, configPath, dbPath } = await perTest.prepare((url) => calloutConfigInput(url));

    const first = await startCollectorProcess(configPath, dbPath, [], { DUTYWATCH_TEST_CRASH_AT: crashAt });
    await startCallout(first.url);
    await first.exited;
    expect(first.child.signalCode).toBe('SIGKILL');
    // Before the crash: nothing sent; or some sent (in parallel) and the first success never recorded.
    const sentBeforeCrash = receiver.received.length;
    if (crashAt === 'outbox-written') expect(sentBeforeCrash).toBe(0);
    else expect(sentBeforeCrash).toBeGreaterThanOrEqual(1);

    const second = await startCollectorProcess(configPath, dbPath);
    try {
      await receiver.until(() => receiver.counts().size === 5);
      // Wait for every row to be recorded, then stop cleanly and read the outbox.
      await untilOutboxDelivered(dbPath);
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
    expect(outboxStates(dbPath)).toEqual(['delivered', 'delivered', 'delivered', 'delivered', 'delivered']);
    const counts = [...receiver.counts().values()];
    expect(counts).toHaveLength(5);
    expect(Math.max(...counts)).toBeLessThanOrEqual(2);
    // Whatever went out before the crash unrecorded went out once more, with its key; nothing else twice.
    expect(counts.filter((n) => n === 2)).toHaveLength(sentBeforeCrash);
    expect(receiver.received.every((x) => x.signatureOk)).toBe(true);
  });
});
