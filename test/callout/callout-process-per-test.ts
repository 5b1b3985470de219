import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { openDatabase } from '../../server/db/open-database.js';
import type { ConfigInput } from '../../src/protocol/index.js';
import { writeConfig } from '../helpers/collector-process.js';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.js';
import { SECRET } from './callout-config.js';

/**
 * For call-out tests against a real collector process: each test's webhook receiver and folder (its config and
 * database), closed and removed after it whether it passed or not. Call once at the top of a test file.
 */
export function calloutProcessPerTest(folderPrefix: string) {
  let dir: string | undefined;
  let receiver: WebhookReceiver | undefined;
  afterEach(async () => {
    await receiver?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    receiver = undefined;
    dir = undefined;
  });
  return {
    /** Starts the receiver and writes the config `input` makes for its address; the collector is the test's. */
    async prepare(
      input: (receiverUrl: string) => ConfigInput,
    ): Promise<{ receiver: WebhookReceiver; configPath: string; dbPath: string }> {
      const folder = mkdtempSync(join(tmpdir(), folderPrefix));
      dir = folder;
      receiver = await startWebhookReceiver(SECRET);
      return {
        receiver,
        configPath: writeConfig(folder, input(receiver.url)),
        dbPath: join(folder, 'collector.db'),
      };
    },
  };
}

/** How many outbox rows are not yet recorded as delivered. */
export function undelivered(dbPath: string): number {
  const db = openDatabase(dbPath, { readonly: true });
  try {
    return db.prepare("SELECT COUNT(*) FROM outbox WHERE state != 'delivered'").pluck().get() as number;
  } finally {
    db.close();
  }
}

/** Polls the database until every outbox row is recorded as delivered, for 30 s at most (the test then checks). */
export async function untilOutboxDelivered(dbPath: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline && undelivered(dbPath) > 0) await new Promise((res) => setTimeout(res, 50));
}
