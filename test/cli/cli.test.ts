import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { runDutywatch, startCollectorProcess, writeConfig } from '../helpers/collector-process.js';
import { TOKENS, testConfigInput } from '../helpers/test-config.js';
import { connect, replies } from '../helpers/ws-client.js';

const dir = mkdtempSync(join(tmpdir(), 'dutywatch-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('dutywatch --help', () => {
  it('lists every command, and each command describes its options', async () => {
    const top = await runDutywatch(['--help']);
    expect(top.code).toBe(0);
    for (const name of ['demo', 'serve', 'send', 'replay', 'token'])
      expect(top.stdout).toContain(`  ${name} `);
    const serve = await runDutywatch(['serve', '--help']);
    expect(serve.code).toBe(0);
    for (const option of ['--config', '--db', '--port', '--host']) expect(serve.stdout).toContain(option);
    for (const [name, option] of [
      ['send', '--token'],
      ['replay', '--speed'],
      ['token', '--role'],
      ['demo', '--data'],
    ] as const) {
      expect((await runDutywatch([name, '--help'])).stdout).toContain(option);
    }
  }, 30_000);
});

describe('bad usage and bad config', () => {
  it('exits 2 naming an unknown flag', async () => {
    const result = await runDutywatch(['serve', '--prot', '80']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("'--prot'");
  });

  it('exits 2 naming an unknown command', async () => {
    const result = await runDutywatch(['serv']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown command "serv"');
  });

  it('exits 1 naming the first bad field of the config', async () => {
    const config = testConfigInput();
    const gauge = config.stations[0] as { gauge: { warningLevel: unknown } };
    gauge.gauge.warningLevel = 'ten';
    const path = writeConfig(dir, config);
    const result = await runDutywatch([
      'serve',
      '--config',
      path,
      '--db',
      join(dir, 'bad.db'),
      '--port',
      '0',
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('stations[0].gauge.warningLevel: expected number');
  });
});

describe('dutywatch serve', () => {
  it('commits and acks in-flight messages on SIGTERM, then exits 0', async () => {
    const configPath = writeConfig(dir, testConfigInput());
    const server = await startCollectorProcess(configPath, join(dir, 'term.db'));
    const ws = await connect(server.url, '/ingest', TOKENS.source);
    const inbox = replies(ws);
    const observedAt = new Date(Date.now() - 60_000).toISOString();
    for (let i = 0; i < 200; i++) {
      ws.send(JSON.stringify({ type: 'reading', id: `t-${i}`, station: 'G1', observedAt, level: 9 }));
    }
    await inbox.waitFor(1);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    // Every reply is an ack or a clear "shutting down"; every acked message is on disk after the exit.
    expect(inbox.received.every((r) => r.type === 'ack' || r.code === 'SHUTTING_DOWN')).toBe(true);
    const acked = inbox.received.filter((r) => r.type === 'ack').map((r) => r.id);
    expect(acked.length).toBeGreaterThan(0);
    const db = new Database(join(dir, 'term.db'), { readonly: true });
    const stored = new Set(db.prepare('SELECT msg_id FROM journal').pluck().all());
    db.close();
    expect(acked.filter((id) => !stored.has(id))).toEqual([]);
  }, 30_000);

  it('prints a new token and the config entry with its hash', async () => {
    const result = await runDutywatch(['token', 'new', '--name', 'ruhe-gateway', '--role', 'source']);
    expect(result.code).toBe(0);
    const token = /token: (dw_\S+)/.exec(result.stdout)?.[1];
    expect(token).toBeDefined();
    const { hashToken } = await import('../../server/auth/tokens.js');
    expect(result.stdout).toContain(hashToken(token as string));
  });
});
