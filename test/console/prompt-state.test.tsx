import { afterEach, describe, expect, it } from 'vitest';
import { MINUTE } from '../helpers/alert-harness.js';
import { TOKENS } from '../helpers/test-config.js';
import { consoleHarness } from './console-harness.js';
import { until } from './fake-terminal.js';
import { KEYS, settle } from './render-app.js';

type Harness = Awaited<ReturnType<typeof consoleHarness>>;
let harness: Harness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

const promptOf = (frame: string) => /告警 #(\d+) 需要你处理（?(\d+\/\d+)?/.exec(frame);

describe('prompts are state', () => {
  it('shows a console started after alerts climbed past its officer the same prompts as one running all night', async () => {
    const h = await consoleHarness();
    harness = h;
    const early = await h.open(TOKENS.officer);
    await h.level(12.4);
    await until(() => promptOf(early.frame()) !== null);
    const id = Number(promptOf(early.frame())?.[1]);
    // Five minutes unanswered: the ladder moves on to the leader on duty, and on again to the chief.
    h.advance(5 * MINUTE + 1000);
    h.advance(10 * MINUTE + 1000);
    await until(() => early.store.getState().alerts.get(id)?.rung?.target === 'chief');
    expect(promptOf(early.frame())?.[1]).toBe(String(id));

    // An SSH drop: a new console for the same officer, started now, derives the same prompt from the snapshot.
    const late = await h.open(TOKENS.officer);
    await until(() => promptOf(late.frame()) !== null);
    expect(promptOf(late.frame())?.[1]).toBe(String(id));
    // The same queue too: the same place and count, or none beside it in both.
    expect(promptOf(late.frame())?.[2]).toBe(promptOf(early.frame())?.[2]);
    expect(late.store.getState().alerts.get(id)).toEqual(early.store.getState().alerts.get(id));
    expect(late.frame()).toContain('3 局长 王局长');
    // The leader it climbed past is prompted too; nobody off the ladder's path is.
    const leader = await h.open(TOKENS.leader);
    await until(() => promptOf(leader.frame()) !== null);
    const other = await h.open(TOKENS.officer2);
    await settle(100);
    expect(promptOf(other.frame())).toBeNull();
  });
});

describe('the prompt holds still', () => {
  it('acts on the alert shown while other alerts arrive and escalate every second', async () => {
    const h = await consoleHarness();
    harness = h;
    const c = await h.open(TOKENS.officer);
    await h.level(12.4);
    await until(() => promptOf(c.frame()) !== null);
    const shown = Number(promptOf(c.frame())?.[1]);
    // It climbs past the officer; then a newcomer arrives at the officer's rung, which puts it first in the queue.
    h.advance(5 * MINUTE + 1000);
    await h.level(106.5, 'R1');
    await until(() => c.store.getState().alerts.size >= 2);
    await until(() => /（2\/2，还有 1 条/.test(c.frame()));
    expect(promptOf(c.frame())?.[1]).toBe(String(shown));

    // The officer starts acknowledging; meanwhile the alerts keep escalating, one tick a second.
    await c.press('a');
    const ticking = setInterval(() => h.advance(5 * MINUTE + 1000), 1000);
    try {
      await c.press('核实中', KEYS.enter);
      h.advance(5 * MINUTE + 1000);
      await settle(200);
      await c.press(KEYS.enter);
      expect(c.frame()).toContain(`确认 #${shown} `);
      await c.press('y');
      await until(() => h.running.collector.engine.repos.alerts.get(shown)?.state === 'acknowledged');
    } finally {
      clearInterval(ticking);
    }
    const acked = h.running.collector.engine
      .snapshotParts(h.clock.now())
      .alerts.filter((a) => a.state === 'acknowledged');
    expect(acked.map((a) => a.id)).toEqual([shown]);
    // The newcomer is next: it was queued, not lost.
    await c.press(KEYS.escape);
    await until(() => promptOf(c.frame()) !== null && promptOf(c.frame())?.[1] !== String(shown));
  });

  it('steps through the queue with p and acts on the one shown', async () => {
    const h = await consoleHarness();
    harness = h;
    const c = await h.open(TOKENS.officer);
    await h.level(12.4);
    await h.level(106.5, 'R1');
    await until(() => /（1\/2，还有 1 条 · p 下一条）/.test(c.frame()));
    const first = Number(promptOf(c.frame())?.[1]);
    await c.press('p');
    const second = Number(promptOf(c.frame())?.[1]);
    expect(second).not.toBe(first);
    expect(c.frame()).toContain('（2/2');
    await c.press('e');
    expect(c.frame()).toContain(`立即升级 #${second} `);
  });
});
