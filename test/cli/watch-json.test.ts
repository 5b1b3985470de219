import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../../src/protocol/index.js';
import {
  runDutywatch,
  spawnDutywatch,
  startCollectorProcess,
  writeConfig,
} from '../helpers/collector-process.js';
import { sendSixHoursOfG1 } from '../helpers/six-hours-of-g1.js';
import { startCollector } from '../helpers/start-collector.js';
import { TOKENS, testConfigInput } from '../helpers/test-config.js';
import { connect, request } from '../helpers/ws-client.js';
import { linkArgs } from './link-args.js';

type Line = {
  type: string;
  changes?: { kind: string; station?: string; reading?: { level: number } }[];
  stations?: {
    code: string;
    status: string;
    lastStatus: string | null;
    level: number | null;
    stale: boolean;
  }[];
};

const dir = mkdtempSync(join(tmpdir(), 'dutywatch-watch-json-'));
let server: Awaited<ReturnType<typeof startCollectorProcess>>;

beforeAll(async () => {
  server = await startCollectorProcess(writeConfig(dir, testConfigInput()), join(dir, 'watch.db'));
});

afterAll(async () => {
  server.child.kill('SIGTERM');
  await server.exited;
  rmSync(dir, { recursive: true, force: true });
});

/** Every stdout line of a child, parsed, and a way to wait for one that matches. */
function jsonLines(child: ChildProcess) {
  const lines: Line[] = [];
  const waiters: { test: (line: Line) => boolean; resolve: (line: Line) => void }[] = [];
  const reader = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  reader.on('line', (text) => {
    // JSON.parse throws on anything else, which fails the test: stdout is for the feed alone.
    const line = JSON.parse(text) as Line;
    lines.push(line);
    for (const w of [...waiters]) {
      if (w.test(line)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
    }
  });
  return {
    lines,
    next(test: (line: Line) => boolean, timeoutMs = 15_000): Promise<Line> {
      const seen = lines.find(test);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no such line; got ${lines.length} lines`)),
          timeoutMs,
        );
        waiters.push({
          test,
          resolve: (line) => {
            clearTimeout(timer);
            resolve(line);
          },
        });
      });
    },
  };
}

describe('dutywatch watch --json', () => {
  it('prints welcome, snapshot, then a delta with a new reading, and exits 0 on SIGINT', async () => {
    const child = spawnDutywatch(['watch', '--json', ...linkArgs(server.url, TOKENS.officer)]);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    let stderr = '';
    child.stderr?.on('data', (d) => {
      stderr += d;
    });
    const out = jsonLines(child);
    await out.next((l) => l.type === 'snapshot');
    expect(out.lines.slice(0, 2).map((l) => l.type)).toEqual(['welcome', 'snapshot']);

    const source = await connect(server.url, '/ingest', TOKENS.source);
    const observedAt = new Date(Date.now() - 60_000).toISOString();
    const reply = await request(source, {
      type: 'reading',
      id: 'wj-1',
      station: 'G1',
      observedAt,
      level: 9.87,
    });
    expect(reply.type).toBe('ack');
    source.close();
    const delta = await out.next(
      (l) =>
        l.type === 'delta' &&
        (l.changes ?? []).some(
          (c) => c.kind === 'reading' && c.station === 'G1' && c.reading?.level === 9.87,
        ),
    );
    expect(delta.type).toBe('delta');

    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(stderr).toContain('dutywatch watch: live');
  }, 30_000);

  it('--stations prints a stale station as stale with its last status, never its last colour alone', async () => {
    // A collector of its own: G1's latest reading must be the stale one.
    const own = await startCollector();
    const source = await connect(own.url, '/ingest', TOKENS.source);
    // 0.75 m over G1's 警戒 (10.00), two hours ago: stale after 30 minutes.
    const reply = await request(source, {
      type: 'reading',
      id: 'wj-stale',
      station: 'G1',
      observedAt: new Date(Date.now() - 2 * 3_600_000).toISOString(),
      level: 10.75,
    });
    expect(reply.type).toBe('ack');
    source.close();
    const child = spawnDutywatch(['watch', '--json', '--stations', ...linkArgs(own.url, TOKENS.viewer)]);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const out = jsonLines(child);
    const line = await out.next((l) => l.type === 'stations');
    // Only status lines on stdout: no raw frames.
    expect(out.lines.every((l) => l.type === 'stations')).toBe(true);
    expect(line.stations?.find((s) => s.code === 'G1')).toMatchObject({
      status: 'stale',
      lastStatus: 'warning',
      level: 10.75,
      stale: true,
    });
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    await own.stop();
  }, 30_000);

  it('--full-history prints snapshots a county past its history budget would otherwise thin', async () => {
    const input = testConfigInput();
    const own = await startCollector({
      config: configSchema.parse({ ...input, server: { ...input.server, snapshotHistoryPoints: 10 } }),
    });
    const source = await connect(own.url, '/ingest', TOKENS.gauges);
    const sent = await sendSixHoursOfG1(source);
    source.close();
    const g1Of = async (extra: string[]) => {
      const child = spawnDutywatch(['watch', '--json', ...extra, ...linkArgs(own.url, TOKENS.viewer)]);
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      const snapshot = (await jsonLines(child).next((l) => l.type === 'snapshot')) as unknown as {
        stations: { code: string; history: unknown[]; historyThinned?: true }[];
      };
      child.kill('SIGINT');
      expect(await exited).toBe(0);
      return snapshot.stations.find((st) => st.code === 'G1');
    };
    const thinned = await g1Of([]);
    expect(thinned?.historyThinned).toBe(true);
    const whole = await g1Of(['--full-history']);
    expect(whole?.historyThinned).toBeUndefined();
    expect(whole?.history).toHaveLength(sent.length);
    await own.stop();
  }, 60_000);

  it('exits 1 with the reason when the token is refused', async () => {
    const result = await runDutywatch(['watch', '--json', ...linkArgs(server.url, 'tok-nobody')]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/refused \(HTTP 401\)/);
  });
});
