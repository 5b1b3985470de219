import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../server/config-file.js';
import { CLOSED_INCIDENT_VISIBLE_MS } from '../../server/live/live-picture.js';
import { createLiveQueries } from '../../server/live/live-queries.js';
import { DEMO_CONFIG, DEMO_SCENARIO, DEMO_TOKENS } from '../../src/cli/demo.js';
import { decideIncident } from '../../src/domain/incident-level.js';
import { runReplay } from '../../src/replay/replay-runner.js';
import { readScenario } from '../../src/replay/scenario.js';
import { collectorsPerTest } from '../helpers/collector-per-test.js';
import { TOKENS } from '../helpers/test-config.js';
import { type Frame, streamReadings, watch } from '../helpers/watch-client.js';
import { upgradeStatus } from '../helpers/ws-client.js';

const collectors = collectorsPerTest();

const readingsIn = (frames: Frame[]) =>
  frames
    .flatMap((f) => (f.changes ?? []) as { kind: string; reading?: { at: number } }[])
    .filter((c) => c.kind === 'reading');

describe('/watch', () => {
  it('sends a snapshot that equals what the database holds after the flood-night scenario', async () => {
    const config = loadConfigFile(DEMO_CONFIG);
    const running = await collectors.start({ config });
    const scenario = readScenario(DEMO_SCENARIO);
    const result = await runReplay({
      url: running.url,
      token: DEMO_TOKENS.source,
      scenario,
      speed: Number.POSITIVE_INFINITY,
      startAt: Date.now() - 7 * 3_600_000,
    });
    expect(result.errors).toBe(0);
    running.collector.feed.flush();
    const watcher = await watch(running.url, DEMO_TOKENS.viewer);
    await watcher.until((f) => f.length >= 1);
    const snapshot = watcher.frames[0] as Frame & {
      stations: { code: string; history: unknown[] }[];
      stock: unknown[];
      incidents: unknown[];
    };
    expect(snapshot.type).toBe('snapshot');
    expect(snapshot.resync).toBe(false);

    // The truth, read through a separate connection to the same file.
    const db = new Database(running.dbPath, { readonly: true });
    const truth = createLiveQueries(db);
    expect(Object.fromEntries(snapshot.stations.map((s) => [s.code, s.history]))).toEqual(
      Object.fromEntries(config.stations.map((s) => [s.code, truth.history(s.code)])),
    );
    expect(snapshot.stock).toEqual(truth.allStock());
    const policy = { countMissingTowardLevel: config.reporting.countMissingTowardLevel };
    expect(snapshot.incidents).toEqual(
      truth.liveIncidents(Date.now() - CLOSED_INCIDENT_VISIBLE_MS).map((i) => decideIncident(i, policy)),
    );
    const counts = db
      .prepare('SELECT (SELECT COUNT(*) FROM incidents) AS i, (SELECT COUNT(*) FROM stock_balance) AS s')
      .get();
    db.close();
    expect(counts).toEqual({ i: snapshot.incidents.length, s: snapshot.stock.length });
    expect(snapshot.stock.length).toBeGreaterThan(20);
    watcher.ws.close();
  });

  it('delivers every change of a 5,000-message stream in order, without gaps or repeats', async () => {
    const running = await collectors.start();
    const watcher = await watch(running.url, TOKENS.viewer);
    await streamReadings(running.url, TOKENS.source, 5000);
    await watcher.until((f) => readingsIn(f).length >= 5000);
    const [snapshot, ...deltas] = watcher.frames.filter((f) => f.type !== 'clock');
    expect(snapshot?.type).toBe('snapshot');
    expect(deltas.map((d) => d.seq)).toEqual(deltas.map((_, i) => (snapshot?.seq ?? 0) + i + 1));
    const times = readingsIn(deltas).map((c) => c.reading?.at ?? 0);
    expect(times).toHaveLength(5000);
    expect(new Set(times).size).toBe(5000);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    watcher.ws.close();
  });

  it('resumes a cut watcher with exactly the deltas it missed', async () => {
    const running = await collectors.start();
    const steady = await watch(running.url, TOKENS.viewer);
    const cut = await watch(running.url, TOKENS.officer);
    await streamReadings(running.url, TOKENS.source, 1000, { idPrefix: 'a' });
    await cut.until((f) => readingsIn(f).length >= 1000);
    const { seq: since, epoch } = cut.frames.at(-1) as Frame;
    cut.ws.terminate();
    await streamReadings(running.url, TOKENS.source, 1000, {
      idPrefix: 'b',
      start: Date.now() - 3 * 3_600_000,
    });
    const resumed = await watch(running.url, TOKENS.officer, { since, epoch });
    await steady.until((f) => readingsIn(f).length >= 2000);
    await resumed.until((f) => f.at(-1)?.seq === steady.lastSeq());
    expect(resumed.frames.some((f) => f.type === 'snapshot')).toBe(false);
    const joined = [...cut.frames, ...resumed.frames].filter((f) => f.type === 'delta');
    expect(joined).toEqual(steady.frames.filter((f) => f.type === 'delta'));
    steady.ws.close();
    resumed.ws.close();
  });

  it('answers a resume from another epoch, or from beyond the window, with a resync snapshot', async () => {
    const running = await collectors.start();
    const first = await watch(running.url, TOKENS.viewer);
    await first.until((f) => f.length >= 1);
    const epoch = (first.frames[0] as Frame).epoch;
    const wrongEpoch = await watch(running.url, TOKENS.viewer, { since: 0, epoch: 'another' });
    await wrongEpoch.until((f) => f.length >= 1);
    expect(wrongEpoch.frames[0]).toMatchObject({ type: 'snapshot', resync: true });
    const future = await watch(running.url, TOKENS.viewer, { since: 99, epoch });
    await future.until((f) => f.length >= 1);
    expect(future.frames[0]).toMatchObject({ type: 'snapshot', resync: true });
    for (const w of [first, wrongEpoch, future]) w.ws.close();
  });

  it('keeps memory bounded for a stalled watcher and resyncs it with a snapshot when it drains', async () => {
    // 12 MB of deltas against a 256 KiB high-water mark: loopback's kernel buffers (several MB, autotuned) can
    // never absorb them all, so the watcher is stalled however the machine schedules the two ends.
    const running = await collectors.start({ feedIntervalMs: 0, feedHighWaterBytes: 256 * 1024 });
    const stalled = await watch(running.url, TOKENS.viewer);
    await stalled.until((f) => f.length >= 1);
    const socket = (stalled.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    socket.pause();
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    const before = process.memoryUsage().heapUsed;
    const seqBefore = running.collector.feed.seq;
    // At most ten messages per commit (ten in flight), so at least 5,000 deltas — 12 MB — while the watcher reads
    // nothing. (One per commit made this test 50,000 fsyncs long: minutes on a busy machine.)
    await streamReadings(running.url, TOKENS.source, 50_000, { window: 10 });
    running.collector.feed.flush();
    gc?.();
    const grown = process.memoryUsage().heapUsed - before;
    const deltas = running.collector.feed.seq - seqBefore;
    // The alert engine adds a few deltas of its own.
    expect(deltas).toBeGreaterThanOrEqual(5_000);
    expect(grown).toBeLessThan(50 * 1024 * 1024);
    socket.resume();
    // Checked as each frame arrives, so looking at the newest one is enough (and stays cheap over 50,000 frames).
    // The socket buffers hold megabytes of deltas to drain first; on a loaded machine that took over 30 s.
    await stalled.until((f) => f.at(-1)?.type === 'snapshot' && f.at(-1)?.resync === true, 120_000);
    const resync = stalled.frames.findLast((f) => f.type === 'snapshot') as Frame;
    const fresh = running.collector.feed.snapshot() as Frame;
    expect(resync.seq).toBeLessThanOrEqual(fresh.seq);
    // Converged: the resync snapshot plus any deltas after it reach the collector's current seq.
    await stalled.until((f) => f.at(-1)?.seq === running.collector.feed.seq);
    expect(stalled.frames.length).toBeLessThan(deltas);
    stalled.ws.close();
  }, 240_000);

  it('welcomes each watcher with the identity its actions will carry', async () => {
    const running = await collectors.start();
    const officer = await watch(running.url, TOKENS.officer);
    await officer.until((f) => f.length >= 1);
    expect(officer.welcome()).toMatchObject({
      type: 'welcome',
      token: 'officer',
      role: 'officer',
      person: 'P1',
    });
    officer.ws.close();
  });

  it('refuses a source token and accepts every watching role', async () => {
    const running = await collectors.start();
    expect(await upgradeStatus(running.url, '/watch', TOKENS.source)).toBe(403);
    for (const role of ['viewer', 'officer', 'leader', 'admin'] as const) {
      expect(await upgradeStatus(running.url, '/watch', TOKENS[role])).toBe(101);
    }
  });
});
