import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { startCollectorProcess, writeConfig } from '../helpers/collector-process.js';
import { TOKENS, testConfigInput } from '../helpers/test-config.js';
import { connect } from '../helpers/ws-client.js';

const TOTAL = 10_000;
const WINDOW = 300;
const dir = mkdtempSync(join(tmpdir(), 'dutywatch-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const base = Date.now() - 4 * 3_600_000;
const message = (i: number) =>
  JSON.stringify({
    type: 'reading',
    id: `crash-${i}`,
    station: 'G1',
    observedAt: new Date(base + i * 1000).toISOString(),
    level: 8 + (i % 300) / 100,
  });

// Streams the given readings with a window of unanswered messages, until all are answered or the socket dies.
async function stream(url: string, ids: number[], onAck: (i: number) => void): Promise<void> {
  const ws = await connect(url, '/ingest', TOKENS.source);
  let next = 0;
  let open = 0;
  await new Promise<void>((resolve) => {
    const pump = () => {
      while (open < WINDOW && next < ids.length) {
        ws.send(message(ids[next] as number));
        next += 1;
        open += 1;
      }
      if (open === 0 && next === ids.length) resolve();
    };
    ws.on('message', (data) => {
      const reply = JSON.parse(String(data)) as { type: string; id: string };
      open -= 1;
      if (reply.type === 'ack') onAck(Number(reply.id.slice('crash-'.length)));
      pump();
    });
    ws.on('close', () => resolve());
    ws.on('error', () => resolve());
    pump();
  });
  ws.close();
}

describe('crash safety', () => {
  it('keeps every acked reading across SIGKILL, and resending the rest ends with exactly 10,000', async () => {
    const configPath = writeConfig(dir, testConfigInput());
    const dbPath = join(dir, 'crash.db');
    const first = await startCollectorProcess(configPath, dbPath);
    const acked = new Set<number>();
    const killAt = 1000 + Math.floor(Math.random() * 6000);
    let killing: Promise<void> | undefined;
    await stream(
      first.url,
      Array.from({ length: TOTAL }, (_, i) => i),
      (i) => {
        acked.add(i);
        if (acked.size === killAt) killing = first.kill9();
      },
    );
    await killing;
    expect(acked.size).toBeGreaterThanOrEqual(killAt);
    expect(acked.size).toBeLessThan(TOTAL);

    const second = await startCollectorProcess(configPath, dbPath);
    const db = new Database(dbPath, { readonly: true });
    const stored = new Set(
      (db.prepare("SELECT msg_id FROM journal WHERE type = 'reading'").pluck().all() as string[]).map((id) =>
        Number(id.slice('crash-'.length)),
      ),
    );
    db.close();
    const lost = [...acked].filter((i) => !stored.has(i));
    expect(lost).toEqual([]);

    const unacked = Array.from({ length: TOTAL }, (_, i) => i).filter((i) => !acked.has(i));
    const resent = new Set<number>();
    await stream(second.url, unacked, (i) => resent.add(i));
    expect(resent.size).toBe(unacked.length);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);

    const after = new Database(dbPath, { readonly: true });
    const counts = after
      .prepare('SELECT COUNT(*) AS n, COUNT(DISTINCT observed_at) AS distinctReadings FROM readings')
      .get() as { n: number; distinctReadings: number };
    after.close();
    expect(counts).toEqual({ n: TOTAL, distinctReadings: TOTAL });
  }, 120_000);
});
