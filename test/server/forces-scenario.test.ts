import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../server/config-file.js';
import { DEMO_CONFIG, DEMO_SCENARIO, DEMO_TOKENS } from '../../src/cli/demo.js';
import type { Delta, Snapshot } from '../../src/protocol/index.js';
import { runReplay } from '../../src/replay/replay-runner.js';
import { readScenario } from '../../src/replay/scenario.js';
import { applyDelta, applySnapshot } from '../../src/state/apply-feed.js';
import { initialWatchState, type WatchState } from '../../src/state/watch-state.js';
import { collectorsPerTest } from '../helpers/collector-per-test.js';
import { type Frame, watch } from '../helpers/watch-client.js';

const collectors = collectorsPerTest();

describe('the demo night (npm start) and the rescue forces', () => {
  it('sends teams out to its incidents, sees them arrive, and brings them back, as a console follows it', async () => {
    const running = await collectors.start({ config: loadConfigFile(DEMO_CONFIG) });
    const watcher = await watch(running.url, DEMO_TOKENS.viewer);
    await watcher.until((f) => f.length >= 1);
    const result = await runReplay({
      url: running.url,
      token: DEMO_TOKENS.source,
      scenario: readScenario(DEMO_SCENARIO),
      speed: Number.POSITIVE_INFINITY,
      startAt: Date.now() - 7 * 3_600_000,
    });
    expect(result.errors).toBe(0);
    running.collector.feed.flush();
    // The console's state once the feed has carried the last return (folded from every frame, as a console does).
    const stateOf = (frames: Frame[]) =>
      frames.reduce<WatchState>((s, f) => {
        if (f.type === 'snapshot') return applySnapshot(s, f as unknown as Snapshot, 0);
        if (f.type === 'delta') return applyDelta(s, f as unknown as Delta, 0);
        return s;
      }, initialWatchState);
    const trips = (state: WatchState) => [...state.teams.values()].flatMap((t) => t.dispatches);
    await watcher.until((f) => trips(stateOf(f)).filter((d) => d.returnedAt !== null).length >= 1);
    const all = trips(stateOf(watcher.frames));

    // Several teams went out to the night's incidents …
    expect(new Set(all.map((d) => d.team)).size).toBeGreaterThanOrEqual(3);
    expect(new Set(all.map((d) => d.incident)).size).toBeGreaterThanOrEqual(2);
    // … each reached its incident after it left, and those that came back came back after they arrived.
    for (const d of all) {
      expect(d.arrivedAt, `${d.team} → ${d.incident}`).not.toBeNull();
      expect(d.arrivedAt ?? 0).toBeGreaterThanOrEqual(d.departedAt);
    }
    const back = all.filter((d) => d.returnedAt !== null);
    expect(back.length).toBeGreaterThanOrEqual(1);
    for (const d of back)
      expect(d.returnedAt ?? 0).toBeGreaterThanOrEqual(d.arrivedAt ?? Number.POSITIVE_INFINITY);
    // Not every team is back by dawn: the console still shows teams out.
    expect(all.some((d) => d.returnedAt === null)).toBe(true);
  }, 60_000);
});
