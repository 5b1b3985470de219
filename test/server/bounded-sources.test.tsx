import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { configSchema, type Snapshot, SUBPROTOCOL } from '../../src/protocol/index.js';
import { until } from '../console/fake-terminal.js';
import { connectedStore } from '../helpers/connected-store.js';
import { liveWall, renderLiveConsole } from '../helpers/live-clients.js';
import { type RunningCollector, startCollector } from '../helpers/start-collector.js';
import { TOKENS, testConfigInput } from '../helpers/test-config.js';
import { connect, replies, requestById } from '../helpers/ws-client.js';
import { fakeTerminal, pageText } from '../wall/wall-harness.js';

// Issue 13 item 3: a township reporter token sent 35,000 incident reports and every watcher's snapshot grew to
// ~117 MB, which no console, wall or relay would take.
const FLOOD = 35_000;
const NO_CASUALTIES = { deaths: 0, missing: 0, seriousInjuries: 0, injuries: 0, trapped: 0, evacuated: 0 };

const report = (n: number, patch: Record<string, unknown> = {}) => ({
  type: 'incident.report',
  id: `flood-${n}`,
  incident: `T1-FLOOD-${n}`,
  category: 'natural',
  kind: 'flood',
  title: `城关镇内涝 ${n}`,
  township: 'T1',
  occurredAt: new Date(Date.now() - 60_000).toISOString(),
  casualties: NO_CASUALTIES,
  directLossYuan: 0,
  ...patch,
});

/** A fresh watcher's first snapshot, as the bytes it arrived in. */
async function firstSnapshot(url: string): Promise<{ bytes: number; snapshot: Snapshot }> {
  const ws = new WebSocket(`${url}/watch`, SUBPROTOCOL, {
    headers: { Authorization: `Bearer ${TOKENS.viewer}` },
  });
  try {
    return await new Promise((resolve, reject) => {
      ws.on('message', (data: Buffer) => {
        const snapshot = JSON.parse(String(data)) as Snapshot;
        if (snapshot.type === 'snapshot') resolve({ bytes: data.length, snapshot });
      });
      ws.once('error', reject);
    });
  } finally {
    ws.close();
  }
}

/** The console on ink-testing-library, fed by a real link; resolves once `text` is on screen. */
async function consoleShows(url: string, text: string): Promise<void> {
  const { store, connection: link } = connectedStore(url);
  const { app, frame } = renderLiveConsole(store, link, { columns: 140, hasColor: false });
  try {
    await until(() => frame().includes(text), 10_000);
  } finally {
    app.unmount();
    await link.close();
  }
}

/** The wall on a fake terminal; resolves with its incidents page once loaded. */
async function wallIncidentsPage(url: string): Promise<string> {
  const terminal = fakeTerminal(160, 48);
  const wall = liveWall(url, terminal);
  try {
    await until(() => wall.store.getState().incidents.size > 0, 10_000);
    return pageText(wall, 'incidents');
  } finally {
    await wall.stop();
  }
}

let running: RunningCollector | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await running?.stop();
  running = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('one source cannot blind every console', () => {
  it('refuses 35,000 reports from one reporter token past its bound with LIMIT_REACHED; screens still load', async () => {
    const BOUND = 40;
    const input = testConfigInput();
    // The rate limit is raised only so the flood takes seconds; the bound is lowered so the test stays small.
    input.server = {
      maxOpenIncidentsPerTownship: BOUND,
      rateLimitPerSecond: 1_000_000,
      rateLimitBurst: 1_000_000,
    };
    running = await startCollector({ config: configSchema.parse(input) });
    const ws = await connect(running.url, '/ingest', TOKENS.reporter);
    const answers = replies(ws);
    for (let n = 0; n < FLOOD; n += 1) ws.send(JSON.stringify(report(n)));
    const got = await answers.waitFor(FLOOD);

    const acked = got.filter((r) => r.type === 'ack');
    const refused = got.filter((r) => r.type === 'error');
    expect(acked.map((r) => r.id)).toEqual(Array.from({ length: BOUND }, (_, n) => `flood-${n}`));
    expect(refused).toHaveLength(FLOOD - BOUND);
    expect(new Set(refused.map((r) => `${r.code} ${r.path}`))).toEqual(new Set(['LIMIT_REACHED township']));
    expect(refused[0]?.message).toMatch(
      /already has 40 open incidents in township "T1".*maxOpenIncidentsPerTownship/,
    );
    const db = new Database(running.dbPath, { readonly: true });
    const stored = (db.prepare('SELECT COUNT(*) AS n FROM incidents').get() as { n: number }).n;
    db.close();
    expect(stored).toBe(BOUND);

    // Closing one makes room for one; reopening it past the bound is refused too.
    const close = {
      type: 'incident.update',
      id: 'close-0',
      incident: 'T1-FLOOD-0',
      at: new Date().toISOString(),
    };
    const send = (frame: Record<string, unknown> & { id: string }) => requestById(ws, frame);
    expect(await send({ ...close, status: 'closed' })).toMatchObject({ type: 'ack' });
    expect(await send(report(FLOOD, { id: 'room-1' }))).toMatchObject({ type: 'ack' });
    expect(await send(report(FLOOD + 1, { id: 'room-2' }))).toMatchObject({ code: 'LIMIT_REACHED' });
    expect(await send({ ...close, id: 'reopen-0', status: 'open' })).toMatchObject({
      code: 'LIMIT_REACHED',
      path: 'status',
    });
    ws.close();
    // The bound is per token: the county's other sources still report in the same township.
    const other = await connect(running.url, '/ingest', TOKENS.source);
    expect(await requestById(other, report(FLOOD + 2, { id: 'other-1' }))).toMatchObject({ type: 'ack' });
    other.close();

    const { bytes, snapshot } = await firstSnapshot(running.url);
    // The bound's 40, one reported in the room a closing made (the closed one stays a day), one from another token.
    expect(snapshot.incidents).toHaveLength(BOUND + 2);
    // 92 KB measured; the unbounded flood made ~117 MB.
    expect(bytes).toBeLessThan(128 * 1024);
    await consoleShows(running.url, '城关镇内涝');
    expect(await wallIncidentsPage(running.url)).toContain('城关镇内涝');
  }, 120_000);

  it('keeps the snapshot small at the default bounds whatever the database holds', async () => {
    // 35,000 open incidents and 3,000 open alerts already stored (an older collector, or many sources).
    const dir = mkdtempSync(join(tmpdir(), 'dutywatch-bounds-'));
    dirs.push(dir);
    const first = await startCollector({ dir });
    await first.collector.close();
    seed(first.dbPath, FLOOD, 3_000);
    running = await startCollector({ dir });

    const { bytes, snapshot } = await firstSnapshot(running.url);
    expect(snapshot.incidents).toHaveLength(500);
    expect(snapshot.alerts).toHaveLength(500);
    expect(snapshot.omitted).toEqual({
      openIncidents: FLOOD - 500,
      closedIncidents: 0,
      openAlerts: 3_000 - 500,
      closedAlerts: 0,
      obligations: 0,
    });
    // The most recent are kept (all 一般 here), as the console lists them first.
    expect(snapshot.incidents.map((i) => i.code)).toContain(`SEED-${FLOOD - 1}`);
    // 416 KB measured.
    expect(bytes).toBeLessThan(512 * 1024);
    // Every screen counts what was left out: the wall's figure is the whole county's.
    await consoleShows(running.url, '城关镇内涝');
    expect(await wallIncidentsPage(running.url)).toContain(`在办 ${FLOOD} 起`);
  }, 120_000);
});

// Rows as an older version would have written them: received two hours ago, so no "new incident" alert is raised.
function seed(dbPath: string, incidents: number, alerts: number): void {
  const db = new Database(dbPath);
  const at = Date.now() - 2 * 3_600_000;
  const journal = db.prepare(
    "INSERT INTO journal (token, msg_id, type, received_at, body_hash, body) VALUES ('seed', ?, 'incident.report', ?, '', '{}')",
  );
  const incident = db.prepare(
    `INSERT INTO incidents (code, journal_seq, category, kind, title, township, occurred_at, received_at, deaths,
       missing, serious_injuries, injuries, trapped, evacuated, direct_loss_yuan, status)
     VALUES (?, ?, 'natural', 'flood', ?, 'T1', ?, ?, 0, 0, 0, 0, 0, 0, 0, 'open')`,
  );
  const state = db.prepare(
    `INSERT INTO incident_state (code, deaths, missing, serious_injuries, injuries, trapped, evacuated,
       direct_loss_yuan, status, updated_at) VALUES (?, 0, 0, 0, 0, 0, 0, 0, 'open', ?)`,
  );
  const alert = db.prepare(
    `INSERT INTO alerts (key, class, severity, subject_kind, subject_code, title_zh, title_en, action_zh, action_en,
       auto_close, state, opened_at, updated_at, ladder)
     VALUES (?, 'incident.new', 'warning', 'incident', ?, ?, ?, '核实', 'Verify', 0, 'triggered', ?, ?, 'none')`,
  );
  // Their reporting clocks were dealt with when they arrived: the first pass has nothing to catch up on.
  const level = db.prepare(
    'INSERT INTO incident_levels (code, level, is_major_risk, is_open) VALUES (?, 4, 0, 1)',
  );
  db.transaction(() => {
    for (let n = 0; n < incidents; n += 1) {
      const code = `SEED-${n}`;
      const seq = Number(journal.run(code, at + n).lastInsertRowid);
      incident.run(code, seq, `城关镇内涝 ${n}`, at + n, at + n);
      state.run(code, at + n);
      level.run(code);
      if (n < alerts)
        alert.run(`incident.new:${code}`, code, `新事件 ${n}`, `New incident ${n}`, at + n, at + n);
    }
  })();
  db.close();
}
