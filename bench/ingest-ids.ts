import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { indexConfig } from '../server/config-index.js';
import { migrate } from '../server/db/migrate.js';
import { openDatabase } from '../server/db/open-database.js';
import { createGroupCommit, type ReplyChannel } from '../server/ingest/group-commit.js';
import { createIdWindow } from '../server/ingest/id-window.js';
import { createIngestWriter } from '../server/ingest/ingest-writer.js';
import { decodeIngestMessage, type IngestMessage } from '../src/protocol/index.js';
import { testConfig } from '../test/helpers/test-config.js';
import { collectorCheck, feedGroupCommit } from './feed-group-commit.js';

const TOTAL = 100_000;
const BATCH = 1000;

/**
 * What the idempotency backstop costs (issue 13): the collector's storage path with the id window in memory (the
 * default) against a window at its 1,000-id minimum, where every id is spilled to the database and every new id
 * of the token is looked up there.
 */
export async function runIngestIdsBench(_args: string[]): Promise<void> {
  const at = new Date(Date.now() - 60_000).toISOString();
  const bodies = Array.from({ length: TOTAL }, () =>
    JSON.stringify({
      type: 'reading',
      id: randomUUID(),
      station: 'G1',
      observedAt: at,
      level: 9.5,
      flow: 12.25,
    }),
  );
  const msgs = bodies.map((body) => {
    const decoded = decodeIngestMessage(body, false);
    if (!decoded.ok) throw new Error(decoded.message);
    return decoded.value;
  });
  for (const maxIds of [2_000_000, 1000]) {
    const { us, spilled } = storagePath(msgs, bodies, maxIds);
    console.log(
      `storage path, ${TOTAL.toLocaleString('en-US')} UUID readings, idempotencyMaxIds ${maxIds.toLocaleString('en-US')}: ` +
        `${us.toFixed(1)} µs/msg (${Math.round(1e6 / us).toLocaleString('en-US')} msg/s), ${spilled.toLocaleString('en-US')} ids spilled`,
    );
  }
}

function storagePath(
  msgs: IngestMessage[],
  bodies: string[],
  maxIds: number,
): { us: number; spilled: number } {
  const dir = mkdtempSync(join(tmpdir(), 'dutywatch-ids-'));
  const db = openDatabase(join(dir, 'ids.db'));
  try {
    migrate(db);
    const check = collectorCheck(indexConfig(testConfig()));
    const ids = createIdWindow(db, { horizonMs: 72 * 3_600_000, maxIds });
    const commit = createGroupCommit({ db, ids, writer: createIngestWriter(db, ids), maxBatch: BATCH });
    const channel: ReplyChannel = { send() {}, cork() {}, uncork() {} };
    const started = performance.now();
    feedGroupCommit(commit, msgs, bodies, { channel, check, batch: BATCH });
    const us = ((performance.now() - started) * 1000) / msgs.length;
    const spilled = db.prepare<[], number>('SELECT count(*) FROM ingest_ids_spilled').pluck().get() ?? 0;
    return { us, spilled };
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
