import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from '../console/fake-terminal.js';
import { runDutywatch, spawnDutywatch } from '../helpers/collector-process.js';
import { connectedStore } from '../helpers/connected-store.js';
import { liveWall, renderLiveConsole } from '../helpers/live-clients.js';
import { type RunningCollector, startCollector } from '../helpers/start-collector.js';
import { TOKENS } from '../helpers/test-config.js';
import { connect, requestById } from '../helpers/ws-client.js';
import { fakeTerminal, pageText } from '../wall/wall-harness.js';

// Issue 13 item 4: a database written before the collector refused escapes may hold them. What an older
// version stored (written here straight into the database) is drawn and printed without them.
const STORED_TITLE = '东村内涝\u001b[41m红色\u001b[0m\u202e';
const STORED_LOCATION = '东村\u001b[2J\u001b[H桥头\u0007';
/** What is left once the escapes' ESC, BEL and bidi characters are stripped: harmless printable text. */
const DRAWN_TITLE = '东村内涝[41m红色[0m';
const ESC = 0x1b;

const dir = mkdtempSync(join(tmpdir(), 'dutywatch-escapes-'));
let running: RunningCollector;

beforeAll(async () => {
  const first = await startCollector({ dir });
  const ws = await connect(first.url, '/ingest', TOKENS.reporter);
  const reply = await requestById(ws, {
    type: 'incident.report',
    id: 'r-1',
    incident: 'T1-ESC-1',
    category: 'natural',
    kind: 'flood',
    title: '东村内涝',
    township: 'T1',
    location: '东村',
    occurredAt: new Date(Date.now() - 60_000).toISOString(),
    casualties: { deaths: 0, missing: 0, seriousInjuries: 0, injuries: 0, trapped: 0, evacuated: 0 },
    directLossYuan: 0,
  });
  expect(reply.type).toBe('ack');
  ws.close();
  await first.collector.close();
  const db = new Database(first.dbPath);
  db.prepare('UPDATE incidents SET title = ?, location = ? WHERE code = ?').run(
    STORED_TITLE,
    STORED_LOCATION,
    'T1-ESC-1',
  );
  db.close();
  running = await startCollector({ dir });
});

afterAll(async () => {
  await running.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('text stored by an older version, with terminal escapes in it', () => {
  it('is drawn clean by the console', async () => {
    const { store, connection: link } = connectedStore(running.url);
    const { app, frame } = renderLiveConsole(store, link, { columns: 140, hasColor: false });
    try {
      await until(() => frame().includes('东村内涝'));
      expect(frame()).toContain(DRAWN_TITLE);
      expect(frame()).not.toContain('\u001b[41m');
      expect(frame()).not.toContain('\u202e');
      // The store itself holds the clean text: every panel and dialog reads it from there.
      expect(store.getState().incidents.get('T1-ESC-1')).toMatchObject({
        title: DRAWN_TITLE,
        location: '东村[2J[H桥头',
      });
    } finally {
      app.unmount();
      await link.close();
    }
  });

  it('is drawn clean by the wall', async () => {
    const terminal = fakeTerminal(160, 48);
    const written: Buffer[] = [];
    terminal.output.on('data', (chunk: Buffer) => written.push(chunk));
    const wall = liveWall(running.url, terminal);
    try {
      await until(() => wall.store.getState().incidents.size > 0);
      // blessed turns an SGR escape in content into colours; stripped first, its text shows as written.
      expect(pageText(wall, 'incidents')).toContain(DRAWN_TITLE);
      const bytes = Buffer.concat(written).toString('utf8');
      expect(bytes).not.toContain('内涝\u001b[41m');
      expect(bytes).not.toContain('\u202e');
    } finally {
      await wall.stop();
    }
  });

  it('is printed clean by `handover --markdown`', async () => {
    const out = join(dir, 'handover.md');
    const result = await runDutywatch([
      'handover',
      '--markdown',
      '--url',
      running.url,
      '--token',
      TOKENS.officer,
      '--out',
      out,
    ]);
    expect(result.code, result.stderr).toBe(0);
    const bytes = readFileSync(out);
    expect(bytes.toString('utf8')).toContain(DRAWN_TITLE);
    expect(bytes.includes(ESC)).toBe(false);
    expect(bytes.includes(Buffer.from('\u202e'))).toBe(false);
    expect(bytes.includes(Buffer.from('\u0007'))).toBe(false);
  });

  it('stays JSON-escaped in `watch --json`: the record as stored, no raw ESC byte', async () => {
    const child = spawnDutywatch(['watch', '--json', '--url', running.url, '--token', TOKENS.viewer]);
    const chunks: Buffer[] = [];
    child.stdout?.on('data', (chunk: Buffer) => chunks.push(chunk));
    try {
      await until(() => Buffer.concat(chunks).includes('"type":"snapshot"'), 20_000);
      await until(
        () => Buffer.concat(chunks).includes('\n', Buffer.concat(chunks).indexOf('snapshot')),
        20_000,
      );
    } finally {
      child.kill('SIGTERM');
    }
    const bytes = Buffer.concat(chunks);
    expect(bytes.includes(ESC)).toBe(false);
    expect(bytes.toString('utf8')).toContain('东村内涝\\u001b[41m红色');
  });
});
