// Over 250 lines on purpose: one chaos section, the matrix of roles × endpoints × actions with the tables it walks
// (who may do what) and its helpers; it runs top to bottom against one collector, each step on the state the
// steps before it left.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';
import { hashToken } from '../server/auth/tokens.js';
import { writeCap } from '../src/cap/write-cap.js';
import { SUBPROTOCOL } from '../src/protocol/index.js';
import { capAlert } from '../test/helpers/cap-builder.js';
import { writeConfig } from '../test/helpers/collector-process.js';
import { TOKENS, testConfigInput } from '../test/helpers/test-config.js';
import { withDb } from './checks.js';
import { type ChaosCollector, startChaosCollector, waitForLog, waitUntil } from './collector.js';
import { fmt, type Section } from './report.js';

type Reply = { type: string; id: string | null; code?: string };

/** Who knocks: a role's token, or a token that must not work, presented one way or another. */
type Knocker = { label: string; role?: string; headers: Record<string, string>; query?: string };

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const ROLES: Knocker[] = [
  { label: 'source', role: 'source', headers: bearer(TOKENS.source) },
  { label: 'officer', role: 'officer', headers: bearer(TOKENS.officer) },
  { label: 'leader', role: 'leader', headers: bearer(TOKENS.leader) },
  { label: 'viewer', role: 'viewer', headers: bearer(TOKENS.viewer) },
  { label: 'admin', role: 'admin', headers: bearer(TOKENS.admin) },
];
const INTRUDERS: Knocker[] = [
  { label: 'no token', headers: {} },
  { label: 'unknown token', headers: bearer('tok-never-issued') },
  { label: 'revoked token', headers: bearer(TOKENS.revoked) },
  { label: 'empty bearer', headers: { Authorization: 'Bearer ' } },
  {
    label: 'wrong scheme',
    headers: { Authorization: `Basic ${Buffer.from(`${TOKENS.admin}:`).toString('base64')}` },
  },
  { label: 'two tokens', headers: { Authorization: `Bearer ${TOKENS.admin} ${TOKENS.viewer}` } },
  { label: 'oversized token', headers: bearer(`${TOKENS.admin}${'a'.repeat(600)}`) },
  { label: 'token with NUL', headers: {}, query: `?token=${encodeURIComponent(`${TOKENS.admin}\u0000`)}` },
  { label: 'token param misnamed', headers: {}, query: `?Token=${TOKENS.admin}` },
  { label: 'admin token, other case', headers: bearer(TOKENS.admin.toUpperCase()) },
];

/** Which roles may open each endpoint (server/auth/roles.ts) and send each watch action (alerts/actions.ts). */
const INGEST_ROLES = ['source', 'admin'];
const WATCH_ROLES = ['officer', 'leader', 'viewer', 'admin'];
const ACTION_ROLES: Record<string, string[]> = {
  note: ['officer', 'leader', 'admin'],
  'call.log': ['officer', 'leader', 'admin'],
  'alert.escalate': ['officer', 'leader', 'admin'],
  'alert.ack': ['officer', 'leader', 'admin'],
  'alert.confirm': ['officer', 'leader', 'admin'],
  'alert.snooze': ['officer', 'leader', 'admin'],
  'alert.resolve': ['officer', 'leader', 'admin'],
  'report.sent': ['officer', 'leader', 'admin'],
  'duty.set': ['leader', 'admin'],
  'shift.start': ['officer', 'leader', 'admin'],
};
const INGEST_TYPES = [
  'reading',
  'stock.movement',
  'stock.count',
  'incident.report',
  'incident.update',
  'cap',
  'batch',
];

/**
 * Everything a request could change that only a person or a source can change — not what the alert engine
 * does on its own (new alerts and reporting clocks from earlier data, ladder moves): if this is equal before
 * and after a refused attempt, the attempt changed nothing.
 */
function digest(dbPath: string): string {
  return withDb(dbPath, (db) =>
    JSON.stringify(
      db
        .prepare(
          `SELECT
             (SELECT COUNT(*) || '/' || IFNULL(MAX(seq), 0) FROM journal) AS journal,
             (SELECT COUNT(*) FROM readings) AS readings,
             (SELECT COUNT(*) FROM stock_ledger) AS ledger,
             (SELECT group_concat(warehouse || item || quantity) FROM stock_balance) AS balances,
             (SELECT COUNT(*) FROM incidents) || '/' || (SELECT COUNT(*) FROM incident_updates) AS incidents,
             (SELECT group_concat(code || status || deaths || injuries) FROM incident_state) AS incidentState,
             (SELECT COUNT(*) FROM action_journal) AS actions,
             (SELECT COUNT(*) FROM cap_messages) || '/' || (SELECT group_concat(id || state) FROM cap_threads) AS cap,
             (SELECT COUNT(*) || '/' || IFNULL(MAX(id), 0) FROM audit_log WHERE actor != 'system') AS personAudit,
             (SELECT group_concat(id || state || IFNULL(ack_by, '') || IFNULL(recheck_at, '') || IFNULL(snoozed_until, '')
                || closed_by_human) FROM alerts
              WHERE ack_by IS NOT NULL OR snooze_by IS NOT NULL OR closed_by_human = 1) AS alerts,
             (SELECT group_concat(id || state || done_by) FROM obligations WHERE done_by IS NOT NULL) AS obligations,
             (SELECT group_concat(date || officer || leader) FROM roster_overrides) AS roster,
             (SELECT officer || IFNULL(handover_to, '') FROM watch) AS watch`,
        )
        .get(),
    ),
  );
}

/** Opens a WebSocket from a chosen loopback address; resolves with the socket or the HTTP status refusing it. */
function knock(
  url: string,
  path: string,
  who: Knocker,
  localAddress = '127.0.0.1',
): Promise<{ status: number; ws?: WebSocket; ms: number }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const ws = new WebSocket(`${url}${path}${who.query ?? ''}`, SUBPROTOCOL, {
      headers: who.headers,
      localAddress,
    });
    ws.once('open', () => resolve({ status: 101, ws, ms: performance.now() - started }));
    ws.once('unexpected-response', (_req, res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, ms: performance.now() - started });
    });
    ws.once('error', () => resolve({ status: -1, ms: performance.now() - started }));
  });
}

/** Sends one message and resolves with the reply carrying its id (feed frames on /watch are skipped). */
function ask(ws: WebSocket, message: Record<string, unknown> & { id: string }): Promise<Reply> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const reply = JSON.parse(String(data)) as Reply;
      if ((reply.type === 'ack' || reply.type === 'error') && reply.id === message.id) {
        ws.off('message', onMessage);
        resolve(reply);
      }
    };
    ws.on('message', onMessage);
    ws.once('close', (code) => resolve({ type: 'closed', id: message.id, code: `close ${code}` }));
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
    else resolve({ type: 'closed', id: message.id, code: 'not open' });
  });
}

const outcome = (r: Reply) => (r.type === 'ack' ? 'ack' : (r.code ?? r.type));

let nextId = 0;
const uid = (what: string) => `${what}-${++nextId}`;
const iso = (ms: number) => new Date(ms).toISOString();

function ingestMessage(
  type: string,
  scope: { station: string; warehouse: string; township: string; incident: string },
) {
  const now = Date.now();
  const id = uid('in');
  const reading = { type: 'reading', id, station: scope.station, observedAt: iso(now - 60_000), level: 5 };
  switch (type) {
    case 'reading':
      return reading;
    case 'stock.movement':
      return { type, id, warehouse: scope.warehouse, item: 'BAG', kind: 'in', quantity: 1, at: iso(now) };
    case 'stock.count':
      return { type, id, warehouse: scope.warehouse, item: 'BAG', quantity: 10, at: iso(now) };
    case 'incident.report':
      return {
        type,
        id,
        incident: uid('INC'),
        category: 'accident',
        kind: 'traffic',
        title: '测试',
        township: scope.township,
        occurredAt: iso(now - 60_000),
        casualties: { deaths: 0, missing: 0, seriousInjuries: 0, injuries: 1, trapped: 0, evacuated: 0 },
        directLossYuan: 0,
      };
    case 'incident.update':
      return { type, id, incident: scope.incident, at: iso(now), casualties: { injuries: 2 } };
    case 'cap':
      return { type, id, xml: capWarning(uid('W'), now) };
    default:
      return { type: 'batch', id, messages: [{ ...reading, id: uid('in') }] };
  }
}

/** A valid CAP 1.2 warning from a sender only scopes with `capSenders` cover. */
const capWarning = (identifier: string, now: number) =>
  writeCap(capAlert({ identifier, sentAt: now, sender: 'matrix@411731' }));

function watchAction(type: string, alert: number, obligation: number) {
  const now = Date.now();
  const id = uid('act');
  switch (type) {
    case 'note':
      return { type, id, text: 'matrix', alert };
    case 'call.log':
      return { type, id, to: 'P2', outcome: 'reached', alert };
    case 'alert.escalate':
      return { type, id, alert, reason: 'matrix' };
    case 'alert.ack':
      return { type, id, alert, reason: 'matrix', recheckAt: iso(now + 3_600_000) };
    case 'alert.confirm':
      return { type, id, alert, recheckAt: iso(now + 7_200_000) };
    case 'alert.snooze':
      return { type, id, alert, until: iso(now + 3_600_000), reason: 'matrix' };
    case 'alert.resolve':
      return { type, id, alert, reason: 'matrix' };
    case 'report.sent':
      return { type, id, obligation, channel: 'phone', to: '市应急局' };
    case 'duty.set':
      return { type, id, date: '2026-12-24', officer: 'P5', leader: 'P2' };
    default:
      return { type, id };
  }
}

/**
 * Every role × endpoint × action, plus tokens that must not work and sources out of their scope: each
 * allowed attempt gets past authorization, each forbidden one is refused (401/403 at the upgrade, FORBIDDEN or
 * OUT_OF_SCOPE after it) with nothing changed in the database. Then: a token revoked or rotated by SIGHUP
 * while its connection is open, and repeated failed tokens from one address, which are slowed down.
 */
export const authMatrix: Section = {
  name: 'auth-matrix',
  summary: 'every role × endpoint × action, bad and revoked tokens, scopes; failed tokens slowed down',
  async run(ctx) {
    const dir = join(ctx.dir, 'auth-matrix');
    mkdirSync(dir, { recursive: true });
    const config = testConfigInput();
    const configPath = writeConfig(dir, config);
    const dbPath = join(dir, 'collector.db');
    const collector: ChaosCollector = await startChaosCollector({ configPath, dbPath });
    const { url } = collector;
    const problems: string[] = [];
    let cells = 0;
    let allowedOk = 0;
    let allowedDomain = 0;
    let refused = 0;
    const expectRefused = async (label: string, attempt: () => Promise<string>, expected: string[]) => {
      cells += 1;
      const before = digest(dbPath);
      const got = await attempt();
      // A refusal acts at once; give a wrongly accepted message its moment to reach the disk before looking.
      await sleep(got === 'ack' ? 50 : 0);
      const after = digest(dbPath);
      if (!expected.includes(got)) problems.push(`${label}: expected ${expected.join('|')}, got ${got}`);
      else if (before !== after) {
        const [was, now] = [JSON.parse(before), JSON.parse(after)] as Record<string, unknown>[];
        const what = Object.keys(was ?? {}).filter((k) => was?.[k] !== now?.[k]);
        problems.push(`${label}: refused (${got}) but the database changed (${what.join(', ')})`);
      } else refused += 1;
    };
    const expectAllowed = async (label: string, attempt: () => Promise<string>) => {
      cells += 1;
      const got = await attempt();
      if (got === 'ack') allowedOk += 1;
      // Past authorization, an action can still be refused on its merits (INVALID_STATE …): that is allowed.
      else if (
        ['FORBIDDEN', 'OUT_OF_SCOPE', 'closed', 'not open'].includes(got) ||
        /^\d+$/.test(got) ||
        got.startsWith('close')
      )
        problems.push(`${label}: allowed, but got ${got}`);
      else allowedDomain += 1;
    };

    try {
      // The state the actions work on: three low-stock alerts (one per acting role) and incidents with clocks.
      const seed = await knock(url, '/ingest', ROLES[0] as Knocker);
      const seeder = seed.ws as WebSocket;
      const now = Date.now();
      for (const [warehouse, item, quantity] of [
        ['W1', 'TENT', 3],
        ['W1', 'BAG', 50],
        ['W2', 'TENT', 1],
      ] as const) {
        await ask(seeder, { type: 'stock.count', id: uid('seed'), warehouse, item, quantity, at: iso(now) });
      }
      for (const township of ['T1', 'T1', 'T2']) {
        await ask(seeder, {
          type: 'incident.report',
          id: uid('seed'),
          incident: `SEED-${township}-${nextId}`,
          category: 'accident',
          kind: 'production_safety',
          title: '较大事故',
          township,
          occurredAt: iso(now - 60_000),
          casualties: { deaths: 3, missing: 0, seriousInjuries: 0, injuries: 0, trapped: 0, evacuated: 0 },
          directLossYuan: 0,
        });
      }
      seeder.close();
      const ready = await waitUntil(
        () =>
          withDb(dbPath, (db) => {
            const alerts = db
              .prepare("SELECT COUNT(*) FROM alerts WHERE class LIKE 'stock.%'")
              .pluck()
              .get() as number;
            const clocks = db
              .prepare("SELECT COUNT(*) FROM obligations WHERE state = 'open'")
              .pluck()
              .get() as number;
            return alerts >= 3 && clocks >= 3;
          }),
        10_000,
      );
      if (!ready) throw new Error('the seed alerts and reporting clocks never appeared');
      const { alertIds, obligationIds, t1Incident, t2Incident } = withDb(dbPath, (db) => ({
        alertIds: db
          .prepare("SELECT id FROM alerts WHERE class LIKE 'stock.%' ORDER BY id")
          .pluck()
          .all() as number[],
        obligationIds: db
          .prepare("SELECT id FROM obligations WHERE state = 'open' ORDER BY id")
          .pluck()
          .all() as number[],
        t1Incident: db
          .prepare("SELECT code FROM incidents WHERE township = 'T1' ORDER BY code")
          .pluck()
          .get() as string,
        t2Incident: db.prepare("SELECT code FROM incidents WHERE township = 'T2'").pluck().get() as string,
      }));
      const fullScope = { station: 'G1', warehouse: 'W1', township: 'T1', incident: t1Incident };

      // Intruders: every endpoint refused at the upgrade (401) — so every action behind it too.
      for (const [i, who] of INTRUDERS.entries()) {
        for (const path of ['/ingest', '/watch']) {
          const actions = path === '/ingest' ? INGEST_TYPES.length : Object.keys(ACTION_ROLES).length;
          await expectRefused(`${who.label} on ${path}`, async () => {
            // One loopback address each, so the slow-down for failed tokens is measured on its own below.
            const r = await knock(url, path, who, `127.0.0.${10 + i}`);
            r.ws?.close();
            return String(r.status);
          }, ['401']);
          cells += actions - 1;
          refused += actions - 1;
        }
      }

      // Roles on /ingest: sources and admins send every type; the others are refused at the upgrade.
      for (const who of ROLES) {
        const r = await knock(url, '/ingest', who);
        if (!INGEST_ROLES.includes(who.role as string)) {
          await expectRefused(`${who.label} on /ingest`, async () => String(r.status), ['403']);
          cells += INGEST_TYPES.length - 1;
          refused += INGEST_TYPES.length - 1;
          continue;
        }
        for (const type of INGEST_TYPES) {
          await expectAllowed(`${who.label} sends ${type}`, async () =>
            r.ws ? outcome(await ask(r.ws, ingestMessage(type, fullScope))) : String(r.status),
          );
        }
        r.ws?.close();
      }

      // Roles on /watch: forbidden actions first (viewer everything, officer the roster), on untouched state.
      const sockets = new Map<string, WebSocket>();
      for (const who of ROLES) {
        const r = await knock(url, '/watch', who);
        if (!WATCH_ROLES.includes(who.role as string)) {
          await expectRefused(`${who.label} on /watch`, async () => String(r.status), ['403']);
          cells += Object.keys(ACTION_ROLES).length - 1;
          refused += Object.keys(ACTION_ROLES).length - 1;
          continue;
        }
        sockets.set(who.label, r.ws as WebSocket);
      }
      for (const [label, ws] of sockets) {
        for (const [type, roles] of Object.entries(ACTION_ROLES)) {
          if (roles.includes(label)) continue;
          await expectRefused(
            `${label} sends ${type}`,
            async () =>
              outcome(await ask(ws, watchAction(type, alertIds[0] as number, obligationIds[0] as number))),
            ['FORBIDDEN'],
          );
        }
      }
      let acting = 0;
      for (const [label, ws] of sockets) {
        if (label === 'viewer') continue;
        const alert = alertIds[acting] as number;
        const obligation = obligationIds[acting] as number;
        acting += 1;
        for (const [type, roles] of Object.entries(ACTION_ROLES)) {
          if (!roles.includes(label)) continue;
          await expectAllowed(`${label} sends ${type}`, async () =>
            outcome(await ask(ws, watchAction(type, alert, obligation))),
          );
        }
      }

      // HTTP: /healthz and /metrics are public by design (probes and Prometheus); anything but GET is refused.
      for (const who of [...ROLES, ...INTRUDERS]) {
        for (const path of ['/healthz', '/metrics']) {
          cells += 1;
          const res = await fetch(`${collector.httpUrl}${path}`, { headers: who.headers });
          await res.arrayBuffer();
          if (res.status !== 200) problems.push(`${who.label} GET ${path}: ${res.status}`);
          else allowedOk += 1;
        }
      }
      // The WebSocket endpoints answer any plain HTTP request 426 Upgrade Required (issue 13.6: it tells the
      // truth, where 404 said there was nothing there); the probes refuse other methods with 404/405.
      for (const path of ['/healthz', '/metrics', '/ingest', '/watch']) {
        const refusals = path === '/ingest' || path === '/watch' ? ['426'] : ['404', '405'];
        await expectRefused(
          `POST ${path}`,
          async () => {
            const res = await fetch(`${collector.httpUrl}${path}`, {
              method: 'POST',
              headers: bearer(TOKENS.admin),
              body: '{}',
            });
            await res.arrayBuffer();
            return String(res.status);
          },
          refusals,
        );
      }

      // Scope: sources out of their stations, warehouses and townships (batches refused whole).
      const gauges = (await knock(url, '/ingest', { label: 'gauges', headers: bearer(TOKENS.gauges) }))
        .ws as WebSocket;
      const reporter = (await knock(url, '/ingest', { label: 'reporter', headers: bearer(TOKENS.reporter) }))
        .ws as WebSocket;
      const outOfScope: [string, WebSocket, object][] = [
        ['gauges: reading of R1', gauges, ingestMessage('reading', { ...fullScope, station: 'R1' })],
        ['gauges: stock.movement', gauges, ingestMessage('stock.movement', fullScope)],
        ['gauges: stock.count', gauges, ingestMessage('stock.count', fullScope)],
        ['gauges: incident.report', gauges, ingestMessage('incident.report', fullScope)],
        ['gauges: incident.update', gauges, ingestMessage('incident.update', fullScope)],
        ['gauges: cap (no capSenders)', gauges, ingestMessage('cap', fullScope)],
        [
          'gauges: batch of G1 + R1',
          gauges,
          {
            type: 'batch',
            id: uid('in'),
            messages: [
              ingestMessage('reading', fullScope),
              ingestMessage('reading', { ...fullScope, station: 'R1' }),
            ],
          },
        ],
        ['reporter-t1: reading', reporter, ingestMessage('reading', fullScope)],
        [
          'reporter-t1: stock.count',
          reporter,
          ingestMessage('stock.count', { ...fullScope, warehouse: 'W2' }),
        ],
        [
          'reporter-t1: incident in T2',
          reporter,
          ingestMessage('incident.report', { ...fullScope, township: 'T2' }),
        ],
        [
          'reporter-t1: update of a T2 incident',
          reporter,
          ingestMessage('incident.update', { ...fullScope, incident: t2Incident }),
        ],
      ];
      for (const [label, ws, message] of outOfScope) {
        await expectRefused(label, async () => outcome(await ask(ws, message as { id: string })), [
          'OUT_OF_SCOPE',
        ]);
      }
      await expectAllowed('gauges: reading of G1', async () =>
        outcome(await ask(gauges, ingestMessage('reading', fullScope))),
      );
      await expectAllowed('reporter-t1: incident in T1', async () =>
        outcome(await ask(reporter, ingestMessage('incident.report', fullScope))),
      );

      // Revoked and rotated while connected (SIGHUP): the open connections must lose their rights too.
      const officer2 = (await knock(url, '/watch', { label: 'officer2', headers: bearer(TOKENS.officer2) }))
        .ws as WebSocket;
      const rotated = {
        ...config,
        tokens: config.tokens.map((t) =>
          t.name === 'officer2'
            ? { ...t, revoked: true }
            : t.name === 'gauges'
              ? { ...t, hash: hashToken('tok-gauges-new') }
              : t,
        ),
      };
      writeFileSync(configPath, JSON.stringify(rotated));
      const logFrom = collector.log().length;
      collector.hangup();
      if (!(await waitForLog(collector, /config\.reloaded/, 10_000, logFrom)))
        problems.push('SIGHUP reload never logged');
      await expectRefused(
        'officer2 revoked while connected, sends a note',
        async () => outcome(await ask(officer2, watchAction('note', alertIds[0] as number, 0))),
        ['closed', 'not open', 'close 1008', 'FORBIDDEN'],
      );
      await expectRefused(
        'gauges rotated while connected, sends a reading',
        async () => outcome(await ask(gauges, ingestMessage('reading', fullScope))),
        ['closed', 'not open', 'close 1008', 'FORBIDDEN'],
      );
      await expectRefused(
        'officer2 reconnects after revocation',
        async () =>
          String((await knock(url, '/watch', { label: 'x', headers: bearer(TOKENS.officer2) })).status),
        ['401'],
      );
      await expectRefused(
        'gauges old token after rotation',
        async () =>
          String((await knock(url, '/ingest', { label: 'x', headers: bearer(TOKENS.gauges) })).status),
        ['401'],
      );
      await expectAllowed('gauges new token after rotation', async () => {
        const r = await knock(url, '/ingest', { label: 'x', headers: bearer('tok-gauges-new') });
        r.ws?.close();
        return r.status === 101 ? 'ack' : String(r.status);
      });
      for (const ws of [...sockets.values(), gauges, reporter, officer2]) ws.close();

      // Repeated failed tokens from one address are answered ever more slowly; other addresses are not.
      const attacker = `127.0.0.3`;
      const delays: number[] = [];
      for (let i = 0; i < 10; i++) {
        const r = await knock(url, '/ingest', { label: 'guess', headers: bearer(`guess-${i}`) }, attacker);
        delays.push(r.ms);
      }
      const bystander = await knock(url, '/ingest', { label: 'typo', headers: bearer('typo') }, '127.0.0.4');
      const firstFive = Math.max(...delays.slice(0, 5));
      const lastFive = delays.slice(5).reduce((a, b) => a + b, 0);
      // 100 + 200 + 400 + 800 + 1600 ms by design; load can only add to it.
      if (firstFive > 500)
        problems.push(`the first failed tokens were answered slowly (${Math.round(firstFive)} ms)`);
      if (lastFive < 3100)
        problems.push(`failed tokens 6-10 took only ${Math.round(lastFive)} ms in all (expected ≥ 3,100)`);
      if (bystander.ms > 500)
        problems.push(`another address was slowed down too (${Math.round(bystander.ms)} ms)`);
      const rescued = await knock(url, '/ingest', ROLES[0] as Knocker, attacker);
      rescued.ws?.close();
      if (rescued.status !== 101 || rescued.ms > 500)
        problems.push(
          `a good token from the slowed address: ${rescued.status} in ${Math.round(rescued.ms)} ms`,
        );

      const figures = [
        `${fmt(cells)} cells (${ROLES.length} roles + ${INTRUDERS.length} bad tokens × /ingest ${INGEST_TYPES.length} types, /watch ${Object.keys(ACTION_ROLES).length} actions, 2 HTTP; scopes; SIGHUP revocation)`,
        `allowed ${allowedOk + allowedDomain} (${allowedOk} acked, ${allowedDomain} refused on their merits)`,
        `forbidden ${refused} refused with nothing changed`,
        `failed tokens from one address: first 5 ≤ ${Math.round(firstFive)} ms, next 5 took ${(lastFive / 1000).toFixed(1)} s; other address ${Math.round(bystander.ms)} ms`,
      ].join(', ');
      return { figures, problems };
    } finally {
      await collector.stop();
    }
  },
};
