// Over 250 lines on purpose: one chaos section: the lanes that fire the bad frames, the raw non-WebSocket requests,
// and the run (warm-up, baseline, two rounds, memory) read top to bottom against one collector.
import { mkdirSync } from 'node:fs';
import { connect as tcpConnect } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';
import { configSchema, errorReplySchema, SUBPROTOCOL } from '../src/protocol/index.js';
import { writeConfig } from '../test/helpers/collector-process.js';
import {
  type BadFrame,
  HEAVY_INGEST_FRAMES,
  INGEST_FRAMES,
  validNote,
  validReading,
  WATCH_FRAMES,
} from './bad-frames.js';
import { CHAOS_TOKENS, chaosConfig } from './chaos-config.js';
import { withDb } from './checks.js';
import { type ChaosCollector, metricValue, startChaosCollector } from './collector.js';
import { fmt, mb, type Section, tally } from './report.js';

const INGEST_LANES = 40;
const WATCH_LANES = 8;
const WINDOW = 64;
/** RSS may stay this far above its baseline (allocator pages kept for reuse are not a leak). */
const RSS_ALLOWANCE_BYTES = 48 * 1024 * 1024;
/** The live heap may end this far above its baseline: bounded caches (the feed's resume window, ids). */
const HEAP_ALLOWANCE_BYTES = 16 * 1024 * 1024;
/** …and may grow at most this much in the second round (anything more is a leak). */
const HEAP_ROUND_GROWTH_BYTES = 4 * 1024 * 1024;

type Mismatch = { category: string; expected: string; got: string };

/** What one lane (a connection) sent and what came back. */
type LaneResult = {
  sent: number;
  /** Frames sent that were meant to be refused. */
  malformed: number;
  answered: number;
  acked: string[];
  mismatches: Mismatch[];
  closed: number | undefined;
};

// Sends `count` frames made by `pick` over one connection, at most WINDOW unanswered, matching replies in order.
function runLane(
  url: string,
  path: '/ingest' | '/watch',
  token: string,
  count: number,
  pick: (i: number) => BadFrame,
): Promise<LaneResult> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${url}${path}`, SUBPROTOCOL, { headers: { Authorization: `Bearer ${token}` } });
    const expected: BadFrame[] = [];
    let head = 0;
    let sent = 0;
    const result: LaneResult = {
      sent: 0,
      malformed: 0,
      answered: 0,
      acked: [],
      mismatches: [],
      closed: undefined,
    };
    const pump = () => {
      while (sent < count && sent - head < WINDOW) {
        const frame = pick(sent);
        expected.push(frame);
        if (frame.expect !== 'ack') result.malformed += 1;
        ws.send(frame.data, { binary: frame.binary === true });
        sent += 1;
      }
      if (head === count) {
        result.sent = sent;
        ws.close();
      }
    };
    ws.once('open', pump);
    ws.once('error', reject);
    ws.on('message', (data) => {
      const reply = JSON.parse(String(data)) as { type: string; id: string | null; code?: string };
      // The feed (welcome, snapshot, deltas, clocks) shares /watch with the replies.
      if (reply.type !== 'ack' && reply.type !== 'error') return;
      const want = expected[head];
      head += 1;
      result.answered += 1;
      if (!want) return;
      expected[head - 1] = undefined as unknown as BadFrame;
      const got = reply.type === 'ack' ? 'ack' : (reply.code ?? 'NO_CODE');
      const isWellFormed = reply.type === 'ack' || errorReplySchema.safeParse(reply).success;
      if (got !== want.expect || reply.id !== want.id || !isWellFormed) {
        result.mismatches.push({
          category: want.category,
          expected: `${want.expect} id=${want.id}`,
          got: `${got} id=${reply.id}${isWellFormed ? '' : ' (malformed reply)'}`,
        });
      } else if (got === 'ack' && want.id) result.acked.push(want.id);
      pump();
    });
    ws.once('close', (code) => {
      result.sent = sent;
      result.closed = head === count ? undefined : code;
      resolve(result);
    });
  });
}

// Runs every lane at once; ingest lanes use the fuzzer token, watch lanes an officer's.
async function barrage(url: string, ingestFrames: number, watchFrames: number, seed: number) {
  const now = () => Date.now();
  const ingestPick = (lane: number) => (i: number) => {
    const k = seed + i * INGEST_LANES + lane;
    if (k % 20 === 0) return validReading(`ok-${k}`, `G${1 + (k % 5)}`, now());
    if (k % 100 === 1)
      return (HEAVY_INGEST_FRAMES[k % HEAVY_INGEST_FRAMES.length] as (typeof HEAVY_INGEST_FRAMES)[number])(
        k,
        now(),
      );
    return (INGEST_FRAMES[k % INGEST_FRAMES.length] as (typeof INGEST_FRAMES)[number])(k, now());
  };
  const watchPick = (lane: number) => (i: number) => {
    const k = seed + i * WATCH_LANES + lane;
    if (k % 20 === 0) return validNote(`note-${k}`);
    return (WATCH_FRAMES[k % WATCH_FRAMES.length] as (typeof WATCH_FRAMES)[number])(k, now());
  };
  const lanes = [
    ...Array.from({ length: INGEST_LANES }, (_, lane) =>
      runLane(url, '/ingest', CHAOS_TOKENS.fuzzer, Math.ceil(ingestFrames / INGEST_LANES), ingestPick(lane)),
    ),
    ...Array.from({ length: WATCH_LANES }, (_, lane) =>
      runLane(url, '/watch', CHAOS_TOKENS.officer, Math.ceil(watchFrames / WATCH_LANES), watchPick(lane)),
    ),
  ];
  return Promise.all(lanes);
}

// Raw requests a WebSocket library never sends: each must be answered with an HTTP error or closed, quickly.
const RAW_REQUESTS: ((token: string) => Buffer)[] = [
  () => Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03]),
  () => Buffer.from('\x00\xff\xfe garbage that is not HTTP at all\r\n\r\n', 'latin1'),
  (t) =>
    Buffer.from(
      `GET /ingest HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: not-a-key\r\nAuthorization: Bearer ${t}\r\n\r\n`,
    ),
  (t) =>
    Buffer.from(
      `GET /ingest HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 7\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nAuthorization: Bearer ${t}\r\n\r\n`,
    ),
  () => Buffer.from(`GET /${'a'.repeat(100_000)} HTTP/1.1\r\nHost: x\r\n\r\n`),
  () => Buffer.from(`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(40_000)}\r\n\r\n`),
  () => Buffer.from('GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n'),
  () => Buffer.from('POST /ingest HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n'),
];

/** Sends `count` raw requests; tallies the HTTP status each got (or how the socket ended). */
async function rawGarbage(port: number, count: number) {
  const answers = new Map<string, number>();
  let unanswered = 0;
  for (let i = 0; i < count; i += 20) {
    await Promise.all(
      Array.from({ length: Math.min(20, count - i) }, (_, j) => {
        const make = RAW_REQUESTS[(i + j) % RAW_REQUESTS.length] as (typeof RAW_REQUESTS)[number];
        return new Promise<void>((resolve) => {
          const socket = tcpConnect(port, '127.0.0.1');
          let reply = '';
          const timer = setTimeout(() => {
            unanswered += 1;
            socket.destroy();
            resolve();
          }, 10_000);
          const done = () => {
            clearTimeout(timer);
            const status = /^HTTP\/1\.1 (\d+)/.exec(reply)?.[1] ?? 'closed';
            answers.set(status, (answers.get(status) ?? 0) + 1);
            resolve();
          };
          socket.on('data', (d) => {
            reply += d.toString('latin1');
          });
          socket.once('close', done);
          socket.once('error', () => socket.destroy());
          socket.write(make(CHAOS_TOKENS.fuzzer));
        });
      }),
    );
  }
  return { sent: count, answers, unanswered };
}

async function heapUsed(collector: ChaosCollector): Promise<number> {
  return metricValue((await collector.get('/metrics')).body, 'nodejs_heap_used_bytes');
}

/**
 * At least 100,000 malformed frames of every kind from 48 connections at once, with valid messages mixed in:
 * each must get its stable code (the same code for the same mistake, the id echoed when readable), the
 * collector must stay up and store exactly the valid ones, and its memory must come back to its baseline.
 */
export const badInput: Section = {
  name: 'bad-input',
  summary: '100,000+ malformed frames from many connections: stable codes, stays up, stores nothing invalid',
  async run(ctx) {
    const ingestFrames = ctx.quick ? 10_000 : 100_000;
    const watchFrames = ctx.quick ? 1_000 : 10_000;
    const dir = join(ctx.dir, 'bad-input');
    mkdirSync(dir, { recursive: true });
    const config = chaosConfig();
    const configPath = writeConfig(dir, config);
    const dbPath = join(dir, 'collector.db');
    const collector = await startChaosCollector({ configPath, dbPath, inspect: true });
    const problems: string[] = [];
    // Live memory: heap after a full collection (through the inspector), and resident size.
    const memory = async () => {
      await collector.collectGarbage();
      return { heap: await heapUsed(collector), rss: collector.rssBytes() };
    };
    try {
      // Warm up (JIT, caches, socket buffers) before the baseline, so the baseline is a working collector's.
      await barrage(collector.url, 4_000, 400, 10_000_000);
      await sleep(1000);
      const baseline = await memory();
      const journalBefore = withDb(
        dbPath,
        (db) => db.prepare('SELECT COUNT(*) FROM journal').pluck().get() as number,
      );
      const actionsBefore = withDb(
        dbPath,
        (db) => db.prepare('SELECT COUNT(*) FROM action_journal').pluck().get() as number,
      );

      let peakRss = baseline.rss;
      let healthFailures = 0;
      const sampler = setInterval(() => {
        peakRss = Math.max(peakRss, collector.rssBytes());
        collector.get('/healthz').then(
          (r) => {
            if (r.status !== 200) healthFailures += 1;
          },
          () => {
            healthFailures += 1;
          },
        );
      }, 250);
      // Two rounds: a leak grows the live heap again in the second; bounded caches do not.
      const started = Date.now();
      const lanes = await barrage(collector.url, ingestFrames / 2, watchFrames / 2, 0);
      const afterFirst = await memory();
      lanes.push(...(await barrage(collector.url, ingestFrames / 2, watchFrames / 2, 50_000_000)));
      const seconds = (Date.now() - started) / 1000;
      clearInterval(sampler);
      const after = await memory();
      ctx.progress(`bad-input: barrage done in ${seconds.toFixed(1)} s`);

      const mismatches = lanes.flatMap((l) => l.mismatches);
      const sent = lanes.reduce((n, l) => n + l.sent, 0);
      const answered = lanes.reduce((n, l) => n + l.answered, 0);
      const acked = lanes.flatMap((l) => l.acked);
      const validIngest = acked.filter((id) => id.startsWith('ok-'));
      const validNotes = acked.filter((id) => id.startsWith('note-'));
      const malformed = lanes.reduce((n, l) => n + l.malformed, 0);
      if (answered !== sent) problems.push(`${fmt(sent - answered)} frames got no reply`);
      for (const lane of lanes)
        if (lane.closed !== undefined) problems.push(`a connection was closed (${lane.closed}) mid-run`);
      const byKind = tally(mismatches.map((m) => `${m.category}: expected ${m.expected}, got ${m.got}`));
      for (const [what, n] of byKind) problems.push(`${fmt(n)}× ${what}`);
      if (healthFailures > 0) problems.push(`/healthz failed ${healthFailures} times during the barrage`);
      if (!collector.isRunning()) problems.push('the collector died');
      if (after.heap > baseline.heap + HEAP_ALLOWANCE_BYTES)
        problems.push(`live heap ${mb(after.heap)} after, baseline ${mb(baseline.heap)}`);
      if (after.heap > afterFirst.heap + HEAP_ROUND_GROWTH_BYTES)
        problems.push(`live heap grew ${mb(after.heap - afterFirst.heap)} in the second round (a leak)`);
      if (after.rss > baseline.rss + RSS_ALLOWANCE_BYTES)
        problems.push(
          `RSS ${mb(after.rss)} after, baseline ${mb(baseline.rss)} (allowance ${mb(RSS_ALLOWANCE_BYTES)})`,
        );

      const stored = withDb(dbPath, (db) => ({
        journal: (db.prepare('SELECT COUNT(*) FROM journal').pluck().get() as number) - journalBefore,
        actions: (db.prepare('SELECT COUNT(*) FROM action_journal').pluck().get() as number) - actionsBefore,
        badLevels: db
          .prepare('SELECT COUNT(*) FROM readings WHERE level IS NULL OR level NOT BETWEEN -1000 AND 10000')
          .pluck()
          .get() as number,
        integrity: db.pragma('integrity_check', { simple: true }),
      }));
      if (stored.journal !== validIngest.length)
        problems.push(
          `journal grew by ${stored.journal}, but ${validIngest.length} valid messages were acked`,
        );
      if (stored.actions !== validNotes.length)
        problems.push(
          `action journal grew by ${stored.actions}, but ${validNotes.length} valid notes were acked`,
        );
      if (stored.badLevels > 0) problems.push(`${stored.badLevels} readings with impossible levels stored`);
      if (stored.integrity !== 'ok') problems.push(`integrity_check: ${String(stored.integrity)}`);

      // Below the WebSocket layer: bytes that are not HTTP, broken handshakes, absurd request lines.
      const raw = await rawGarbage(collector.port, ctx.quick ? 30 : 300);
      if (raw.unanswered > 0)
        problems.push(`${raw.unanswered} raw connections were neither answered nor closed`);
      const afterRaw = await collector.get('/healthz');
      if (afterRaw.status !== 200) problems.push(`/healthz after the raw garbage: ${afterRaw.status}`);

      // Frames over maxPayloadBytes are abuse: the connection is closed with 1009, and nobody else notices. The
      // frame is sized from the config's own limit (a fixed 300 KB stopped being oversized when the default rose
      // to 2 MiB for CAP documents, and this section then waited for a close that never came).
      const maxPayload = configSchema.parse(config).server.maxPayloadBytes;
      const oversized = await Promise.all(
        Array.from({ length: 10 }, async () => {
          const ws = new WebSocket(`${collector.url}/ingest`, SUBPROTOCOL, {
            headers: { Authorization: `Bearer ${CHAOS_TOKENS.fuzzer}` },
          });
          ws.on('error', () => {});
          const closed = new Promise<number>((resolve) => ws.once('close', resolve));
          await Promise.race([new Promise((resolve) => ws.once('open', resolve)), closed]);
          if (ws.readyState === WebSocket.OPEN)
            ws.send(`{"type":"reading","id":"big","pad":"${'x'.repeat(maxPayload + 1024)}"}`);
          const timeout = sleep(15_000).then(() => {
            ws.terminate();
            return -1;
          });
          return Promise.race([closed, timeout]);
        }),
      );
      const closed1009 = oversized.filter((c) => c === 1009).length;
      if (closed1009 !== oversized.length) problems.push(`oversized frames: closes ${oversized.join(',')}`);

      const kinds = [...INGEST_FRAMES, ...HEAVY_INGEST_FRAMES, ...WATCH_FRAMES].length;
      const figures = [
        `${fmt(malformed)} malformed frames (${kinds} kinds) + ${fmt(validIngest.length + validNotes.length)} valid from ${INGEST_LANES + WATCH_LANES} connections in ${seconds.toFixed(0)} s`,
        `${fmt(answered)}/${fmt(sent)} answered, ${fmt(mismatches.length)} with an unexpected code`,
        `${fmt(stored.journal)} stored = valid acked, 0 invalid`,
        `oversized closed 1009 ${closed1009}/${oversized.length}`,
        `${fmt(raw.sent)} raw TCP/HTTP garbage connections answered ${[...raw.answers].map(([a, n]) => `${a} ${n}`).join(', ')}`,
        `collector up, /healthz failures ${healthFailures}`,
        `live heap ${mb(baseline.heap)} → ${mb(afterFirst.heap)} → ${mb(after.heap)}, RSS ${mb(baseline.rss)} (peak ${mb(peakRss)}) → ${mb(after.rss)}`,
      ].join(', ');
      return { figures, problems };
    } finally {
      await collector.stop();
    }
  },
};
