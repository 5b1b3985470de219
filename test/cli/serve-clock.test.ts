import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runDutywatch, startCollectorProcess, writeConfig } from '../helpers/collector-process.js';
import { TOKENS, testConfigInput } from '../helpers/test-config.js';
import { type Frame, watch } from '../helpers/watch-client.js';
import { connect, request } from '../helpers/ws-client.js';

const dir = mkdtempSync(join(tmpdir(), 'dutywatch-clock-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const START = '2026-07-20T01:00:00+08:00';

type Change = { kind: string; alert?: { key: string } };

/** Whether `key`'s alert is in a snapshot or a delta among the frames. */
const raised = (frames: Frame[], key: string) =>
  frames.some(
    (f) =>
      (f.type === 'snapshot' && (f['alerts'] as { key: string }[] | undefined)?.some((a) => a.key === key)) ||
      (f.type === 'delta' && (f.changes as Change[] | undefined)?.some((c) => c.alert?.key === key)),
  );

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
      // The watch helper listens before the socket opens: the snapshot can arrive in the same read as the
      // upgrade, and a listener added after 'open' then misses it (this test hung so, on a loaded machine).
      const officer = await watch(collector.url, TOKENS.officer);
      await officer.until((frames) => frames.some((f) => f.type === 'snapshot'));
      const snapshot = officer.frames.find((f) => f.type === 'snapshot') as Frame & {
        simulatedClock?: { startedAt: number };
      };
      expect(snapshot.simulatedClock?.startedAt).toBe(Date.parse(START));
      await officer.until((frames) => raised(frames, 'reservoir.over_limit:R1'));
      officer.ws.close();
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
