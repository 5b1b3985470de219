import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/package-root.js';
import { startCollectorProcess, writeConfig } from '../helpers/collector-process.js';
import { freePort } from '../helpers/free-port.js';
import { TOKENS, testConfigInput } from '../helpers/test-config.js';
import { connect, request } from '../helpers/ws-client.js';

const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const HEARTBEAT_SECONDS = 2;

type Collector = Awaited<ReturnType<typeof startCollectorProcess>>;

function tmux(...args: string[]): string {
  return execFileSync('tmux', args, { encoding: 'utf8' });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let session: string | undefined;
let collector: Collector | undefined;
let dir: string | undefined;
afterEach(async () => {
  if (session) spawnSync('tmux', ['kill-session', '-t', session]);
  session = undefined;
  if (collector && collector.child.exitCode === null && collector.child.signalCode === null)
    await collector.kill9();
  collector = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe.skipIf(!hasTmux)('the console in a real terminal (tmux)', () => {
  it('prompts, acknowledges, shows the collector going away and coming back, and gives the terminal back', async () => {
    dir = mkdtempSync(join(tmpdir(), 'dutywatch-tmux-'));
    const config = testConfigInput();
    config.server = { ...config.server, heartbeatSeconds: HEARTBEAT_SECONDS };
    const configPath = writeConfig(dir, config);
    const dbPath = join(dir, 'collector.db');
    const port = await freePort();
    collector = await startCollectorProcess(configPath, dbPath, ['--port', String(port)]);
    expect(collector.port).toBe(port);

    const name = `dutywatch-${process.pid}-${Date.now()}`;
    session = name;
    const command = [
      'env -u CI -u CONTINUOUS_INTEGRATION DUTYWATCH_FROM_SOURCE=1',
      `node bin/dutywatch.js console --url ws://127.0.0.1:${port} --token ${TOKENS.officer} --lang en`,
      `--heartbeat ${HEARTBEAT_SECONDS}`,
    ].join(' ');
    tmux(
      'new-session',
      '-d',
      '-s',
      name,
      '-x',
      '100',
      '-y',
      '30',
      '-c',
      packageRoot(),
      `bash -c '${command}; echo DONE-$?; exec sleep 60'`,
    );
    const pane = () => tmux('capture-pane', '-p', '-t', name);
    const waitFor = async (test: (text: string) => boolean, timeoutMs: number, what: string) => {
      const start = Date.now();
      for (;;) {
        const text = pane();
        if (test(text)) return Date.now() - start;
        if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}; pane:\n${text}`);
        await sleep(100);
      }
    };
    const keys = async (...sequence: string[]) => {
      for (const key of sequence) {
        tmux('send-keys', '-t', name, ...(key.length === 1 ? ['-l', key] : [key]));
        await sleep(150);
      }
    };

    await waitFor((t) => t.includes('Test County') && t.includes('live'), 10_000, 'the header');

    // A reading over G1's warning line (10.0 m): a prompt for the officer on duty must appear within 2 s.
    const source = await connect(collector.url, '/ingest', TOKENS.source);
    const sentAt = Date.now();
    const reply = await request(source, {
      type: 'reading',
      id: 'tmux-1',
      station: 'G1',
      observedAt: new Date().toISOString(),
      level: 10.4,
    });
    expect(reply.type).toBe('ack');
    await waitFor((t) => /Alert #\d+ needs you/.test(t), 2_000, 'the prompt');
    const promptMs = Date.now() - sentAt;
    console.info(`console-tmux: prompt on screen ${promptMs} ms after the reading was sent`);
    expect(promptMs).toBeLessThan(2_000);
    source.close();

    // a, a reason, Enter, the default re-check choice, Enter, then y once the confirm step's guard has passed.
    await keys('a');
    tmux('send-keys', '-t', name, '-l', 'checked the gauge');
    await sleep(150);
    await keys('Enter', 'Enter');
    await waitFor((t) => t.includes('[y/N]'), 2_000, 'the confirm step');
    await sleep(400);
    await keys('y');
    await waitFor((t) => /acknowledged by Zhang Wei at/.test(t), 3_000, 'the acknowledgement');
    const db = new Database(dbPath, { readonly: true, fileMustExist: true });
    try {
      const rows = db.prepare("SELECT actor, action FROM audit_log WHERE action='acknowledged'").all() as {
        actor: string;
        action: string;
      }[];
      expect(rows).toEqual([{ actor: 'P1', action: 'acknowledged' }]);
    } finally {
      db.close();
    }

    // The collector dies without a word: the console says so within 2.5 heartbeats (+1 s).
    await collector.kill9();
    const offlineMs = await waitFor(
      (t) => /offline since \d\d:\d\d:\d\d/.test(t),
      HEARTBEAT_SECONDS * 2500 + 1000,
      'offline',
    );
    console.info(`console-tmux: offline shown ${offlineMs} ms after SIGKILL`);

    // Back on the same port: the console reconnects by itself.
    collector = await startCollectorProcess(configPath, dbPath, ['--port', String(port)]);
    const backMs = await waitFor((t) => t.includes('live') && !/offline since/.test(t), 15_000, 'live again');
    console.info(`console-tmux: live again ${backMs} ms after the restart`);

    // q gives the shell its screen back: main screen, cursor visible, exit code 0.
    await keys('q');
    await waitFor((t) => t.includes('DONE-0'), 5_000, 'the console to exit');
    expect(tmux('display', '-p', '-t', name, '#{alternate_on}').trim()).toBe('0');
    expect(tmux('display', '-p', '-t', name, '#{cursor_flag}').trim()).toBe('1');
  }, 40_000);
});
