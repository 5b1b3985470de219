import { mkdirSync, statSync } from 'node:fs';
import { connect as tcpConnect } from 'node:net';
import { join } from 'node:path';
import { runReplay } from '../src/replay/replay-runner.js';
import { writeConfig } from '../test/helpers/collector-process.js';
import { TOKENS, testConfigInput } from '../test/helpers/test-config.js';
import { connect, replies, request } from '../test/helpers/ws-client.js';
import { withDb } from './checks.js';
import { type ChaosCollector, startChaosCollector, waitForLog } from './collector.js';
import { fmt, type Section } from './report.js';

const AT = () => new Date(Date.now() - 60_000).toISOString();

/**
 * Issue 13's holes, each tried against the real binary: a resend after other tokens' traffic has pushed its id out
 * of memory (and after kill -9); a message resent inside a batch spelled otherwise; file modes; refusals logged
 * without the token; a `"tokens": []` reload; 426 and 431; SIGTERM during ingest; replay across kill -9.
 */
export const recordHoles: Section = {
  name: 'record-holes',
  summary:
    'exactly once past the id memory and kill -9, batch resends, file modes, refusals, SIGTERM, replay',
  async run(ctx) {
    const dir = join(ctx.dir, 'record-holes');
    mkdirSync(dir, { recursive: true });
    const input = testConfigInput();
    input.server = { ...input.server, idempotencyMaxIds: 1000 };
    const configPath = writeConfig(dir, input);
    const dbPath = join(dir, 'record.db');
    const problems: string[] = [];
    const check = (isOk: boolean, problem: string) => {
      if (!isOk) problems.push(problem);
    };
    const start = () => startChaosCollector({ configPath, dbPath });
    const others = ctx.quick ? 20_000 : 100_000;

    ctx.progress(`record-holes: a stock issue, ${fmt(others)} other messages, kill -9, resend`);
    let collector = await start();
    let ws = await connect(collector.url, '/ingest', TOKENS.source);
    const base = { warehouse: 'W1', item: 'TENT', at: AT() };
    await request(ws, { ...base, type: 'stock.count', id: 'rh-count', quantity: 100 });
    const issue = { ...base, type: 'stock.movement', id: 'rh-issue', kind: 'out', quantity: 30 };
    await request(ws, issue);
    await sendReadings(collector, others);
    check((await request(ws, issue)).duplicate === true, 'a resend past the id memory was not a duplicate');
    ws.close();
    await collector.kill9();
    collector = await start();
    ws = await connect(collector.url, '/ingest', TOKENS.source);
    check((await request(ws, issue)).duplicate === true, 'a resend after kill -9 was not a duplicate');

    // Stored alone, resent inside a batch with keys in another order and 41.0: skipped, the rest stored.
    const alone = `{"type":"stock.movement","id":"rh-41","warehouse":"W1","item":"TENT","kind":"in","quantity":41,"at":"${base.at}"}`;
    const respelled = `{"quantity":41.0,"at":"${base.at}","kind":"in","item":"TENT","warehouse":"W1","id":"rh-41","type":"stock.movement"}`;
    await request(ws, alone);
    const fresh = `{"type":"stock.movement","id":"rh-42","warehouse":"W1","item":"TENT","kind":"in","quantity":2,"at":"${base.at}"}`;
    const batch = await request(ws, `{"type":"batch","id":"rh-b","messages":[${respelled},${fresh}]}`);
    check(batch.type === 'ack', `a resend inside a batch was refused: ${batch.code}`);
    const balance = withDb(dbPath, (db) =>
      db.prepare("SELECT quantity FROM stock_balance WHERE warehouse = 'W1' AND item = 'TENT'").pluck().get(),
    );
    check(balance === 113, `W1 TENT holds ${balance}, not 113 (100 − 30 once + 41 once + 2)`);
    ws.close();

    const modes = [dbPath, `${dbPath}-wal`, `${dbPath}-shm`].map((f) =>
      (statSync(f).mode & 0o777).toString(8),
    );
    check(
      modes.every((m) => m === '600'),
      `database file modes ${modes.join('/')}, not 600`,
    );

    ctx.progress('record-holes: refusals, 426, 431, a "tokens": [] reload');
    const guessed = 'tok-chaos-guessed-4b1d';
    await connect(collector.url, '/ingest', guessed).catch(() => undefined);
    check((await collector.get('/ingest')).status === 426, 'a plain GET on /ingest was not 426');
    check(
      (await hugeHeader(collector.port)).startsWith('HTTP/1.1 431'),
      'a 100 KB header was not answered 431',
    );
    check(await waitForLog(collector, /auth\.refused .*status=401/), 'a 401 was not logged');
    check(await waitForLog(collector, /http\.client_error .*status=431/), 'the 431 was not logged');
    check(!collector.log().includes(guessed), 'a presented token appears in the log');
    writeConfig(dir, { ...input, tokens: [] });
    collector.hangup();
    check(
      await waitForLog(collector, /config\.reload_refused .*no usable token/),
      'tokens: [] was not refused',
    );
    writeConfig(dir, input);
    ws = await connect(collector.url, '/ingest', TOKENS.source);
    const after = await request(ws, {
      type: 'reading',
      id: 'rh-after',
      station: 'G1',
      observedAt: AT(),
      level: 9,
    });
    check(after.type === 'ack', 'sources were locked out after the refused reload');
    ws.close();
    await collector.stop();

    const sigterms = ctx.quick ? 3 : 30;
    ctx.progress(`record-holes: ${sigterms} SIGTERMs during ingest`);
    let failedPasses = 0;
    for (let i = 0; i < sigterms; i++) {
      collector = await start();
      const source = await connect(collector.url, '/ingest', TOKENS.source);
      for (let k = 0; k < 50; k++)
        source.send(
          JSON.stringify({
            type: 'reading',
            id: `st-${i}-${k}`,
            station: 'G1',
            observedAt: AT(),
            level: 9 + k / 10,
          }),
        );
      const code = await collector.stop();
      source.close();
      if (/evaluate_failed|tick_failed/.test(collector.log()) || code !== 0) failedPasses += 1;
    }
    check(
      failedPasses === 0,
      `${failedPasses} of ${sigterms} SIGTERMs failed an alert pass or exited non-zero`,
    );

    ctx.progress('record-holes: replay across kill -9');
    const replayed = await replayAcrossKill(configPath, dbPath, start);
    check(replayed.acked === replayed.total, `replay finished ${replayed.acked}/${replayed.total}`);
    check(
      replayed.stored === replayed.total,
      `replay stored ${replayed.stored} of ${replayed.total} (twice or lost)`,
    );

    return {
      figures:
        `resend after ${fmt(others)} other messages and kill -9: duplicate; batch resend skipped; modes ${modes[0]}; ` +
        `${sigterms} SIGTERMs, ${failedPasses} failed passes; replay across kill -9 ${replayed.acked}/${replayed.total} acked, ` +
        `${replayed.stored} stored`,
      problems,
    };
  },
};

// Another token's readings, 500 to a batch, all answered.
async function sendReadings(collector: ChaosCollector, total: number): Promise<void> {
  const gauges = await connect(collector.url, '/ingest', TOKENS.gauges);
  const inbox = replies(gauges);
  const batches = Math.ceil(total / 500);
  for (let b = 0; b < batches; b++) {
    const messages = Array.from({ length: 500 }, (_, i) => ({
      type: 'reading',
      id: `rh-g-${b}-${i}`,
      station: 'G1',
      observedAt: AT(),
      level: 9,
    }));
    gauges.send(JSON.stringify({ type: 'batch', id: `rh-gb-${b}`, messages }));
  }
  await inbox.waitFor(batches);
  gauges.close();
}

function hugeHeader(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = tcpConnect(port, '127.0.0.1');
    let text = '';
    socket.on('data', (d) => {
      text += d;
    });
    socket.on('close', () => resolve(text));
    socket.on('error', () => resolve(text));
    socket.write(`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(100 * 1024)}\r\n\r\n`);
  });
}

async function replayAcrossKill(
  configPath: string,
  dbPath: string,
  start: () => Promise<ChaosCollector>,
): Promise<{ total: number; acked: number; stored: number }> {
  const first = await start();
  const t0 = Date.now() - 3_600_000;
  const total = 300;
  let bounce: Promise<ChaosCollector> | undefined;
  const result = await runReplay({
    url: first.url,
    token: TOKENS.source,
    scenario: {
      name: 'record-holes',
      title: undefined,
      start: t0,
      steps: Array.from({ length: total }, (_, i) => ({
        t: i * 0.03,
        message: {
          type: 'reading',
          id: `rp-${i}`,
          station: 'G1',
          observedAt: new Date(t0 + i * 30).toISOString(),
          level: 9,
        },
      })),
    },
    speed: 1,
    startAt: t0,
    window: 20,
    onProgress: (p) => {
      if (bounce || p.acked < 100) return;
      bounce = first.kill9().then(() => startChaosCollector({ configPath, dbPath, port: first.port }));
    },
  });
  const second = await bounce;
  await second?.stop();
  const stored = withDb(dbPath, (db) =>
    db.prepare("SELECT count(*) FROM journal WHERE msg_id LIKE 'rp-%'").pluck().get(),
  ) as number;
  return { total, acked: result.acked, stored };
}
