import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { startCollectorProcess, writeConfig } from '../helpers/collector-process.js';
import { queryAll, readDatabase } from '../helpers/read-database.js';
import { TOKENS, testConfigInput } from '../helpers/test-config.js';
import { connect, request, requestById } from '../helpers/ws-client.js';

const dir = mkdtempSync(join(tmpdir(), 'dutywatch-restart-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const RUNG_SECONDS = 3;

type Entry = { alert: number; action: string; text: string; at: number };
const auditLog = (dbPath: string) =>
  queryAll<Entry>(
    dbPath,
    'SELECT alert, action, text, at FROM audit_log WHERE alert IS NOT NULL ORDER BY id',
  );

const alertId = (dbPath: string, key: string): number | undefined =>
  readDatabase(
    dbPath,
    (db) => (db.prepare('SELECT id FROM alerts WHERE key = ?').get(key) as { id: number } | undefined)?.id,
  );

async function waitFor<T>(read: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await sleep(50);
  }
}

describe('restart', () => {
  it('fires an escalation that fell due while the collector was dead once, right after start; nothing twice', async () => {
    // Rungs of 3 s so the test runs on the real clock.
    const config = testConfigInput();
    config.escalation = {
      ladders: {
        default: {
          steps: ['officer', 'leader', 'chief', 'government'].map((target) => ({
            target,
            delayMinutes: RUNG_SECONDS / 60,
          })),
          repeat: 0,
        },
      },
    } as typeof config.escalation;
    const configPath = writeConfig(dir, config);
    const dbPath = join(dir, 'restart.db');
    const first = await startCollectorProcess(configPath, dbPath);
    const source = await connect(first.url, '/ingest', TOKENS.source);
    const now = new Date().toISOString();
    await request(source, { type: 'reading', id: 'r1', station: 'G1', observedAt: now, level: 10.4 });
    await request(source, {
      type: 'stock.count',
      id: 's1',
      warehouse: 'W1',
      item: 'TENT',
      quantity: 3,
      at: now,
    });
    source.close();
    const created = await waitFor(() => {
      const water = alertId(dbPath, 'water.warning:G1');
      const stock = alertId(dbPath, 'stock.low:W1:TENT');
      return water && stock ? { water, stock } : undefined;
    });
    const officer = await connect(first.url, '/watch', TOKENS.officer);
    const recheckAt = new Date(Date.now() + 3_600_000).toISOString();
    const acked = await requestById(officer, {
      type: 'alert.ack',
      id: 'a1',
      alert: created.stock,
      reason: 'ordered',
      recheckAt,
    });
    expect(acked.type).toBe('ack');
    officer.close();

    await first.kill9();
    const killedAt = Date.now();
    // Dead for longer than a rung: rung 2 of the water alert is overdue when the collector comes back.
    await sleep(RUNG_SECONDS * 1000 + 1500);
    const second = await startCollectorProcess(configPath, dbPath);
    const startedAt = Date.now();
    await waitFor(() =>
      auditLog(dbPath).some((e) => e.alert === created.water && e.text.startsWith('rung 2/4'))
        ? true
        : undefined,
    );
    const firedAt =
      auditLog(dbPath).find((e) => e.alert === created.water && e.text.startsWith('rung 2/4'))?.at ?? 0;
    expect(firedAt).toBeGreaterThanOrEqual(killedAt);
    expect(firedAt - startedAt).toBeLessThan(2000);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);

    const log = auditLog(dbPath);
    const rungs = log
      .filter((e) => e.alert === created.water && e.action === 'escalated')
      .map((e) => e.text.slice(0, 8));
    expect(new Set(rungs).size).toBe(rungs.length);
    expect(rungs.slice(0, 2)).toEqual(['rung 1/4', 'rung 2/4']);
    const stockEscalations = log.filter((e) => e.alert === created.stock && e.action === 'escalated');
    expect(stockEscalations.map((e) => e.text.slice(0, 8))).toEqual(['rung 1/4']);
  }, 60_000);
});
