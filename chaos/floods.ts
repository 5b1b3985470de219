// Over 250 lines on purpose: one chaos section: the well-behaved sources, the flooders, the idle sockets and the
// alternating on/off measurement, then the run read top to bottom against one collector.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';
import { SUBPROTOCOL } from '../src/protocol/index.js';
import { writeConfig } from '../test/helpers/collector-process.js';
import { CHAOS_TOKENS, chaosConfig, sourceStation } from './chaos-config.js';
import { type ChaosCollector, startChaosCollector, waitUntil } from './collector.js';
import type { FloodFigures } from './flooder.js';
import { fmt, mb, ms, percentile, type Section } from './report.js';

const RATE_PER_SECOND = 200;
const RATE_BURST = 400;
/** How fast the flooding source sends: 100× its limit. */
const FLOOD_PER_SECOND = 20_000;
/** Console actions a token may send per second on /watch (and at once), and how fast the flooding console sends. */
const ACTION_RATE = 20;
// A small burst: every allowed action is its own fsync'd commit, and this section is about the refused ones.
const ACTION_BURST = 20;
const CONSOLE_FLOOD_PER_SECOND = 5_000;
const NORMAL_SOURCES = 4;
/** Each well-behaved source sends this many readings per second (a quarter of its limit). */
const NORMAL_RATE = 50;
const IDLE_CONNECTIONS = 1000;
const HEARTBEAT_SECONDS = 5;
/** Acks may get this much slower for everyone else while one client floods or 1,000 sockets idle. */
const MAX_SLOWDOWN = 2;
/** Alternating measurement: each window, and the settling time before it is measured. */
const WINDOW_MS = 1500;
const GUARD_MS = 300;

/** Well-behaved sources sending steadily; each ack's latency (send → ack) is recorded under the current label. */
function normalSources(url: string) {
  let label = 'none';
  const latencies = new Map<string, number[]>();
  const codes = new Map<string, number>();
  const sockets: WebSocket[] = [];
  const timers: NodeJS.Timeout[] = [];
  const ready = Array.from({ length: NORMAL_SOURCES }, (_, i) => {
    const ws = new WebSocket(`${url}/ingest`, SUBPROTOCOL, {
      headers: { Authorization: `Bearer ${CHAOS_TOKENS.sources[i]}` },
    });
    sockets.push(ws);
    const sentAt = new Map<string, { at: number; label: string }>();
    let n = 0;
    ws.on('message', (data) => {
      const reply = JSON.parse(String(data)) as { type: string; id: string; code?: string };
      const sent = sentAt.get(reply.id);
      sentAt.delete(reply.id);
      if (reply.type !== 'ack') {
        codes.set(reply.code ?? '?', (codes.get(reply.code ?? '?') ?? 0) + 1);
        return;
      }
      if (!sent) return;
      const list = latencies.get(sent.label) ?? [];
      list.push(performance.now() - sent.at);
      latencies.set(sent.label, list);
    });
    return new Promise<void>((resolve, reject) => {
      ws.once('open', () => {
        timers.push(
          setInterval(() => {
            n += 1;
            const id = `n${i}-${n}`;
            sentAt.set(id, { at: performance.now(), label });
            const at = new Date().toISOString();
            ws.send(
              `{"type":"reading","id":"${id}","station":"${sourceStation(i)}","observedAt":"${at}","level":5}`,
            );
          }, 1000 / NORMAL_RATE),
        );
        resolve();
      });
      ws.once('error', reject);
    });
  });
  return {
    ready: Promise.all(ready),
    label(name: string) {
      label = name;
    },
    latencies: (name: string) => latencies.get(name) ?? [],
    codes,
    close() {
      for (const t of timers) clearInterval(t);
      for (const ws of sockets) ws.close();
    },
  };
}

/** A flooder in a child process (see flooder.ts); pause and resume it with SIGSTOP and SIGCONT. */
function startFlooder(
  url: string,
  path: '/ingest' | '/watch',
  token: string,
  seconds: number,
  perSecond: number,
) {
  const script = join(import.meta.dirname, 'flooder.ts');
  const args = [url, path, token, String(seconds), String(perSecond)];
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout?.on('data', (d) => {
    out += d;
  });
  const figures = new Promise<FloodFigures>((resolve, reject) => {
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`flooder exited ${code}`));
      else resolve(JSON.parse(out) as FloodFigures);
    });
  });
  return {
    figures,
    pause: () => {
      child.kill('SIGSTOP');
    },
    resume: () => {
      child.kill('SIGCONT');
    },
  };
}

/**
 * Measures the well-behaved sources' acks in alternating windows, condition off then on, `rounds` times, so
 * that load from other processes on this shared machine falls on both sides alike. Each window is measured
 * after a short settling time.
 */
async function alternate(
  normal: ReturnType<typeof normalSources>,
  name: string,
  rounds: number,
  off: () => void | Promise<void>,
  on: () => void | Promise<void>,
): Promise<void> {
  for (let round = 0; round < rounds; round++) {
    normal.label('settling');
    await off();
    await sleep(GUARD_MS);
    normal.label(`${name}:off`);
    await sleep(WINDOW_MS);
    normal.label('settling');
    await on();
    await sleep(GUARD_MS);
    normal.label(`${name}:on`);
    await sleep(WINDOW_MS);
  }
  normal.label('none');
}

// Opens `count` authenticated sockets that then say nothing (they answer pings, as every ws client does).
async function openIdle(url: string, count: number): Promise<WebSocket[]> {
  const sockets: WebSocket[] = [];
  for (let i = 0; i < count; i += 50) {
    const batch = Array.from(
      { length: Math.min(50, count - i) },
      () =>
        new Promise<WebSocket>((resolve, reject) => {
          const ws = new WebSocket(`${url}/ingest`, SUBPROTOCOL, {
            headers: { Authorization: `Bearer ${CHAOS_TOKENS.idle}` },
          });
          ws.once('open', () => resolve(ws));
          ws.once('error', reject);
        }),
    );
    sockets.push(...(await Promise.all(batch)));
  }
  return sockets;
}

async function closeAll(sockets: WebSocket[]): Promise<void> {
  for (const ws of sockets) ws.close();
  await waitUntil(() => sockets.every((ws) => ws.readyState === ws.CLOSED), 10_000);
}

type Slowdown = { off: { p50: number; p95: number }; on: { p50: number; p95: number }; ratio: number };

function slowdown(normal: ReturnType<typeof normalSources>, name: string): Slowdown {
  const off = normal.latencies(`${name}:off`);
  const on = normal.latencies(`${name}:on`);
  const s = (v: number[]) => ({ p50: percentile(v, 50), p95: percentile(v, 95) });
  // Below a tenth of a millisecond a ratio measures the timer, not the collector.
  const ratio = Math.max(
    percentile(on, 50) / Math.max(percentile(off, 50), 0.1),
    percentile(on, 95) / Math.max(percentile(off, 95), 0.1),
  );
  return { off: s(off), on: s(on), ratio };
}

const describe = (s: Slowdown) =>
  `${ms(s.off.p50)}/${ms(s.off.p95)} → ${ms(s.on.p50)}/${ms(s.on.p95)} (${s.ratio.toFixed(1)}×)`;

/**
 * A source sending 100× its rate limit, reconnecting whenever it is cut off, must be refused (RATE_LIMITED,
 * then close 1008) without slowing the other sources' acks by more than 2×; so must a console flooding
 * actions on /watch; and 1,000 idle connections held open across several heartbeats must not exhaust the
 * collector or slow the others either. Ack latency (p50 and p95) is compared in alternating on/off windows.
 */
export const floods: Section = {
  name: 'floods',
  summary: 'a source and a console far over their rate limits, 1,000 idle connections: others unaffected',
  async run(ctx) {
    const rounds = ctx.quick ? 2 : 5;
    const alternatingSeconds = (rounds * 2 * (WINDOW_MS + GUARD_MS)) / 1000;
    const dir = join(ctx.dir, 'floods');
    mkdirSync(dir, { recursive: true });
    const configPath = writeConfig(
      dir,
      chaosConfig({
        rateLimitPerSecond: RATE_PER_SECOND,
        rateLimitBurst: RATE_BURST,
        actionRateLimitPerSecond: ACTION_RATE,
        actionRateLimitBurst: ACTION_BURST,
        heartbeatSeconds: HEARTBEAT_SECONDS,
      }),
    );
    const collector: ChaosCollector = await startChaosCollector({
      configPath,
      dbPath: join(dir, 'collector.db'),
    });
    const problems: string[] = [];
    const normal = normalSources(collector.url);
    let idle: WebSocket[] = [];
    try {
      await normal.ready;
      await sleep(1000);
      // One flooder at a time, switched on and off while the well-behaved sources' acks are timed both ways.
      const floodAlternately = async (
        name: string,
        path: '/ingest' | '/watch',
        token: string,
        perSecond: number,
      ) => {
        const flooder = startFlooder(collector.url, path, token, alternatingSeconds + 2, perSecond);
        await alternate(normal, name, rounds, flooder.pause, flooder.resume);
        return { figures: await flooder.figures, effect: slowdown(normal, name) };
      };

      // A source far over its limit. The flooder's run time includes its paused windows.
      const { figures: flood, effect: floodEffect } = await floodAlternately(
        'flood',
        '/ingest',
        CHAOS_TOKENS.flooder,
        FLOOD_PER_SECOND,
      );
      const closes1008 = flood.closes['1008'] ?? 0;
      if (flood.rateLimited === 0) problems.push('the flooding source was never refused RATE_LIMITED');
      if (closes1008 === 0) problems.push('the flooding source was never cut off (1008)');
      if (flood.otherErrors > 0)
        problems.push(`the flooding source got ${flood.otherErrors} errors other than RATE_LIMITED`);
      // What gets through is what its bucket allows: the burst once, then the sustained rate.
      const allowed = RATE_BURST + RATE_PER_SECOND * (alternatingSeconds + 3);
      if (flood.acked > allowed)
        problems.push(`the flooding source got ${flood.acked} acks, more than its limit allows (${allowed})`);
      if (floodEffect.ratio > MAX_SLOWDOWN)
        problems.push(`others' acks slowed ${floodEffect.ratio.toFixed(1)}× by the flooding source`);

      // A console (or a stolen officer token) flooding durable actions, each of which would be its own commit.
      const { figures: consoleFlood, effect: consoleEffect } = await floodAlternately(
        'console',
        '/watch',
        CHAOS_TOKENS.officer,
        CONSOLE_FLOOD_PER_SECOND,
      );
      const consoleCloses = consoleFlood.closes['1008'] ?? 0;
      if (consoleFlood.rateLimited === 0 || consoleCloses === 0)
        problems.push(
          `the flooding console was not refused (${consoleFlood.rateLimited} RATE_LIMITED, ${consoleCloses} cut off)`,
        );
      const actionsAllowed = ACTION_BURST + ACTION_RATE * (alternatingSeconds + 3);
      if (consoleFlood.acked > actionsAllowed)
        problems.push(
          `the flooding console got ${consoleFlood.acked} acks, more than its limit allows (${actionsAllowed})`,
        );
      if (consoleEffect.ratio > MAX_SLOWDOWN)
        problems.push(`others' acks slowed ${consoleEffect.ratio.toFixed(1)}× by the flooding console`);

      // 1,000 idle connections: alternately held and released, then held across three heartbeats.
      const rssBefore = collector.rssBytes();
      await alternate(
        normal,
        'idle',
        Math.min(rounds, 3),
        async () => {
          await closeAll(idle);
          idle = [];
        },
        async () => {
          idle = await openIdle(collector.url, IDLE_CONNECTIONS);
        },
      );
      const idleEffect = slowdown(normal, 'idle');
      const rssIdle = collector.rssBytes();
      const held = idle.length;
      await sleep((3 * HEARTBEAT_SECONDS + 1) * 1000);
      const stillOpen = idle.filter((ws) => ws.readyState === ws.OPEN).length;
      const health = await collector.get('/healthz');
      const another = await openIdle(collector.url, 1);
      await closeAll([...idle, ...another]);
      idle = [];
      if (held !== IDLE_CONNECTIONS || stillOpen !== IDLE_CONNECTIONS)
        problems.push(`${IDLE_CONNECTIONS - stillOpen} of ${IDLE_CONNECTIONS} idle connections were dropped`);
      if (health.status !== 200)
        problems.push(`/healthz answered ${health.status} with the idle connections open`);
      if (idleEffect.ratio > MAX_SLOWDOWN)
        problems.push(`others' acks slowed ${idleEffect.ratio.toFixed(1)}× by the idle connections`);
      if (normal.codes.size > 0)
        problems.push(`well-behaved sources were refused: ${[...normal.codes].join(', ')}`);
      if (!collector.isRunning()) problems.push('the collector died');

      const figures = [
        `a source at ${fmt(FLOOD_PER_SECOND)}/s (limit ${RATE_PER_SECOND}/s) sent ${fmt(flood.sent)} over ${fmt(flood.connections)} connections: ${fmt(flood.acked)} acked, ${fmt(flood.rateLimited)} RATE_LIMITED, cut off (1008) ${fmt(closes1008)}×, others' acks p50/p95 ${describe(floodEffect)}`,
        `a console at ${fmt(CONSOLE_FLOOD_PER_SECOND)}/s (limit ${ACTION_RATE}/s) sent ${fmt(consoleFlood.sent)}: ${fmt(consoleFlood.acked)} acked, ${fmt(consoleFlood.rateLimited)} RATE_LIMITED, cut off ${fmt(consoleCloses)}×, others' acks ${describe(consoleEffect)}`,
        `${fmt(stillOpen)}/${fmt(IDLE_CONNECTIONS)} idle connections held ${3 * HEARTBEAT_SECONDS + 1} s: RSS ${mb(rssBefore)} → ${mb(rssIdle)}, others' acks ${describe(idleEffect)}, /healthz ${health.status}`,
      ].join('; ');
      return { figures, problems };
    } finally {
      normal.close();
      for (const ws of idle) ws.terminate();
      await collector.stop();
    }
  },
};
