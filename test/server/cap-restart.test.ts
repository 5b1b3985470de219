import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { writeCap } from '../../src/cap/write-cap.js';
import { capAlert, capTime } from '../helpers/cap-builder.js';
import { startCollectorProcess, writeConfig } from '../helpers/collector-process.js';
import { queryAll, readDatabase } from '../helpers/read-database.js';
import { TOKENS, testConfigInput } from '../helpers/test-config.js';
import { connect, request } from '../helpers/ws-client.js';

const dir = mkdtempSync(join(tmpdir(), 'dutywatch-cap-restart-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type AlertState = { key: string; state: string; drill: number; closed_at: number | null };
const alerts = (dbPath: string) =>
  queryAll<AlertState>(
    dbPath,
    "SELECT key, state, drill, closed_at FROM alerts WHERE key LIKE 'cap:%' ORDER BY id",
  );

async function until(test: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

const key = (identifier: string) => `cap:rc-met@411731/${identifier}`;

describe('CAP warnings across kill -9', () => {
  it('keeps every acked warning, and closes one that expired while the collector was dead, once', async () => {
    const configPath = writeConfig(dir, testConfigInput());
    const dbPath = join(dir, 'collector.db');
    const first = await startCollectorProcess(configPath, dbPath);
    const source = await connect(first.url, '/ingest', TOKENS.source);
    const now = Date.now();
    const expiresAt = now + 6_000;
    const send = async (id: string, xml: string) =>
      expect(await request(source, { type: 'cap', id, xml })).toMatchObject({ type: 'ack' });
    await send(
      'c-1',
      writeCap(capAlert({ identifier: 'W-1', sentAt: now }, { expires: capTime(expiresAt) })),
    );
    await send('c-2', writeCap(capAlert({ identifier: 'W-2', sentAt: now, status: 'Exercise' })));
    await until(() => alerts(dbPath).length === 2, 'both alerts to open');
    // Acked, then killed at once: the engine may not even have looked at it yet.
    await send('c-3', writeCap(capAlert({ identifier: 'W-3', sentAt: now })));
    source.close();
    await first.kill9();

    // Dead past W-1's expiry.
    await sleep(Math.max(0, expiresAt + 1_000 - Date.now()));
    const second = await startCollectorProcess(configPath, dbPath);
    try {
      await until(() => alerts(dbPath).length === 3, 'the third alert after the restart');
      const byKey = new Map(alerts(dbPath).map((a) => [a.key, a]));
      expect(byKey.get(key('W-1'))).toMatchObject({ state: 'closed' });
      expect(byKey.get(key('W-1'))?.closed_at).toBeGreaterThanOrEqual(expiresAt);
      expect(byKey.get(key('W-2'))).toMatchObject({ state: 'triggered', drill: 1 });
      expect(byKey.get(key('W-3'))).toMatchObject({ state: 'triggered', drill: 0 });
      const { closings, messages } = readDatabase(dbPath, (db) => ({
        closings: db
          .prepare(
            "SELECT COUNT(*) AS n FROM audit_log l JOIN alerts a ON a.id = l.alert WHERE a.key = ? AND l.action = 'closed'",
          )
          .get(key('W-1')) as { n: number },
        messages: db.prepare('SELECT COUNT(*) AS n FROM cap_messages').get() as { n: number },
      }));
      expect(closings.n).toBe(1);
      expect(messages.n).toBe(3);
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
  }, 90_000);
});
