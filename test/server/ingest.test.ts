// One file on purpose (over 250 lines): /ingest through a real collector: messages, authentication at the upgrade,
// limits and the HTTP side, sharing one collector-per-test set-up.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { queryAll } from '../helpers/read-database.js';
import { manualClock, type RunningCollector, startCollector } from '../helpers/start-collector.js';
import { TOKENS } from '../helpers/test-config.js';
import { connect, replies, request, upgradeStatus } from '../helpers/ws-client.js';

const at = (minutesAgo = 0) => new Date(Date.now() - minutesAgo * 60_000).toISOString();
const OBSERVED_AT = at(1);
const reading = (id: string, level = 9.5, station = 'G1') => ({
  type: 'reading',
  id,
  station,
  observedAt: OBSERVED_AT,
  level,
});

let running: RunningCollector;
let ws: WebSocket;

beforeEach(async () => {
  running = await startCollector();
  ws = await connect(running.url, '/ingest', TOKENS.source);
});
afterEach(async () => {
  ws.close();
  await running.stop();
});

// A second, independent connection: what it sees is what is on disk for everyone.
const readDb = <T>(sql: string, ...params: unknown[]): T[] => queryAll<T>(running.dbPath, sql, ...params);

describe('ingest', () => {
  it('acks a reading only once it is readable from another database connection', async () => {
    const seenAtAck: number[] = [];
    ws.on('message', (data) => {
      const reply = JSON.parse(String(data)) as { type: string; id: string };
      if (reply.type === 'ack') {
        seenAtAck.push(readDb('SELECT 1 FROM journal WHERE msg_id = ?', reply.id).length);
      }
    });
    const inbox = replies(ws);
    for (let i = 0; i < 50; i++) ws.send(JSON.stringify(reading(`r-${i}`, 9 + i / 100)));
    const all = await inbox.waitFor(50);
    expect(all.every((r) => r.type === 'ack')).toBe(true);
    expect(seenAtAck).toEqual(Array(50).fill(1));
    expect(readDb('SELECT id FROM readings')).toHaveLength(50);
  });

  it('answers bad JSON with PARSE_ERROR and id null, and keeps the socket usable', async () => {
    const bad = await request(ws, '{"type":"reading",');
    expect(bad).toMatchObject({ type: 'error', id: null, code: 'PARSE_ERROR' });
    expect(await request(ws, reading('after-bad-json'))).toEqual({ v: 1, type: 'ack', id: 'after-bad-json' });
  });

  it.each([
    ['a field of the wrong type', { ...reading('x1'), level: 'high' }, 'INVALID_MESSAGE', 'level'],
    [
      'a missing field',
      { type: 'reading', id: 'x2', station: 'G1', level: 9 },
      'INVALID_MESSAGE',
      'observedAt',
    ],
    ['an unknown field', { ...reading('x3'), colour: 'red' }, 'INVALID_MESSAGE', 'colour'],
    [
      'a bad timestamp',
      { ...reading('x4'), observedAt: '2026-07-20 02:00' },
      'INVALID_MESSAGE',
      'observedAt',
    ],
    ['an unknown type', { type: 'rumour', id: 'x5' }, 'UNKNOWN_TYPE', 'type'],
    [
      'an unknown type inside a batch',
      { type: 'batch', id: 'x5b', messages: [{ type: 'rumour', id: 'x5c' }] },
      'UNKNOWN_TYPE',
      'messages[0].type',
    ],
    [
      'a non-integer quantity',
      { type: 'stock.count', id: 'x6', warehouse: 'W1', item: 'TENT', quantity: 1.5, at: at() },
      'INVALID_MESSAGE',
      'quantity',
    ],
    [
      'a negative headcount',
      { type: 'incident.update', id: 'x7', incident: 'I1', at: at(), casualties: { deaths: -1 } },
      'INVALID_MESSAGE',
      'casualties.deaths',
    ],
    [
      'an invalid message inside a batch',
      { type: 'batch', id: 'x8', messages: [reading('x8a'), { ...reading('x8b'), level: null }] },
      'INVALID_MESSAGE',
      'messages[1].level',
    ],
    ['an unknown station', reading('x9', 9, 'NOPE'), 'UNKNOWN_REFERENCE', 'station'],
    [
      'a reading from the future',
      { ...reading('x10'), observedAt: new Date(Date.now() + 3_600_000).toISOString() },
      'TIMESTAMP_OUT_OF_RANGE',
      'observedAt',
    ],
  ])('refuses %s with a stable code and the field path', async (_name, frame, code, path) => {
    const reply = await request(ws, frame);
    expect(reply.type).toBe('error');
    expect(reply.code).toBe(code);
    expect(reply.path).toBe(path);
    expect(reply.message).toContain(path);
    expect(reply.id).toBe((frame as { id: string }).id);
    expect(readDb('SELECT 1 FROM journal')).toHaveLength(0);
  });

  it('refuses a station outside the token scope and stores nothing', async () => {
    const gauges = await connect(running.url, '/ingest', TOKENS.gauges);
    const reply = await request(gauges, reading('scoped-1', 101, 'R1'));
    gauges.close();
    expect(reply).toMatchObject({ type: 'error', code: 'OUT_OF_SCOPE', path: 'station' });
    expect(readDb('SELECT 1 FROM readings')).toHaveLength(0);
    expect(readDb('SELECT 1 FROM journal')).toHaveLength(0);
  });

  it('stores a resent id once and acks it again as a duplicate', async () => {
    expect(await request(ws, reading('once'))).toEqual({ v: 1, type: 'ack', id: 'once' });
    expect(await request(ws, reading('once'))).toEqual({ v: 1, type: 'ack', id: 'once', duplicate: true });
    const again = await connect(running.url, '/ingest', TOKENS.source);
    expect(await request(again, reading('once'))).toMatchObject({ duplicate: true });
    again.close();
    expect(readDb('SELECT 1 FROM readings')).toHaveLength(1);
  });

  it('answers a resend as a duplicate even after the original has grown too old to accept', async () => {
    const clock = manualClock(Date.now());
    const aged = await startCollector({ clock });
    const source = await connect(aged.url, '/ingest', TOKENS.source);
    expect(await request(source, reading('old-1'))).toMatchObject({ type: 'ack' });
    clock.advance(40 * 86_400_000);
    expect(await request(source, reading('old-1'))).toMatchObject({ type: 'ack', duplicate: true });
    expect(await request(source, reading('old-2'))).toMatchObject({ code: 'TIMESTAMP_OUT_OF_RANGE' });
    source.close();
    await aged.stop();
  });

  it('refuses an id reused for a different message', async () => {
    await request(ws, reading('same-id', 9.1));
    expect(await request(ws, reading('same-id', 9.9))).toMatchObject({
      type: 'error',
      code: 'ID_REUSED',
      path: 'id',
    });
    expect(readDb<{ level: number }>('SELECT level FROM readings')).toEqual([{ level: 9.1 }]);
  });

  it('stores a batch whole or not at all', async () => {
    const good = { type: 'batch', id: 'b1', messages: [reading('b1a'), reading('b1b', 9.6)] };
    expect(await request(ws, good)).toMatchObject({ type: 'ack', id: 'b1' });
    const out = {
      type: 'stock.movement',
      id: 'b2c',
      warehouse: 'W1',
      item: 'TENT',
      kind: 'out',
      quantity: 5,
      at: at(),
    };
    const bad = { type: 'batch', id: 'b2', messages: [reading('b2a'), out] };
    expect(await request(ws, bad)).toMatchObject({
      type: 'error',
      code: 'INSUFFICIENT_STOCK',
      path: 'messages[1].quantity',
    });
    expect(readDb('SELECT 1 FROM readings')).toHaveLength(2);
    expect(readDb("SELECT 1 FROM journal WHERE msg_id LIKE 'b2%'")).toHaveLength(0);
  });

  it('keeps the stock ledger with the balance after each movement, first-expiring lots first', async () => {
    const base = { warehouse: 'W1', item: 'TENT', at: at() };
    const incident = {
      type: 'incident.report',
      id: 's0',
      incident: 'I1',
      category: 'natural',
      kind: 'flood',
      title: '东村进水',
      township: 'T1',
      occurredAt: at(30),
      casualties: { deaths: 0, missing: 0, seriousInjuries: 0, injuries: 0, trapped: 0, evacuated: 12 },
      directLossYuan: 0,
    };
    expect(await request(ws, incident)).toMatchObject({ type: 'ack' });
    const sent = [
      {
        ...base,
        type: 'stock.count',
        id: 's1',
        quantity: 10,
        lots: [
          { batch: 'L-late', expiresOn: '2030-01-01', quantity: 6 },
          { batch: 'L-soon', expiresOn: '2027-01-01', quantity: 4 },
        ],
      },
      { ...base, type: 'stock.movement', id: 's2', kind: 'out', quantity: 5, incident: 'I1' },
      { ...base, type: 'stock.movement', id: 's3', kind: 'transfer', quantity: 2, to: 'W2' },
      { ...base, type: 'stock.movement', id: 's4', kind: 'out', quantity: 4 },
    ];
    const answers = [];
    for (const m of sent) answers.push(await request(ws, m));
    expect(answers.map((a) => a.code ?? a.type)).toEqual(['ack', 'ack', 'ack', 'INSUFFICIENT_STOCK']);
    expect(readDb('SELECT kind, delta, balance_after FROM stock_ledger ORDER BY id')).toEqual([
      { kind: 'count', delta: 10, balance_after: 10 },
      { kind: 'out', delta: -5, balance_after: 5 },
      { kind: 'transfer_out', delta: -2, balance_after: 3 },
      { kind: 'transfer_in', delta: 2, balance_after: 2 },
    ]);
    expect(
      readDb('SELECT warehouse, batch, quantity FROM stock_lots WHERE quantity > 0 ORDER BY warehouse'),
    ).toEqual([
      { warehouse: 'W1', batch: 'L-late', quantity: 3 },
      { warehouse: 'W2', batch: 'L-late', quantity: 2 },
    ]);
  });

  it('refuses stock sent to an incident nobody reported, alone and inside a batch, and stores nothing', async () => {
    const base = { type: 'stock.movement', warehouse: 'W1', item: 'TENT', at: at() };
    await request(ws, { ...base, id: 'n0', kind: 'in', quantity: 10 });
    const out = { ...base, id: 'n1', kind: 'out', quantity: 2, incident: 'NO-SUCH' };
    expect(await request(ws, out)).toMatchObject({
      type: 'error',
      code: 'UNKNOWN_REFERENCE',
      path: 'incident',
    });
    const batch = { type: 'batch', id: 'n2', messages: [reading('n2a'), { ...out, id: 'n2b' }] };
    expect(await request(ws, batch)).toMatchObject({
      code: 'UNKNOWN_REFERENCE',
      path: 'messages[1].incident',
    });
    expect(readDb('SELECT kind FROM stock_ledger')).toEqual([{ kind: 'in' }]);
    expect(readDb('SELECT 1 FROM readings')).toHaveLength(0);
    // Reported earlier in the same batch is reported.
    const report = {
      type: 'incident.report',
      id: 'n3a',
      incident: 'NEW-1',
      category: 'natural',
      kind: 'flood',
      title: '西村进水',
      township: 'T2',
      occurredAt: at(10),
      casualties: { deaths: 0, missing: 0, seriousInjuries: 0, injuries: 0, trapped: 0, evacuated: 5 },
      directLossYuan: 0,
    };
    const both = { type: 'batch', id: 'n3', messages: [report, { ...out, id: 'n3b', incident: 'NEW-1' }] };
    expect(await request(ws, both)).toMatchObject({ type: 'ack', id: 'n3' });
    expect(readDb("SELECT incident FROM stock_ledger WHERE kind = 'out'")).toEqual([{ incident: 'NEW-1' }]);
  });

  it('keeps an incident report and its updates, and refuses updates outside the reporter scope', async () => {
    const report = {
      type: 'incident.report',
      id: 'i1',
      incident: 'INC-1',
      category: 'natural',
      kind: 'flood',
      title: '东村房屋倒塌',
      township: 'T2',
      village: 'T2V1',
      occurredAt: at(30),
      casualties: { deaths: 0, missing: 1, seriousInjuries: 0, injuries: 2, trapped: 3, evacuated: 40 },
      directLossYuan: 1_200_000,
    };
    expect(await request(ws, report)).toMatchObject({ type: 'ack' });
    const update = {
      type: 'incident.update',
      id: 'i2',
      incident: 'INC-1',
      at: at(),
      casualties: { deaths: 1, missing: 0 },
    };
    const reporter = await connect(running.url, '/ingest', TOKENS.reporter);
    expect(await request(reporter, update)).toMatchObject({ code: 'OUT_OF_SCOPE' });
    reporter.close();
    expect(await request(ws, update)).toMatchObject({ type: 'ack' });
    expect(readDb('SELECT deaths, missing, injuries, trapped FROM incident_state')).toEqual([
      { deaths: 1, missing: 0, injuries: 2, trapped: 3 },
    ]);
    expect(readDb('SELECT 1 FROM incident_updates')).toHaveLength(1);
    expect(await request(ws, { ...report, id: 'i3' })).toMatchObject({ code: 'INVALID_STATE' });
  });
});

describe('authentication at the upgrade', () => {
  it('answers 401 without a token, with an unknown token and with a revoked one', async () => {
    expect(await upgradeStatus(running.url, '/ingest')).toBe(401);
    expect(await upgradeStatus(running.url, '/ingest', 'not-a-token')).toBe(401);
    expect(await upgradeStatus(running.url, '/ingest', TOKENS.revoked)).toBe(401);
  });

  it('refuses a viewer on /ingest and accepts a token in the query string', async () => {
    expect(await upgradeStatus(running.url, '/ingest', TOKENS.viewer)).toBe(403);
    expect(await upgradeStatus(running.url, `/ingest?token=${TOKENS.gauges}`)).toBe(101);
  });
});

describe('limits', () => {
  it('closes a socket that sends a frame over maxPayload with 1009 and keeps serving others', async () => {
    const other = await connect(running.url, '/ingest', TOKENS.source);
    const closed = new Promise<number>((resolve) => ws.once('close', resolve));
    ws.send('x'.repeat(2 * 1024 * 1024 + 1));
    expect(await closed).toBe(1009);
    expect(await request(other, reading('still-works'))).toMatchObject({ type: 'ack' });
    other.close();
  });

  it('answers a binary frame with BINARY_FRAME', async () => {
    const inbox = replies(ws);
    ws.send(Buffer.from('{"type":"reading"}'), { binary: true });
    const [reply] = await inbox.waitFor(1);
    expect(reply).toMatchObject({ code: 'BINARY_FRAME', id: null });
  });
});

describe('http', () => {
  it('serves /healthz and /metrics', async () => {
    await request(ws, reading('m1'));
    const health = await fetch(`http://127.0.0.1:${running.port}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', database: 'ok' });
    const metrics = await (await fetch(`http://127.0.0.1:${running.port}/metrics`)).text();
    expect(metrics).toContain('dutywatch_messages_total{type="reading",outcome="stored"} 1');
    expect(metrics).toContain('dutywatch_connections_opened_total{role="source"}');
    expect(metrics).toMatch(/dutywatch_commit_batch_size_count \d+/);
    expect(metrics).toMatch(/dutywatch_database_bytes \d+/);
    expect((await fetch(`http://127.0.0.1:${running.port}/nope`)).status).toBe(404);
  });
});
