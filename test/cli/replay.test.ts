import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { UpgradeRefusedError } from '../../src/client/upgrade-refused.js';
import { ReplayGaveUpError, runReplay } from '../../src/replay/replay-runner.js';
import type { Scenario } from '../../src/replay/scenario.js';
import { runDutywatch, startCollectorProcess, writeConfig } from '../helpers/collector-process.js';
import { freePort } from '../helpers/free-port.js';
import { startCollector } from '../helpers/start-collector.js';
import { TOKENS, testConfigInput } from '../helpers/test-config.js';
import { linkArgs } from './link-args.js';

const dir = mkdtempSync(join(tmpdir(), 'dutywatch-replay-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const STEPS = 200;
const start = Date.now() - 3_600_000;
// Readings 50 ms apart at speed 1: the pacing timer is always pending when the collector dies.
const scenario: Scenario = {
  name: 'kill-mid-scenario',
  title: undefined,
  start,
  steps: Array.from({ length: STEPS }, (_, i) => ({
    t: i * 0.05,
    message: {
      type: 'reading',
      id: `kr-${i}`,
      station: 'G1',
      observedAt: new Date(start + i * 50).toISOString(),
      level: 9 + i / 1000,
    },
  })),
};

describe('dutywatch replay against a collector that dies (issue 13, item 6)', () => {
  it('survives a collector killed and restarted mid-scenario and finishes it, nothing stored twice', async () => {
    const configPath = writeConfig(dir, testConfigInput());
    const dbPath = join(dir, 'replay.db');
    const first = await startCollectorProcess(configPath, dbPath);
    let restarted: Awaited<ReturnType<typeof startCollectorProcess>> | undefined;
    let bounce: Promise<void> | undefined;
    const result = await runReplay({
      url: first.url,
      token: TOKENS.source,
      scenario,
      speed: 1,
      startAt: start,
      window: 20,
      onProgress: (p) => {
        if (bounce || p.acked < 40) return;
        bounce = (async () => {
          await first.kill9();
          restarted = await startCollectorProcess(configPath, dbPath, ['--port', String(first.port)]);
        })();
      },
    });
    await bounce;
    expect(result).toMatchObject({ total: STEPS, acked: STEPS, errors: 0 });
    expect(result.reconnects).toBeGreaterThanOrEqual(1);
    restarted?.child.kill('SIGTERM');
    await restarted?.exited;
    const db = new Database(dbPath, { readonly: true });
    const readings = db.prepare('SELECT count(*) AS n FROM readings').get() as { n: number };
    const journal = db
      .prepare("SELECT count(*) AS n, count(DISTINCT msg_id) AS ids FROM journal WHERE msg_id LIKE 'kr-%'")
      .get() as { n: number; ids: number };
    db.close();
    expect(readings.n).toBe(STEPS);
    expect(journal).toEqual({ n: STEPS, ids: STEPS });
  }, 120_000);

  it('gives up on a collector that stays unreachable, saying why', async () => {
    const port = await freePort();
    const replaying = runReplay({
      url: `ws://127.0.0.1:${port}`,
      token: TOKENS.source,
      scenario,
      speed: Number.POSITIVE_INFINITY,
      startAt: start,
      giveUpAfterMs: 300,
    });
    await expect(replaying).rejects.toBeInstanceOf(ReplayGaveUpError);
    await expect(replaying).rejects.toThrow(/unreachable for \d+ s .*0 of 200 messages answered/);
  });

  it('stops at once on a token the collector refuses for good, instead of retrying until it gives up', async () => {
    const running = await startCollector();
    try {
      const replaying = runReplay({
        url: running.url,
        token: 'not-a-token',
        scenario,
        speed: Number.POSITIVE_INFINITY,
        startAt: start,
        // Far longer than the test's timeout: only the refusal can end it in time.
        giveUpAfterMs: 600_000,
      });
      await expect(replaying).rejects.toBeInstanceOf(UpgradeRefusedError);
      await expect(replaying).rejects.toThrow(/HTTP 401/);
    } finally {
      await running.stop();
    }
  });

  it('exits 3 with the reason when it gives up', async () => {
    const port = await freePort();
    const file = join(dir, 'one.jsonl');
    writeFileSync(
      file,
      [
        JSON.stringify({ scenario: 'one', start: new Date(start).toISOString() }),
        JSON.stringify({ t: 0, message: scenario.steps[0]?.message }),
      ].join('\n'),
    );
    const run = await runDutywatch([
      'replay',
      file,
      ...linkArgs(`ws://127.0.0.1:${port}`, TOKENS.source),
      '--give-up-after',
      '1',
    ]);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(
      /dutywatch replay: gave up: the collector at ws:\/\/127\.0\.0\.1:\d+ has been unreachable/,
    );
  }, 60_000);
});
