import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { configSchema, type ReadingPoint } from '../../src/protocol/index.js';
import { MINUTE } from '../helpers/alert-harness.js';
import { manualClock, type RunningCollector, startCollector } from '../helpers/start-collector.js';
import { TOKENS, testConfigInput } from '../helpers/test-config.js';
import { connect, request } from '../helpers/ws-client.js';

type Frame = {
  type: string;
  changes?: { kind: string; station?: string; reading?: ReadingPoint }[];
};

/** Waits (no deadline of its own: the test's timeout applies) until the watcher has seen what it needs. */
async function until(isDone: () => boolean): Promise<void> {
  while (!isDone()) await new Promise((resolve) => setImmediate(resolve));
}

// Issue 15.1, end to end: a gauge reporting 50.25, then 58.00, then 50.50 opened water.record, water.guarantee,
// water.warning and water.rise the moment 58.00 arrived, and paged the leader.
describe('a spike on a real collector', () => {
  const T0 = Date.parse('2026-07-20T01:00+08:00');
  const clock = manualClock(T0);
  let running: RunningCollector;
  let source: WebSocket;
  let watcher: WebSocket;
  const fed: ReadingPoint[] = [];
  let nextId = 0;

  beforeAll(async () => {
    const input = testConfigInput();
    input.stations.push({
      code: 'G2',
      name: '汝河上游站',
      nameAscii: 'Ruhe Upstream',
      kind: 'river',
      township: 'T1',
      river: '汝河',
      riseAlarm: 0.3,
      gauge: { warningLevel: 51.8, guaranteeLevel: 53, historicalMax: 54 },
    });
    running = await startCollector({ config: configSchema.parse(input), clock });
    source = await connect(running.url, '/ingest', TOKENS.source);
    watcher = await connect(running.url, '/watch', TOKENS.officer);
    watcher.on('message', (data) => {
      const msg = JSON.parse(String(data)) as Frame;
      for (const c of msg.changes ?? [])
        if (c.kind === 'reading' && c.station === 'G2' && c.reading) fed.push(c.reading);
    });
  });
  afterAll(async () => {
    source.close();
    watcher.close();
    await running.stop();
  });

  /** Moves the clock to T0 + `minutes`, sends a G2 reading observed then, and runs the rules and deadlines. */
  async function reading(minutes: number, level: number): Promise<void> {
    clock.set(T0 + minutes * MINUTE);
    nextId += 1;
    const observedAt = new Date(clock.now()).toISOString();
    const reply = await request(source, {
      type: 'reading',
      id: `p-${nextId}`,
      station: 'G2',
      observedAt,
      level,
    });
    expect(reply.type).toBe('ack');
    running.collector.engine.tick();
  }
  const engine = () => running.collector.engine;
  const alerts = () => engine().snapshotParts(clock.now()).alerts;
  // Flood and rise alerts of G2 opened at or after `since`, closed ones included.
  const waterKeys = (since = Number.NEGATIVE_INFINITY) =>
    alerts()
      .filter((a) => a.subject.code === 'G2' && !a.class.startsWith('station.') && a.openedAt >= since)
      .map((a) => a.key);
  const history = () =>
    (
      running.collector.feed.snapshot() as { stations: { code: string; history: ReadingPoint[] }[] }
    ).stations.find((s) => s.code === 'G2')?.history ?? [];

  it('opens no flood or rise alert for 50.25 → 58.00 → 50.50, fires no rung, and marks 58.00 suspect', async () => {
    for (const [m, level] of [
      [-30, 50.2],
      [-20, 50.22],
      [-10, 50.24],
      [0, 50.25],
    ] as const)
      await reading(m, level);
    await reading(10, 58.0);
    expect(waterKeys()).toEqual([]);
    const suspect = alerts().find((a) => a.key === 'station.suspect:G2');
    expect(suspect).toMatchObject({
      severity: 'info',
      ladder: 'none',
      state: 'triggered',
      nextEscalationAt: null,
    });
    expect(history().at(-1)).toEqual({ at: T0 + 10 * MINUTE, level: 58, suspect: true });
    await reading(20, 50.5);
    for (let m = 21; m <= 29; m++) {
      clock.set(T0 + m * MINUTE);
      engine().tick();
    }
    expect(waterKeys()).toEqual([]);
    expect(
      engine()
        .repos.audit.latest()
        .filter((e) => e.action === 'escalated'),
    ).toEqual([]);
    // The watch feed marked it as it arrived, and it stays suspect once contradicted.
    await until(() => fed.some((r) => r.level === 50.5));
    expect(fed.find((r) => r.level === 58)).toEqual({ at: T0 + 10 * MINUTE, level: 58, suspect: true });
    expect(history().find((r) => r.level === 58)?.suspect).toBe(true);
  });

  it('alarms on a real rise to 52.10 once 52.15 confirms it, counting 52.10 from when it was observed', async () => {
    // An hour of steady readings first, so the only rise in the rate window is the real one.
    for (let m = 30; m <= 80; m += 10) await reading(m, 50.5);
    const since = T0 + 90 * MINUTE;
    await reading(90, 52.1);
    expect(waterKeys(since)).toEqual([]);
    await reading(100, 52.15);
    // Over 警戒 51.80 (and in its blue band); the steady hour before keeps the fitted rate at 0.30 m/h, the alarm.
    expect(waterKeys(since)).toEqual(['water.blue:G2', 'water.warning:G2']);
    expect(history().find((r) => r.level === 52.1)).toEqual({ at: T0 + 90 * MINUTE, level: 52.1 });
    await until(() => fed.some((r) => r.level === 52.15));
    // The feed sent 52.10 again without the mark, at its observed time.
    expect(fed.filter((r) => r.level === 52.1)).toEqual([
      { at: T0 + 90 * MINUTE, level: 52.1, suspect: true },
      { at: T0 + 90 * MINUTE, level: 52.1 },
    ]);
  });
});
