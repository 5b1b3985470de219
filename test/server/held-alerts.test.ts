import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type Collector, createCollector } from '../../server/collector.js';
import { configSchema } from '../../src/protocol/index.js';
import { alertHarness, MINUTE } from '../helpers/alert-harness.js';
import { manualClock } from '../helpers/start-collector.js';
import { TOKENS, testConfigInput } from '../helpers/test-config.js';
import { connect, request } from '../helpers/ws-client.js';

// Issue 15.6: a 超汛限 alert paged the leader at 09-01 00:03, after the flood-limit period had ended; a restart
// closed an ongoing silent-source alarm as "condition cleared" and restarted its ladder.
describe('held alerts stop climbing', () => {
  it('fires no rung inside the clearing hold when the 汛限 period ends under an open 超汛限', async () => {
    // R1: 汛限 101.00 until 07-31, 102.00 from 08-01; the default ladder's rung 2 is due 5 min after opening.
    const h = await alertHarness(Date.parse('2026-07-31T23:57+08:00'));
    try {
      await h.level(101.5, 'R1');
      const alert = h.open('reservoir.over_limit:R1');
      // 08-01 00:01: the limit is 102.00, so 101.50 is clear; rung 2 falls due at 00:02 inside the hold.
      for (let minute = 0; minute < 10; minute++) h.advance(MINUTE);
      expect(h.running.collector.engine.repos.alerts.get(alert.id)?.clear_since).not.toBeNull();
      h.advance(5 * MINUTE);
      const log = h.log(alert.id).map((e) => e.action);
      expect(log.filter((a) => a === 'escalated')).toHaveLength(1);
      expect(log.at(-1)).toBe('closed');
    } finally {
      await h.stop();
    }
  });

  it('climbs again, from the rung it stood on, when the condition returns during the hold', async () => {
    const h = await alertHarness();
    try {
      await h.level(10.4);
      const alert = h.open('water.warning:G1');
      await h.level(9.0);
      h.advance(6 * MINUTE);
      expect(h.open('water.warning:G1').step).toBe(0);
      await h.level(10.5);
      h.advance(1000);
      expect(h.open('water.warning:G1').step).toBe(1);
      expect(h.log(alert.id).filter((e) => e.action === 'escalated')).toHaveLength(2);
    } finally {
      await h.stop();
    }
  });
});

describe('a restart during a silent-source alarm', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dutywatch-held-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps the alarm open and its ladder where it was', async () => {
    const input = testConfigInput();
    for (const token of input.tokens) if (token.name === 'gauges') token.heartbeatMinutes = 15;
    const config = configSchema.parse(input);
    const dbPath = join(dir, 'silent.db');
    const start = Date.parse('2026-11-28T10:00+08:00');
    const clock = manualClock(start);
    const open = (collector: Collector) =>
      collector.engine.snapshotParts(clock.now()).alerts.filter((a) => a.key === 'source.silent:gauges');

    const first = createCollector({ config, dbPath, clock });
    const port = await first.listen(0);
    const gauge = await connect(`ws://127.0.0.1:${port}`, '/ingest', TOKENS.gauges);
    const reply = await request(gauge, {
      type: 'reading',
      id: 'g-1',
      station: 'G1',
      observedAt: new Date(start).toISOString(),
      level: 5,
    });
    expect(reply.type).toBe('ack');
    gauge.close();
    // Silent from 10:00: the alarm opens at 10:16 (rung 1, officer) and climbs to the leader at 10:21.
    clock.set(start + 16 * MINUTE);
    first.engine.tick();
    clock.set(start + 22 * MINUTE);
    first.engine.tick();
    const before = open(first);
    expect(before).toHaveLength(1);
    expect(before[0]).toMatchObject({ state: 'triggered', step: 1 });
    await first.close();

    // Back at 10:25 on the same database: the source is still silent since 10:00.
    clock.set(start + 25 * MINUTE);
    const second = createCollector({ config, dbPath, clock });
    try {
      const after = open(second);
      expect(after).toHaveLength(1);
      expect(after[0]).toMatchObject({
        id: before[0]?.id,
        state: 'triggered',
        step: 1,
        nextEscalationAt: before[0]?.nextEscalationAt,
      });
      // The leader's rung runs its full 10 min from 10:21: the chief is next at 10:31, not the officer again.
      clock.set(start + 32 * MINUTE);
      second.engine.tick();
      const log = second.engine.repos.audit.forAlert(before[0]?.id ?? 0);
      expect(log.map((e) => e.action)).not.toContain('closed');
      expect(log.filter((e) => e.action === 'escalated').map((e) => e.text.slice(0, 8))).toEqual([
        'rung 1/4',
        'rung 2/4',
        'rung 3/4',
      ]);
    } finally {
      await second.close();
    }
  });
});
