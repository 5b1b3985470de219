import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/open-database.js';
import { startCollectorProcess, writeConfig } from '../helpers/collector-process.js';
import { TOKENS } from '../helpers/test-config.js';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.js';
import { connect } from '../helpers/ws-client.js';
import { calloutConfigInput, SECRET } from './callout-config.js';

// kill -9 at the two points that matter, in a real collector process: after the outbox rows are committed but
// before anything is sent, and after a channel delivered but before that is recorded. The receiver counts
// idempotency keys: every message arrives, none more than twice, and a repeat carries the same key.

let dir: string | undefined;
let receiver: WebhookReceiver | undefined;
afterEach(async () => {
  await receiver?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  receiver = undefined;
  dir = undefined;
});

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
    dir = mkdtempSync(join(tmpdir(), 'dutywatch-outbox-crash-'));
    receiver = await startWebhookReceiver(SECRET);
    const configPath = writeConfig(dir, calloutConfigInput(receiver.url));
    const dbPath = join(dir, 'collector.db');

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
      const r = receiver;
      await r.until(() => r.counts().size === 5);
      // Wait for every row to be recorded, then stop cleanly and read the outbox.
      const deadline = Date.now() + 30_000;
      while (Date.now() < deadline) {
        const db = openDatabase(dbPath, { readonly: true });
        const pending = db.prepare("SELECT COUNT(*) FROM outbox WHERE state != 'delivered'").pluck().get();
        db.close();
        if (pending === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
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
