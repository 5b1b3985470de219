import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { configSchema } from '../../src/protocol/index.js';
import { collectorsPerTest } from '../helpers/collector-per-test.js';
import { queryAll } from '../helpers/read-database.js';
import { manualClock, type RunningCollector, startCollector } from '../helpers/start-collector.js';
import { stockCount, stockIssue } from '../helpers/stock-issue.js';
import { TOKENS, testConfigInput } from '../helpers/test-config.js';
import { connect, request, sendReadingBatches } from '../helpers/ws-client.js';

const NOW = () => new Date(Date.now() - 60_000).toISOString();
const AT = NOW();

const collectors = collectorsPerTest();
/** The test's collector; a restart replaces it. */
let running: RunningCollector | undefined;

async function source(token: string = TOKENS.source): Promise<WebSocket> {
  if (!running) throw new Error('no collector');
  return collectors.ingest(running.url, token);
}

function readDb<T>(sql: string): T[] {
  if (!running) throw new Error('no collector');
  return queryAll<T>(running.dbPath, sql);
}

const balance = () =>
  readDb<{ quantity: number }>(
    "SELECT quantity FROM stock_balance WHERE warehouse = 'W1' AND item = 'TENT'",
  )[0]?.quantity;

// The smallest memory window there is, so other tokens' traffic certainly pushes the issue's id out of it.
function smallWindowConfig() {
  const input = testConfigInput();
  return configSchema.parse({ ...input, server: { ...input.server, idempotencyMaxIds: 1000 } });
}

const issue = stockIssue(AT);

describe('exactly once for the whole idempotency window (issue 13, item 1)', () => {
  it('acks a stock issue resent after 100,000 other messages and after restarts as a duplicate, and applies it once', async () => {
    const config = smallWindowConfig();
    running = await collectors.start({ config });
    const ws = await source();
    await request(ws, stockCount(AT));
    expect(await request(ws, issue)).toEqual({ v: 1, type: 'ack', id: 'issue-1' });

    // Another token's 100,000 readings, 500 to a batch.
    const gauges = await source(TOKENS.gauges);
    const answers = await sendReadingBatches(gauges, 200, AT);
    expect(answers.filter((a) => a.type !== 'ack')).toEqual([]);
    // The premise: the issue's id left memory and is now only on disk.
    expect(readDb("SELECT 1 FROM ingest_ids_spilled WHERE msg_id = 'issue-1'")).toHaveLength(1);

    expect(await request(ws, issue)).toEqual({ v: 1, type: 'ack', id: 'issue-1', duplicate: true });
    expect(balance()).toBe(70);

    // After a restart, from what is on disk.
    const { dir } = running;
    await running.collector.close();
    running = await collectors.start({ config, dir });
    const again = await source();
    expect(await request(again, issue)).toEqual({ v: 1, type: 'ack', id: 'issue-1', duplicate: true });

    // After a restart whose spill never reached the disk (a crash between eviction and write): rebuilt from
    // the journal at start.
    await running.collector.close();
    const db = new Database(running.dbPath);
    db.exec('DELETE FROM ingest_ids_spilled; DELETE FROM ingest_ids_spilled_tokens');
    db.exec('UPDATE ingest_ids_spill_state SET through_seq = 0');
    db.close();
    running = await collectors.start({ config, dir });
    const third = await source();
    expect(await request(third, issue)).toEqual({ v: 1, type: 'ack', id: 'issue-1', duplicate: true });

    expect(balance()).toBe(70);
    expect(readDb("SELECT 1 FROM stock_ledger WHERE kind = 'out'")).toHaveLength(1);
    // A new id from the same token is still stored: the backstop answers only for ids it holds.
    expect(await request(third, { ...issue, id: 'issue-2' })).toEqual({ v: 1, type: 'ack', id: 'issue-2' });
    expect(balance()).toBe(40);
  }, 180_000);
});

// Frames written by hand: key order and number spelling are what the test is about.
const ALONE = `{"type":"stock.movement","id":"mv-41","warehouse":"W1","item":"TENT","kind":"in","quantity":41,"at":"${AT}"}`;
const SPELLED_OTHERWISE = `{"quantity":41.0,"at":"${AT}","kind":"in","item":"TENT","warehouse":"W1","id":"mv-41","type":"stock.movement","v":1}`;
const newIn = (id: string, quantity: number) =>
  `{"type":"stock.movement","id":"${id}","warehouse":"W1","item":"TENT","kind":"in","quantity":${quantity},"at":"${AT}"}`;

describe('a resend inside a batch (issue 13, item 2)', () => {
  it('skips a message stored alone when it comes again inside a batch, spelled otherwise, and stores the rest', async () => {
    running = await collectors.start();
    const ws = await source();
    expect(await request(ws, ALONE)).toMatchObject({ type: 'ack', id: 'mv-41' });
    const batch = `{"type":"batch","id":"b-1","messages":[${newIn('mv-1', 1)},${SPELLED_OTHERWISE},${newIn('mv-2', 2)}]}`;
    expect(await request(ws, batch)).toEqual({ v: 1, type: 'ack', id: 'b-1' });
    expect(balance()).toBe(44);
    expect(readDb("SELECT 1 FROM journal WHERE msg_id = 'mv-41'")).toHaveLength(1);
  });

  it('acks a message stored in a batch and resent alone, spelled otherwise, as a duplicate', async () => {
    running = await collectors.start();
    const ws = await source();
    const batch = `{"type":"batch","id":"b-2","messages":[${newIn('mv-3', 3)},${ALONE}]}`;
    expect(await request(ws, batch)).toEqual({ v: 1, type: 'ack', id: 'b-2' });
    expect(await request(ws, SPELLED_OTHERWISE)).toEqual({ v: 1, type: 'ack', id: 'mv-41', duplicate: true });
    expect(balance()).toBe(44);
  });

  it('still refuses a whole batch whose inner id was used for a message that means something else', async () => {
    running = await collectors.start();
    const ws = await source();
    await request(ws, ALONE);
    const batch = `{"type":"batch","id":"b-3","messages":[${newIn('mv-4', 4)},${newIn('mv-41', 42)}]}`;
    expect(await request(ws, batch)).toMatchObject({
      type: 'error',
      code: 'ID_REUSED',
      path: 'messages[1].id',
    });
    expect(balance()).toBe(41);
  });
});

describe('a collector on a clock far from the wall clock (a drill, serve --clock)', () => {
  it('still recognises a resend: ids age by the collector clock, not the wall clock', async () => {
    // July of this year's flood season, months behind the machine's own date.
    const running = await startCollector({ clock: manualClock(Date.parse('2026-07-20T02:00:00+08:00')) });
    try {
      const source = await connect(running.url, '/ingest', TOKENS.source);
      const reading = {
        type: 'reading',
        id: 'drill-1',
        station: 'G1',
        observedAt: '2026-07-20T01:55:00+08:00',
        level: 9.1,
      };
      expect(await request(source, reading)).toMatchObject({ type: 'ack' });
      expect(
        await request(source, {
          type: 'reading',
          id: 'drill-2',
          station: 'G1',
          observedAt: '2026-07-20T01:56:00+08:00',
          level: 9.2,
        }),
      ).toMatchObject({ type: 'ack' });
      const again = await request(source, reading);
      expect(again).toMatchObject({ type: 'ack', duplicate: true });
      source.close();
      const rows = running.collector.db
        .prepare("SELECT COUNT(*) AS n FROM journal WHERE msg_id = 'drill-1'")
        .get() as { n: number };
      expect(rows.n).toBe(1);
    } finally {
      await running.stop();
    }
  });
});
