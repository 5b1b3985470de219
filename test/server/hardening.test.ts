import { chmodSync, closeSync, mkdtempSync, openSync, statSync } from 'node:fs';
import { connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ReloadRefusedError } from '../../server/collector.js';
import { createLogger, type Logger } from '../../src/log/logger.js';
import { configSchema } from '../../src/protocol/index.js';
import { collectorsPerTest } from '../helpers/collector-per-test.js';
import { g1Reading } from '../helpers/ingest-messages.js';
import { TOKENS, testConfigInput } from '../helpers/test-config.js';
import { connect, request, upgradeStatus } from '../helpers/ws-client.js';

const collectors = collectorsPerTest();

/** A logger whose lines the test reads. */
function capturingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const stream = { write: (line: string) => lines.push(line) } as unknown as NodeJS.WritableStream;
  return { logger: createLogger(stream), lines };
}

const modeOf = (path: string) => statSync(path).mode & 0o777;

describe('database files (issue 13, item 6)', () => {
  it('creates the database, its WAL and its shared-memory file readable by the owner only', async () => {
    const running = await collectors.start();
    const ws = await connect(running.url, '/ingest', TOKENS.source);
    expect(await request(ws, g1Reading('m-1'))).toMatchObject({ type: 'ack' });
    ws.close();
    const { dbPath } = running;
    expect([modeOf(dbPath), modeOf(`${dbPath}-wal`), modeOf(`${dbPath}-shm`)]).toEqual([0o600, 0o600, 0o600]);
  });

  it('tightens a database file an older version left world-readable', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dutywatch-test-'));
    const dbPath = join(dir, 'collector.db');
    closeSync(openSync(dbPath, 'w'));
    chmodSync(dbPath, 0o644);
    await collectors.start({ dir });
    expect(modeOf(dbPath)).toBe(0o600);
  });
});

describe('refusals are logged without the token (issue 13, item 6)', () => {
  it('logs 401, 403 and a rate-limit cut-off with the address and reason, never the token presented', async () => {
    const { logger, lines } = capturingLogger();
    const input = testConfigInput();
    input.server = { rateLimitPerSecond: 1, rateLimitBurst: 1 };
    const running = await collectors.start({ config: configSchema.parse(input), logger });
    const guessed = 'tok-guessed-secret-8f3a';
    expect(await upgradeStatus(running.url, '/ingest', guessed)).toBe(401);
    expect(await upgradeStatus(running.url, '/ingest', TOKENS.viewer)).toBe(403);
    const flooder = await connect(running.url, '/ingest', TOKENS.source);
    const closed = new Promise<number>((resolve) => flooder.once('close', resolve));
    for (let i = 0; i < 150; i++) flooder.send(JSON.stringify(g1Reading(`f-${i}`)));
    expect(await closed).toBe(1008);

    const refused = lines.filter((l) => l.includes('auth.refused'));
    expect(refused).toHaveLength(2);
    expect(refused[0]).toMatch(/address=\S*127\.0\.0\.1 status=401 path=\/ingest reason=/);
    expect(refused[1]).toMatch(/status=403 .*role viewer may not use \/ingest/);
    expect(lines.find((l) => l.includes('ratelimit.cut_off'))).toMatch(
      /address=\S*127\.0\.0\.1 name=all-sources endpoint=\/ingest reason=/,
    );
    const log = lines.join('');
    for (const secret of [guessed, TOKENS.viewer, TOKENS.source]) expect(log).not.toContain(secret);
  });
});

describe('plain HTTP at the edges (issue 13, item 6)', () => {
  it('answers a plain GET on /ingest and /watch with 426 Upgrade Required', async () => {
    const running = await collectors.start();
    for (const path of ['/ingest', '/watch']) {
      const res = await fetch(`http://127.0.0.1:${running.port}${path}`);
      expect(res.status).toBe(426);
      expect(res.headers.get('upgrade')).toBe('websocket');
      expect(await res.text()).toMatch(/WebSocket endpoint/);
    }
  });

  it('answers a 100 KB header with 431 and logs it, instead of resetting the connection', async () => {
    const { logger, lines } = capturingLogger();
    const running = await collectors.start({ logger });
    const { port } = running;
    const response = await new Promise<string>((resolve, reject) => {
      const socket = tcpConnect(port, '127.0.0.1');
      let text = '';
      socket.on('data', (d) => {
        text += d;
      });
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
      socket.write(`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(100 * 1024)}\r\n\r\n`);
    });
    expect(response).toMatch(/^HTTP\/1\.1 431 Request Header Fields Too Large/);
    expect(lines.find((l) => l.includes('http.client_error'))).toMatch(/status=431 code=HPE_HEADER_OVERFLOW/);
  });
});

describe('a reload that would lock everyone out (issue 13, item 6)', () => {
  it('refuses "tokens": [] with a clear message and keeps the running tokens', async () => {
    const input = testConfigInput();
    const running = await collectors.start({ config: configSchema.parse(input) });
    const ws = await connect(running.url, '/ingest', TOKENS.source);
    const empty = configSchema.parse({ ...input, tokens: [] });
    expect(() => running?.collector.reload(empty)).toThrow(ReloadRefusedError);
    expect(() => running?.collector.reload(empty)).toThrow(/no usable token.*server\.allowNoTokens/);
    const allRevoked = configSchema.parse({
      ...input,
      tokens: input.tokens.map((t) => ({ ...t, revoked: true })),
    });
    expect(() => running?.collector.reload(allRevoked)).toThrow(ReloadRefusedError);
    expect(await request(ws, g1Reading('still-on'))).toMatchObject({ type: 'ack' });
    expect(await upgradeStatus(running.url, '/ingest', TOKENS.source)).toBe(101);
    ws.close();
  });

  it('takes "tokens": [] when server.allowNoTokens says so', async () => {
    const input = testConfigInput();
    const running = await collectors.start({ config: configSchema.parse(input) });
    running.collector.reload(
      configSchema.parse({ ...input, tokens: [], server: { ...input.server, allowNoTokens: true } }),
    );
    expect(await upgradeStatus(running.url, '/ingest', TOKENS.source)).toBe(401);
  });
});

describe('shutdown order (issue 13, item 6)', () => {
  it('stops judging new data before the database closes, even with an evaluation due', async () => {
    // The race is narrow: five rounds make it near-certain to show if the order is ever wrong again.
    for (let round = 0; round < 5; round++) {
      const { logger, lines } = capturingLogger();
      const running = await collectors.start({ logger });
      const { collector } = running;
      const ws = await connect(running.url, '/ingest', TOKENS.source);
      // A first reading and its evaluation, so the next commit's evaluation waits out the 25 ms spacing.
      expect(await request(ws, g1Reading('first'))).toMatchObject({ type: 'ack' });
      await new Promise((resolve) => setTimeout(resolve, 5));
      // The collector stops from inside the next commit, with that commit's evaluation due and the source
      // already leaving, so the database closes before the evaluation's turn comes.
      let closing: Promise<void> | undefined;
      collector.onCommitted(() => {
        closing ??= collector.close();
      });
      ws.send(JSON.stringify({ ...g1Reading('last'), level: 12.5 }));
      ws.close();
      await new Promise<void>((resolve) => ws.once('close', () => resolve()));
      await closing;
      expect(collector.db.open).toBe(false);
      // Long enough for an evaluation left behind (due within 25 ms) to have run and failed.
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(lines.filter((l) => / error /.test(l))).toEqual([]);
      await running.stop();
    }
  });
});
