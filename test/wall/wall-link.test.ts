import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createWall } from '../../src/wall/main.js';
import { startCollectorProcess } from '../helpers/collector-process.js';
import { startCollector } from '../helpers/start-collector.js';
import { demoConfigWithHeartbeat, fakeTerminal, startTestWall, until } from './wall-harness.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('the wall and a collector that stops answering', () => {
  it('learns the heartbeat from the pings and shows the banner after 2.5 silent heartbeats, not 2.5 × 15 s', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dutywatch-wall-link-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const collector = await startCollectorProcess(demoConfigWithHeartbeat(dir, 1), join(dir, 'c.db'));
    cleanups.push(() => collector.kill9());
    const { wall } = startTestWall(collector.url, 80, 24, { lang: 'en', isTty: true, redrawMs: 200 });
    cleanups.push(() => wall.stop());
    const header = () => wall.screen.text().slice(0, 8).join('\n');
    await until(() => header().includes('[LIVE]'), 10_000, 'the link');
    // Three pings a second apart: the interval is measured.
    await new Promise((resolve) => setTimeout(resolve, 3200));
    // A frozen collector keeps its TCP connection open: only the missing pings tell.
    collector.child.kill('SIGSTOP');
    const stoppedAt = Date.now();
    await until(() => header().includes('LINK DOWN since'), 8_000, 'the banner');
    expect(Date.now() - stoppedAt).toBeLessThan(5_000);
    collector.child.kill('SIGCONT');
    await until(
      () => header().includes('[LIVE]') && !header().includes('LINK DOWN'),
      10_000,
      'the link back',
    );
  }, 25_000);
});

describe('the wall and a collector that refuses it', () => {
  it('says so in the banner, with the HTTP status, and keeps running', async () => {
    const running = await startCollector();
    cleanups.push(() => running.stop());
    const terminal = fakeTerminal(80, 24);
    const events: string[] = [];
    const wall = createWall({
      url: running.url,
      token: 'not-a-token',
      lang: 'en',
      isTty: true,
      pageSeconds: 0,
      heartbeatMs: 15_000,
      terminal: 'linux',
      output: terminal.output,
      input: terminal.input,
      redrawMs: 200,
      onLinkEvent: (line) => events.push(line),
    });
    cleanups.push(() => wall.stop());
    const screen = () => wall.screen.text().join('\n');
    await until(
      () => screen().includes("the collector refused this wall's token (HTTP 401)"),
      5_000,
      'the banner',
    );
    expect(screen()).toContain('[REFUSED]');
    expect(wall.layoutKind()).toBe('grid');
    // The --log line for it, with the status, for whoever reads the log the next morning.
    expect(events.join('\n')).toMatch(new RegExp(`refused by ${running.url}: HTTP 401`));
  });
});
