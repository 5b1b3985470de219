// One file on purpose (over 250 lines): free text that could drive a terminal, from each way in (ingest, the county
// config), through a real collector; the unsafe samples are shared.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { decodeConfig } from '../../src/protocol/index.js';
import { type RunningCollector, startCollector } from '../helpers/start-collector.js';
import { TOKENS, testConfigInput } from '../helpers/test-config.js';
import { connect, requestById } from '../helpers/ws-client.js';

// Issue 13 item 4: text that could drive a terminal is refused in every free-text field, with the field's path.
const REFUSED_EVERYWHERE: readonly [string, string][] = [
  ['NUL', '\u0000'],
  ['BEL', '\u0007'],
  ['BS', '\u0008'],
  ['CR', '\r'],
  ['ESC', '\u001b[41m'],
  ['DEL', '\u007f'],
  ['C1 NEL', '\u0085'],
  ['C1 CSI', '\u009b2J'],
  ['LRE', '\u202a'],
  ['RLO', '\u202e'],
  ['LRI', '\u2066'],
  ['PDI', '\u2069'],
  ['lone high surrogate', '\ud800'],
  ['lone low surrogate', '\udc00'],
];
// Refused only where a field is one line.
const LINE_BREAKS: readonly [string, string][] = [
  ['LF', '\n'],
  ['TAB', '\t'],
];

const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
const NO_CASUALTIES = { deaths: 0, missing: 0, seriousInjuries: 0, injuries: 0, trapped: 0, evacuated: 0 };
const CAP_XML = readFileSync(join(import.meta.dirname, '../../fixtures/cap/drill-flood-warning.xml'), 'utf8');

type Case = {
  /** The field's path as the error names it. */
  path: string;
  isMultiline: boolean;
  /** A CAP document is XML, where a carriage return is whitespace. */
  allowsCr?: boolean;
  /** A valid message with `text` in that field. */
  build: (text: string) => Record<string, unknown>;
};

const report = (patch: Record<string, unknown>) => ({
  type: 'incident.report',
  incident: 'INC-1',
  category: 'natural',
  kind: 'flood',
  title: '城关镇东村内涝',
  township: 'T1',
  occurredAt: ago(60_000),
  casualties: NO_CASUALTIES,
  directLossYuan: 0,
  ...patch,
});
const movement = (patch: Record<string, unknown>) => ({
  type: 'stock.movement',
  warehouse: 'W1',
  item: 'TENT',
  kind: 'in',
  quantity: 5,
  at: ago(60_000),
  ...patch,
});

const INGEST_CASES: Case[] = [
  { path: 'title', isMultiline: false, build: (t) => report({ title: `内涝${t}` }) },
  { path: 'location', isMultiline: false, build: (t) => report({ location: `东村${t}` }) },
  { path: 'description', isMultiline: true, build: (t) => report({ description: `积水${t}` }) },
  {
    path: 'note',
    isMultiline: true,
    build: (t) => ({ type: 'incident.update', incident: 'INC-1', at: ago(1000), note: `续报${t}` }),
  },
  { path: 'reason', isMultiline: false, build: (t) => movement({ reason: `调拨${t}` }) },
  { path: 'docNo', isMultiline: false, build: (t) => movement({ docNo: `RK-01${t}` }) },
  { path: 'lot.batch', isMultiline: false, build: (t) => movement({ lot: { batch: `B1${t}` } }) },
  {
    path: 'lots[0].batch',
    isMultiline: false,
    build: (t) => ({
      type: 'stock.count',
      warehouse: 'W1',
      item: 'TENT',
      quantity: 5,
      at: ago(60_000),
      lots: [{ batch: `B1${t}`, quantity: 5 }],
    }),
  },
  {
    path: 'messages[1].title',
    isMultiline: false,
    build: (t) => ({
      type: 'batch',
      messages: [
        { id: 'inner-0', ...movement({}) },
        { id: 'inner-1', ...report({ incident: 'INC-2', title: `内涝${t}` }) },
      ],
    }),
  },
  {
    path: 'xml',
    isMultiline: true,
    allowsCr: true,
    build: (t) => ({ type: 'cap', xml: CAP_XML.replace('<headline>', `<headline>${t}`) }),
  },
];

const ACTION_CASES: Case[] = [
  {
    path: 'reason',
    isMultiline: false,
    build: (t) => ({ type: 'alert.ack', alert: 1, reason: `在处理${t}`, recheckAt: ago(-600_000) }),
  },
  {
    path: 'reason',
    isMultiline: false,
    build: (t) => ({ type: 'alert.snooze', alert: 1, reason: `稍后${t}`, until: ago(-600_000) }),
  },
  {
    path: 'reason',
    isMultiline: false,
    build: (t) => ({ type: 'alert.resolve', alert: 1, reason: `好${t}` }),
  },
  {
    path: 'reason',
    isMultiline: false,
    build: (t) => ({ type: 'alert.escalate', alert: 1, reason: `急${t}` }),
  },
  { path: 'text', isMultiline: true, build: (t) => ({ type: 'note', text: `交班说明${t}` }) },
  {
    path: 'to',
    isMultiline: false,
    build: (t) => ({ type: 'call.log', to: `张三${t}`, outcome: 'reached' }),
  },
  {
    path: 'note',
    isMultiline: false,
    build: (t) => ({ type: 'call.log', to: '张三', outcome: 'reached', note: `已接${t}` }),
  },
  {
    path: 'to',
    isMultiline: false,
    build: (t) => ({ type: 'report.sent', obligation: 1, channel: 'phone', to: `市局${t}` }),
  },
  {
    path: 'note',
    isMultiline: false,
    build: (t) => ({ type: 'report.sent', obligation: 1, channel: 'phone', to: '市局', note: `已报${t}` }),
  },
];

/**
 * Each (field, character) that must be refused: every character anywhere, line breaks in one-line fields. The
 * character sits inside the text, where trimming cannot take it away.
 */
function refusals(cases: Case[]) {
  return cases.flatMap((c) =>
    [...REFUSED_EVERYWHERE, ...(c.isMultiline ? [] : LINE_BREAKS)]
      .filter(([name]) => !(c.allowsCr && name === 'CR'))
      .map(([name, char]) => [`${c.build('')['type']} ${c.path} with ${name}`, c, `${char}尾`] as const),
  );
}

let running: RunningCollector;
let ingest: WebSocket;
let watch: WebSocket;
let seq = 0;
function send(ws: WebSocket, message: Record<string, unknown>) {
  seq += 1;
  return requestById(ws, { ...message, id: `m-${seq}` });
}

beforeAll(async () => {
  running = await startCollector();
  ingest = await connect(running.url, '/ingest', TOKENS.source);
  watch = await connect(running.url, '/watch', TOKENS.officer);
});
afterAll(async () => {
  ingest.close();
  watch.close();
  await running.stop();
});

describe('free text that could drive a terminal, through a real collector', () => {
  it.each(refusals(INGEST_CASES))('refuses %s on /ingest', async (_name, c, char) => {
    const reply = await send(ingest, c.build(char));
    expect(reply).toMatchObject({ type: 'error', code: 'INVALID_MESSAGE', path: c.path });
    expect(reply.message).toMatch(
      /contains a (control character|bidi override|lone surrogate) \(U\+[0-9A-F]{4}\)/,
    );
  });

  it.each(refusals(ACTION_CASES))('refuses %s on /watch', async (_name, c, char) => {
    const reply = await send(watch, c.build(char));
    expect(reply).toMatchObject({ type: 'error', code: 'INVALID_MESSAGE', path: c.path });
  });

  it('stored nothing from any refused message', () => {
    const db = new Database(running.dbPath, { readonly: true });
    const count = (table: string) =>
      (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
    expect([
      count('incidents'),
      count('stock_ledger'),
      count('cap_messages'),
      count('action_journal'),
    ]).toEqual([0, 0, 0, 0]);
    db.close();
  });

  it('keeps line breaks and tabs in multi-line fields, and plain text everywhere', async () => {
    const first = await send(ingest, report({ description: '积水：\n\t东村 0.5 m\n\t西村 0.3 m' }));
    expect(first).toMatchObject({ type: 'ack' });
    const update = await send(ingest, {
      type: 'incident.update',
      incident: 'INC-1',
      at: ago(1000),
      note: '续报：\n已转移 12 人',
    });
    expect(update).toMatchObject({ type: 'ack' });
    expect(await send(watch, { type: 'note', text: '交班：\n\t1. 东村积水' })).toMatchObject({ type: 'ack' });
    // Astral characters are surrogate pairs in JavaScript, and whole: not lone surrogates.
    expect(await send(ingest, movement({ reason: '𠀀 调拨' }))).toMatchObject({ type: 'ack' });
  });
});

describe('free text in the county config', () => {
  const cases: [string, (config: ReturnType<typeof testConfigInput>, text: string) => void][] = [
    ['county.name', (c, t) => Object.assign(c.county, { name: `测试县${t}` })],
    ['townships[0].name', (c, t) => Object.assign(c.townships[0] ?? {}, { name: `城关镇${t}` })],
    [
      'townships[0].villages[0].name',
      (c, t) => Object.assign(c.townships[0]?.villages[0] ?? {}, { name: `东村${t}` }),
    ],
    ['stations[0].river', (c, t) => Object.assign(c.stations[0] ?? {}, { river: `汝河${t}` })],
    ['items[0].unit', (c, t) => Object.assign(c.items[0] ?? {}, { unit: `顶${t}` })],
    ['people[0].title', (c, t) => Object.assign(c.people?.[0] ?? {}, { title: `值班员${t}` })],
    ['people[0].phone', (c, t) => Object.assign(c.people?.[0] ?? {}, { phone: `138${t}` })],
    ['tokens[0].name', (c, t) => Object.assign(c.tokens[0] ?? {}, { name: `all${t}` })],
    ['cap.senderName', (c, t) => Object.assign(c, { cap: { senderName: `应急局${t}` } })],
  ];
  const table = cases.flatMap(([path, set]) =>
    [...REFUSED_EVERYWHERE, ...LINE_BREAKS].map(([name, char]) => [path, name, set, char] as const),
  );

  it.each(table)('refuses %s with %s, naming the path', (path, _name, set, char) => {
    const config = testConfigInput();
    set(config, char);
    const decoded = decodeConfig(config);
    expect(decoded.ok).toBe(false);
    if (!decoded.ok)
      expect(decoded.message).toMatch(new RegExp(`^${path.replace(/[[\].]/g, '\\$&')}: contains`));
  });

  it('takes the test county as it is', () => {
    expect(decodeConfig(testConfigInput()).ok).toBe(true);
  });
});
