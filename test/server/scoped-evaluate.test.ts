import { afterEach, describe, expect, it, vi } from 'vitest';
import { configSchema } from '../../src/protocol/index.js';
import { alertHarness, MINUTE } from '../helpers/alert-harness.js';
import { testConfigInput } from '../helpers/test-config.js';

// After a commit of readings the collector judges only the stations it touched (issue 19.2: a crossing no longer
// waits for every other rule); anything else committed, and the tick, judge all rules. Seen here through a rule
// that comes true with time alone: R1 going stale while G1 reports.

const START = Date.UTC(2026, 10, 28, 2, 0);
let harness: Awaited<ReturnType<typeof alertHarness>> | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

/** The test county with its own tick held off for a minute, so only the passes a test causes run. */
const slowTick = () => {
  const input = testConfigInput();
  return configSchema.parse({ ...input, escalation: { ...input.escalation, tickSeconds: 60 } });
};

const isOpen = (h: NonNullable<typeof harness>, key: string) =>
  h.alerts(key).some((alert) => alert.state !== 'closed');

async function reportingThenSilent() {
  const h = await alertHarness(START, slowTick());
  harness = h;
  const at = () => new Date(h.clock.now()).toISOString();
  for (const [station, level] of [
    ['G1', 5],
    ['R1', 100],
  ] as const) {
    const reply = await h.ingest({ type: 'reading', id: `${station}-0`, station, observedAt: at(), level });
    expect(reply).toMatchObject({ type: 'ack' });
  }
  // The evaluations those readings scheduled run within 25 ms; they must not run after the clock moves below.
  await new Promise((resolve) => setTimeout(resolve, 150));
  h.advance(0);
  expect(isOpen(h, 'station.stale:R1')).toBe(false);
  // R1's 30 minutes pass without a reading; no tick has judged it yet.
  h.clock.advance(45 * MINUTE);
  return { h, at };
}

describe('the evaluation after new data', () => {
  it('judges only the stations a commit of readings touched, and the tick judges the rest', async () => {
    const { h, at } = await reportingThenSilent();
    const reply = await h.ingest({
      type: 'reading',
      id: 'G1-1',
      station: 'G1',
      observedAt: at(),
      level: 10.5,
    });
    expect(reply).toMatchObject({ type: 'ack' });

    await vi.waitFor(() => expect(isOpen(h, 'water.warning:G1')).toBe(true), { timeout: 5000 });
    expect(isOpen(h, 'station.stale:R1')).toBe(false);

    h.advance(0);
    expect(isOpen(h, 'station.stale:R1')).toBe(true);
    expect(isOpen(h, 'water.warning:G1')).toBe(true);
  });

  it('judges every rule after a commit that holds more than readings', async () => {
    const { h, at } = await reportingThenSilent();
    const reply = await h.ingest({
      type: 'stock.movement',
      id: 'tents-in',
      warehouse: 'W1',
      item: 'TENT',
      kind: 'in',
      quantity: 50,
      at: at(),
    });
    expect(reply).toMatchObject({ type: 'ack' });

    await vi.waitFor(() => expect(isOpen(h, 'station.stale:R1')).toBe(true), { timeout: 5000 });
  });

  it('hides the milder alert and releases it within passes over the station alone, with no tick', async () => {
    const { h, at } = await reportingThenSilent();
    const send = async (id: string, level: number) =>
      expect(await h.ingest({ type: 'reading', id, station: 'G1', observedAt: at(), level })).toMatchObject({
        type: 'ack',
      });
    await send('G1-high', 12.1);
    await vi.waitFor(() => expect(isOpen(h, 'water.guarantee:G1')).toBe(true), { timeout: 5000 });
    const guarantee = h.open('water.guarantee:G1');
    expect(h.open('water.warning:G1').inhibitedBy).toBe(guarantee.id);
    // Below 保证 past the hold: a later reading's pass closes it and must release the warning in the same pass.
    for (let i = 0; i < 4; i++) {
      h.clock.advance(6 * MINUTE);
      await send(`G1-lower-${i}`, 11);
    }
    await vi.waitFor(() => expect(isOpen(h, 'water.guarantee:G1')).toBe(false), { timeout: 5000 });
    expect(h.open('water.warning:G1').inhibitedBy).toBeNull();
    expect(isOpen(h, 'station.stale:R1')).toBe(false);
  });
});
