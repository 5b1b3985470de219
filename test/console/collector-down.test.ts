import { afterEach, describe, expect, it, vi } from 'vitest';

// Ink reads CI when it is imported and then draws only its last frame; the console's main.ts clears it the same way.
vi.hoisted(() => {
  delete process.env['CI'];
  delete process.env['CONTINUOUS_INTEGRATION'];
});

const { alertHarness, MINUTE } = await import('../helpers/alert-harness.js');
const { TOKENS } = await import('../helpers/test-config.js');
const { configWithPhones } = await import('./console-harness.js');
const { until } = await import('./fake-terminal.js');
const { xtermTerminal } = await import('./xterm-terminal.js');
const { consoleOnTerminal } = await import('./console-on-terminal.js');

const stops: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop().catch(() => {});
});

// A countdown that has run past zero: `-16s`, `-2m`.
const NEGATIVE = /(^|\s)-\d+(s|m|h)/;

describe('the console while the collector is down (headless terminal)', () => {
  it('never counts below zero, says nothing escalates, and names whom to phone: the next rung with number', async () => {
    // The test says when the engine runs: its own tick (every second of real time) would fire rung 2 the moment the
    // clock is moved past it, before the collector is stopped, whenever the machine is slow (CI once saw it).
    const config = configWithPhones();
    const h = await alertHarness(Date.UTC(2026, 10, 28, 2, 0), {
      ...config,
      escalation: { ...config.escalation, tickSeconds: 60 },
    });
    stops.push(() => h.stop());
    const t = xtermTerminal(120, 40);
    const warnings: string[] = [];
    const handle = await consoleOnTerminal(t, { url: h.running.url, token: TOKENS.officer }, 'zh', {
      heartbeatMs: 200,
      onWarning: (w) => warnings.push(w),
    });
    stops.push(() => handle.stop());
    const screen = async () => {
      await t.flushed();
      return t.screen().join('\n');
    };
    await h.level(12.4);
    await until(() => t.output().includes('需要你处理'), 10_000);
    // Who has it now and who is called next, with phone and when (item 4).
    await until(() => t.output().includes('升级到 2 带班领导 李强 138-0002-0002'), 10_000);
    expect(await screen()).toMatch(/当前一级：1 值班员 张伟 139-0001-0001/);

    // The escalation is due but the tick has not run yet: the countdown says "due", never a negative number.
    h.clock.advance(6 * MINUTE);
    await h.level(12.5);
    await until(() => t.output().includes('期限：已到'), 10_000);
    expect(await screen()).not.toMatch(NEGATIVE);

    // The collector goes away: nothing escalates meanwhile, and the prompt says whom to phone instead.
    await h.running.stop();
    await until(() => t.output().includes('联系不上'), 20_000);
    // The frame that says so may arrive in several writes: read the screen once it shows the whole line.
    let down = await screen();
    await until(() => {
      void screen().then((s) => {
        down = s;
      });
      return down.includes('期间不会自动升级');
    }, 10_000);
    expect(down).toContain('期间不会自动升级');
    expect(down.replace(/\n/g, '')).toContain('请直接打电话给 2 带班领导 李强 138-0002-0002');
    expect(down).not.toMatch(NEGATIVE);
    // --log keeps the outage.
    expect(warnings.some((w) => w.startsWith('link: lost'))).toBe(true);
  });
});
