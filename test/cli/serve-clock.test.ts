import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { runDutywatch, startCollectorProcess, writeConfig } from '../helpers/collector-process.js';
import { TOKENS, testConfigInput } from '../helpers/test-config.js';
import { connect, request } from '../helpers/ws-client.js';

const dir = mkdtempSync(join(tmpdir(), 'dutywatch-clock-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const START = '2026-07-20T01:00:00+08:00';

type Frame = { type: string; simulatedClock?: { startedAt: number }; alerts?: { key: string }[] };
type Change = { kind: string; alert?: { key: string } };

/** Resolves with the first snapshot, and with the first alert of `key` seen in a snapshot or a delta. */
function watch(ws: WebSocket, key: string) {
  let snapshot: (value: Frame) => void = () => {};
  let alert: () => void = () => {};
  const first = new Promise<Frame>((resolve) => {
    snapshot = resolve;
  });
  const raised = new Promise<void>((resolve) => {
    alert = resolve;
  });
  ws.on('message', (data) => {
    const msg = JSON.parse(String(data)) as Frame & { changes?: Change[] };
    if (msg.type === 'snapshot') {
      snapshot(msg);
      if (msg.alerts?.some((a) => a.key === key)) alert();
    }
    if (msg.type === 'delta' && msg.changes?.some((c) => c.alert?.key === key)) alert();
  });
  return { first, raised };
}

// Issue 15.7: a county rehearses a flood-season night in winter; a tester checks a date rule.
describe('dutywatch serve --clock', () => {
  const dbPath = join(dir, 'drill.db');
  const configPath = writeConfig(dir, testConfigInput());

  it('raises 超汛限 for a reservoir above its summer limit, and says the clock is simulated', async () => {
    const collector = await startCollectorProcess(configPath, dbPath, ['--clock', START]);
    try {
      expect(collector.log()).toContain('collector.simulated_clock');
      const source = await connect(collector.url, '/ingest', TOKENS.source);
      // R1's 主汛期 limit is 101.00 from 06-01 to 07-31.
      const reply = await request(source, {
        type: 'reading',
        id: 'r1',
        station: 'R1',
        observedAt: START,
        level: 101.6,
      });
      expect(reply.type).toBe('ack');
      source.close();
      const officer = await connect(collector.url, '/watch', TOKENS.officer);
      const seen = watch(officer, 'reservoir.over_limit:R1');
      expect((await seen.first).simulatedClock?.startedAt).toBe(Date.parse(START));
      await seen.raised;
      officer.close();
    } finally {
      collector.child.kill('SIGTERM');
      expect(await collector.exited).toBe(0);
    }
  }, 60_000);

  it('refuses a clock that starts before data the database holds, unless forced', async () => {
    const args = ['serve', '--config', configPath, '--db', dbPath, '--port', '0'];
    const refused = await runDutywatch([...args, '--clock', '2026-07-19T23:00:00+08:00']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('--force-clock');
    const forced = await startCollectorProcess(configPath, dbPath, [
      '--clock',
      '2026-07-19T23:00:00+08:00,60',
      '--force-clock',
    ]);
    forced.child.kill('SIGTERM');
    expect(await forced.exited).toBe(0);
  }, 60_000);

  it('exits 2 on a START without its offset', async () => {
    const result = await runDutywatch([
      'serve',
      '--config',
      configPath,
      '--db',
      dbPath,
      '--clock',
      '2026-07-20',
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('offset');
  });
});
