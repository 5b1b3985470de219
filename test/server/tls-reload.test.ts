import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../server/auth/tokens.js';
import { createCollector } from '../../server/collector.js';
import { connectIngest } from '../../src/client/ingest-client.js';
import { startCollectorProcess, writeConfig } from '../helpers/collector-process.js';
import { TOKENS, testConfig, testConfigInput } from '../helpers/test-config.js';
import { upgradeStatus } from '../helpers/ws-client.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'tls');
const cert = readFileSync(join(FIXTURES, 'localhost.crt'));
const key = readFileSync(join(FIXTURES, 'localhost.key'));
const dir = mkdtempSync(join(tmpdir(), 'dutywatch-tls-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('TLS', () => {
  it('serves wss:// and https:// to a client that trusts the certificate, and a client that does not refuses it', async () => {
    const collector = createCollector({
      config: testConfig(),
      dbPath: join(dir, 'tls.db'),
      tls: { cert, key },
    });
    const port = await collector.listen(0);
    try {
      const ws = await connectIngest(`wss://127.0.0.1:${port}`, TOKENS.source, { ca: cert });
      ws.close();
      await expect(connectIngest(`wss://127.0.0.1:${port}`, TOKENS.source)).rejects.toThrow(
        /self.signed|certificate/i,
      );
      const status = await new Promise<number>((resolve, reject) => {
        get({ host: '127.0.0.1', port, path: '/healthz', ca: cert, servername: 'localhost' }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        }).on('error', reject);
      });
      expect(status).toBe(200);
    } finally {
      await collector.close();
    }
  });
});

describe('config reload on SIGHUP', () => {
  it('rotates a token without a restart, and keeps the running config when the new one is bad', async () => {
    const config = testConfigInput();
    const configPath = writeConfig(dir, config);
    const server = await startCollectorProcess(configPath, join(dir, 'reload.db'));
    try {
      expect(await upgradeStatus(server.url, '/ingest', TOKENS.gauges)).toBe(101);

      // A bad config: refused, and everything keeps working as before.
      writeFileSync(configPath, JSON.stringify({ ...config, stations: [{ code: 'broken' }] }));
      server.child.kill('SIGHUP');
      await waitForLog(server.log, /config\.reload_refused.*stations\[0\]/);
      expect(await upgradeStatus(server.url, '/ingest', TOKENS.gauges)).toBe(101);

      // Rotate the gauges token: the old one stops working, the new one works, with no restart.
      const rotated = {
        ...config,
        tokens: config.tokens.map((t) =>
          t.name === 'gauges' ? { ...t, hash: hashToken('tok-gauges-rotated') } : t,
        ),
      };
      writeFileSync(configPath, JSON.stringify(rotated));
      server.child.kill('SIGHUP');
      await waitForLog(server.log, /config\.reloaded/);
      expect(await upgradeStatus(server.url, '/ingest', TOKENS.gauges)).toBe(401);
      expect(await upgradeStatus(server.url, '/ingest', 'tok-gauges-rotated')).toBe(101);
      expect(server.child.exitCode).toBeNull();
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  }, 30_000);
});

async function waitForLog(log: () => string, pattern: RegExp): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!pattern.test(log())) {
    if (Date.now() > deadline) throw new Error(`log never matched ${pattern}:\n${log()}`);
    await sleep(50);
  }
}
