import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../server/config-file.js';
import { DEMO_CONFIG, DEMO_TOKENS, withoutIdleHeartbeats } from '../../src/cli/demo.js';
import { spawnDutywatch } from '../helpers/collector-process.js';
import { connect } from '../helpers/ws-client.js';

const dir = mkdtempSync(join(tmpdir(), 'dutywatch-demo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Frame = {
  type: string;
  simulatedClock?: { startedAt: number };
  alerts?: { key: string }[];
  changes?: { kind: string; alert?: { key: string } }[];
};

// Issue 12.9: on 3 December the demo's reservoir sat over its 防洪高 line shown as normal, because the demo ran
// on today's date; now its night runs in flood season on its own clock, whatever the date.
describe('dutywatch demo on its own clock', () => {
  it('raises 超汛限 during the demo night on a clock in flood season, and says the clock is simulated', async () => {
    const child = spawnDutywatch(['demo', '--no-console', '--data', dir, '--port', '0', '--speed', '600']);
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let log = '';
        child.stderr?.on('data', (d) => {
          log += d;
          const match = /demo\.started .*url=(ws:\/\/[0-9.:]+)/.exec(log);
          if (match?.[1]) resolve(match[1]);
        });
        child.once('exit', (code) => reject(new Error(`demo exited ${code}:\n${log}`)));
      });
      const ws = await connect(url, '/watch', DEMO_TOKENS.officer);
      const key = 'reservoir.over_limit:ST-RES-01';
      const first = await new Promise<Frame>((resolve) => {
        ws.on('message', (data) => {
          const msg = JSON.parse(String(data)) as Frame;
          if (msg.type === 'snapshot') resolve(msg);
        });
      });
      expect(first.simulatedClock?.startedAt).toBe(Date.parse('2026-07-19T20:00:00+08:00'));
      // 白鹭湖水库 passes its 主汛期 limit (51.50) at 21:10 scenario time: 7 s of real time at 600×.
      await new Promise<void>((resolve) => {
        if (first.alerts?.some((a) => a.key === key)) resolve();
        ws.on('message', (data) => {
          const msg = JSON.parse(String(data)) as Frame;
          const alerts = msg.alerts ?? msg.changes?.flatMap((c) => (c.alert ? [c.alert] : [])) ?? [];
          if (alerts.some((a) => a.key === key)) resolve();
        });
      });
      ws.close();
    } finally {
      child.kill('SIGTERM');
    }
  }, 60_000);

  it('leaves out the heartbeat of the telemetry token it does not feed', () => {
    const config = withoutIdleHeartbeats(loadConfigFile(DEMO_CONFIG), ['demo-source']);
    const beating = config.tokens.filter((t) => t.heartbeatMinutes !== undefined).map((t) => t.name);
    expect(beating).toEqual([]);
  });
});
