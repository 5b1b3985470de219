import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { type Config, configSchema } from '../../src/protocol/index.js';
import { collectorsPerTest } from '../helpers/collector-per-test.js';
import { connectedStore } from '../helpers/connected-store.js';
import { manualClock } from '../helpers/start-collector.js';
import { TOKENS, testConfigInput } from '../helpers/test-config.js';
import { type Frame, watch } from '../helpers/watch-client.js';
import { connect, type Reply, replies } from '../helpers/ws-client.js';

const collectors = collectorsPerTest();

const withCap = (pages: number | undefined): Config => {
  const input = testConfigInput();
  input.server = { ...input.server, ...(pages === undefined ? {} : { maxDatabasePages: pages }) };
  return configSchema.parse(input);
};

const storageOf = (frames: Frame[]) =>
  frames.filter((f) => f.type === 'clock' || f.type === 'snapshot').at(-1)?.['storage'];

describe('a full database', () => {
  it('refuses ingest with STORAGE_FULL, tells watchers and /healthz, and recovers without a restart', async () => {
    const running = await collectors.start({ config: withCap(undefined) });
    const { url, port, collector } = running;
    const watcher = await watch(url, TOKENS.viewer);
    await watcher.until((f) => f.some((x) => x.type === 'snapshot'));
    expect(storageOf(watcher.frames)).toBe('ok');
    // And what a console makes of it: the real connection feeding the real reducer.
    const { store, connection: officerConsole } = connectedStore(url);
    const consoleSees = async (status: string) => {
      const deadline = Date.now() + 5000;
      while (store.getState().storage !== status && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 20));
      return store.getState().storage;
    };
    await new Promise<void>((resolve) => {
      const stop = store.subscribe((s) => {
        if (s.seq !== undefined) {
          stop();
          resolve();
        }
      });
    });

    // SQLite never caps below the pages in use: 16 means "no more room than now".
    collector.reload(withCap(16));
    const source = await connect(url, '/ingest', TOKENS.source);
    const inbox = replies(source);
    const frames = Array.from({ length: 400 }, (_, i) =>
      JSON.stringify({
        type: 'reading',
        id: `full-${i}`,
        station: 'G1',
        observedAt: new Date(Date.now() - 600_000 + i).toISOString(),
        level: 9,
      }),
    );
    for (const frame of frames) source.send(frame);
    const answered = await inbox.waitFor(frames.length);
    const refused = answered.filter((r) => r.code === 'STORAGE_FULL');
    const acked = new Set(answered.filter((r) => r.type === 'ack').map((r) => r.id));
    expect(refused.length).toBeGreaterThan(0);
    expect(acked.size + refused.length).toBe(frames.length);
    expect(refused[0]?.message).toMatch(/full; nothing was stored/);

    await watcher.until((f) => storageOf(f) === 'full', 5000);
    expect(await consoleSees('full')).toBe('full');
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ status: 'degraded', database: 'full' });
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).toContain('dutywatch_storage_ok 0');

    // Room returns (the operator raises the cap, SIGHUP): the screens clear by themselves, before any resend.
    collector.reload(withCap(undefined));
    await watcher.until((f) => storageOf(f) === 'ok', 5000);
    expect(collector.storage.status).toBe('ok');
    expect(await consoleSees('ok')).toBe('ok');

    const resent = frames.filter((_, i) => !acked.has(`full-${i}`));
    const again = replies(source);
    for (const frame of resent) source.send(frame);
    const answers: Reply[] = await again.waitFor(resent.length);
    expect(answers.filter((r) => r.type !== 'ack')).toEqual([]);

    const db = new Database(running.dbPath, { readonly: true });
    const ids = db.prepare("SELECT msg_id FROM journal WHERE msg_id LIKE 'full-%'").pluck().all() as string[];
    db.close();
    expect(ids).toHaveLength(frames.length);
    expect(new Set(ids).size).toBe(frames.length);
    source.close();
    watcher.ws.close();
    await officerConsole.close();
  });
});

describe('an alert engine pass that fails', () => {
  it('still tells watchers the new duty when the retry succeeds (shift change during a failed pass)', async () => {
    const input = testConfigInput();
    input.duty = {
      ...input.duty,
      rotation: [
        { officer: 'P1', leader: 'P2' },
        { officer: 'P5', leader: 'P2' },
      ],
    };
    // 2026-01-01 (the anchor) is P1's day; P5 takes over on 2026-01-02 at 08:30 local (00:30 UTC).
    const clock = manualClock(Date.UTC(2026, 0, 2, 0, 0));
    const running = await collectors.start({ config: configSchema.parse(input), clock });
    const { url, collector } = running;
    const watcher = await watch(url, TOKENS.viewer);
    await watcher.until((f) => f.some((x) => x.type === 'snapshot'));
    const snapshot = watcher.frames.find((f) => f.type === 'snapshot') as Frame & {
      duty: { officer: string; handover: unknown };
    };
    expect(snapshot.duty).toMatchObject({ officer: 'P1', handover: null });

    // Every new alert fails to insert, as a full disk would fail it: the pass that opens one rolls back whole.
    collector.db.exec(
      "CREATE TEMP TRIGGER refuse_alerts BEFORE INSERT ON main.alerts BEGIN SELECT RAISE(FAIL, 'no room'); END",
    );
    clock.set(Date.UTC(2026, 0, 2, 0, 31));
    const source = await connect(url, '/ingest', TOKENS.source);
    const inbox = replies(source);
    source.send(
      JSON.stringify({
        type: 'reading',
        id: 'over',
        station: 'G1',
        observedAt: new Date(clock.now()).toISOString(),
        level: 10.5,
      }),
    );
    expect((await inbox.waitFor(1))[0]?.type).toBe('ack');
    // The evaluation after the reading computes the handover, then fails on the alert.
    await new Promise((resolve) => setTimeout(resolve, 200));
    collector.db.exec('DROP TRIGGER temp.refuse_alerts');

    // The next tick retries the pass; the watcher must hear of the handover it committed.
    const dutyChanges = (frames: Frame[]) =>
      frames.flatMap((f) => (f.changes ?? []) as { kind: string; duty?: { handover: unknown } }[]);
    await watcher.until((f) => dutyChanges(f).some((c) => c.kind === 'duty' && c.duty?.handover), 5000);
    expect(dutyChanges(watcher.frames).filter((c) => c.kind === 'alert').length).toBeGreaterThan(0);
    source.close();
    watcher.ws.close();
  });
});
