import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import WebSocket from 'ws';
import { createCollector } from '../server/collector.js';
import {
  type ConfigInput,
  configSchema,
  deliverySettingsSchema,
  SUBPROTOCOL,
} from '../src/protocol/index.js';
import { TOKENS, testConfigInput } from '../test/helpers/test-config.js';
import type { CalloutClientReply, CalloutClientRequest } from './callout-client.js';
import { forkChild } from './child.js';
import { machine, ms, sleep, spread, wallNow } from './stats.js';

/**
 * `npm run bench -- callout`: one call-out to 300 recipients through the signed webhook channel, to a loopback
 * receiver in a child process: trigger (the officer's action sent) → first and → last delivery arriving, over
 * several runs; and the ingest ack latency of a source sending one reading every 10 ms, idle and during the
 * call-outs (after one unmeasured warm-up call-out). Targets (issue 16): first delivery under 200 ms, all 300 within 5 s, ingest p99 at most 2× idle.
 */

const RECIPIENTS = 300;
const SECRET_ENV = 'DUTYWATCH_BENCH_WEBHOOK_SECRET';

function parseArgs(args: string[]): { runs: number; recipients: number; concurrency: number } {
  const options = {
    runs: 25,
    recipients: RECIPIENTS,
    concurrency: deliverySettingsSchema.parse({}).concurrency,
  };
  for (const arg of args) {
    const [key, value = ''] = arg.split('=');
    const n = Math.floor(Number(value));
    if (key === '--runs' && n > 0) options.runs = n;
    else if (key === '--recipients' && n > 0) options.recipients = n;
    else if (key === '--concurrency' && n > 0) options.concurrency = n;
    else throw new Error(`callout: unknown option ${arg} (use --runs=N, --recipients=N, --concurrency=N)`);
  }
  return options;
}

function benchConfig(url: string, recipients: number, concurrency: number) {
  process.env[SECRET_ENV] = 'bench-secret';
  const input = testConfigInput();
  const ids = Array.from({ length: recipients }, (_, i) => `d${i}`);
  return configSchema.parse({
    ...input,
    notify: {
      channels: { sms: { kind: 'webhook', url, secret: { env: SECRET_ENV }, timeoutMs: 5000 } },
      responsible: ids.map((id, i) => ({
        id,
        name: `责任人${i}`,
        role: 'county.deputy',
        phone: `139${String(i).padStart(8, '0')}`,
        channels: ['sms'],
      })),
      groups: { all: { name: '全体', members: ids } },
      delivery: { concurrency },
    },
  } as ConfigInput);
}

async function openWatch(url: string): Promise<WebSocket> {
  const ws = new WebSocket(`${url}/watch`, SUBPROTOCOL, {
    headers: { Authorization: `Bearer ${TOKENS.officer}` },
  });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  return ws;
}

export async function runCalloutBench(args: string[] = []): Promise<void> {
  const options = parseArgs(args);
  const dir = mkdtempSync(join(tmpdir(), 'dutywatch-bench-callout-'));
  // The receiver and the prober each get their own process: in one, the prober's timings would include the
  // receiver's work on 300 deliveries, and the collector would be blamed for it.
  const receiver = forkChild<CalloutClientRequest, CalloutClientReply>(
    new URL('./callout-client.ts', import.meta.url),
  );
  const prober = forkChild<CalloutClientRequest, CalloutClientReply>(
    new URL('./callout-client.ts', import.meta.url),
  );
  const ask = async <T extends CalloutClientReply['type']>(req: CalloutClientRequest, type: T) => {
    const child = req.type === 'receiver' || req.type === 'deliveries' ? receiver : prober;
    const reply = await child.ask(req);
    if (reply.type !== type) throw new Error(`callout bench: expected ${type}, got ${reply.type}`);
    return reply as Extract<CalloutClientReply, { type: T }>;
  };
  try {
    console.log(`machine: ${machine()}`);
    const { port } = await ask({ type: 'receiver' }, 'receiver');
    const collector = createCollector({
      config: benchConfig(`http://127.0.0.1:${port}/sms`, options.recipients, options.concurrency),
      dbPath: join(dir, 'bench.db'),
    });
    const url = `ws://127.0.0.1:${await collector.listen(0)}`;
    const watch = await openWatch(url);
    const probe = { type: 'probe-start', url, token: TOKENS.source, intervalMs: 10 } as const;

    // The collector's event loop, idle and during: an ingest ack waits behind whatever holds it (issue 16).
    const idleLoop = monitorEventLoopDelay({ resolution: 1 });
    const duringLoop = monitorEventLoopDelay({ resolution: 1 });

    // Idle: the prober alone.
    await ask(probe, 'ok');
    idleLoop.enable();
    // As many idle samples as the runs will give during (~0.5 s of call-out each), so both p99s rest on as many
    // acks: with ~200 a side (7 runs) the p99 was the second-slowest ack and moved 1.6–5× between identical runs.
    await sleep(Math.max(3000, options.runs * 500));
    idleLoop.disable();
    const idle = (await ask({ type: 'probe-stop' }, 'probe')).samples.map(([, l]) => l);

    const first: number[] = [];
    const last: number[] = [];
    const during: number[] = [];
    /** [ms after the trigger, ack latency] of each ack during a call-out, to say where the slow ones fall. */
    const slowest: [number, number][] = [];
    // Run -1 warms up (the first call-out pays for compiling the call-out path) and is not counted.
    for (let run = -1; run < options.runs; run++) {
      await ask(probe, 'ok');
      await sleep(300);
      const t0 = wallNow();
      if (run >= 0) duringLoop.enable();
      watch.send(
        JSON.stringify({
          type: 'callout.start',
          id: `bench-${run + 1}`,
          group: 'all',
          message: `压力测试 ${run}`,
          includeCounty: false,
        }),
      );
      let arrivals: number[] = [];
      const deadline = Date.now() + 60_000;
      while (arrivals.length < options.recipients && Date.now() < deadline) {
        await sleep(50);
        arrivals = [...arrivals, ...(await ask({ type: 'deliveries' }, 'deliveries')).arrivals];
      }
      duringLoop.disable();
      const samples = (await ask({ type: 'probe-stop' }, 'probe')).samples;
      if (arrivals.length < options.recipients)
        throw new Error(`run ${run}: only ${arrivals.length} delivered`);
      arrivals.sort((a, b) => a - b);
      if (run < 0) {
        await sleep(200);
        continue;
      }
      const end = arrivals[arrivals.length - 1] as number;
      first.push((arrivals[0] as number) - t0);
      last.push(end - t0);
      for (const [sentAt, latency] of samples)
        if (sentAt >= t0 && sentAt <= end) {
          during.push(latency);
          slowest.push([sentAt - t0, latency]);
        }
      await sleep(200);
    }
    watch.close();
    await collector.close();

    const f = spread(first);
    const l = spread(last);
    const i = spread(idle);
    const d = spread(during);
    console.log(
      `${options.recipients} recipients through the webhook channel, ${options.runs} runs, concurrency ${options.concurrency}`,
    );
    console.log(`  trigger → first delivery   p50 ${ms(f.p50)}  p99 ${ms(f.p99)}   (target < 200 ms)`);
    console.log(`  trigger → last delivery    p50 ${ms(l.p50)}  p99 ${ms(l.p99)}   (target < 5 s)`);
    console.log(`  ingest ack, idle           p50 ${ms(i.p50)}  p99 ${ms(i.p99)}  (n=${i.n})`);
    console.log(
      `  ingest ack, during         p50 ${ms(d.p50)}  p99 ${ms(d.p99)}  (n=${d.n}; p99 ${(d.p99 / i.p99).toFixed(2)}× idle, target ≤ 2×)`,
    );
    const loop = (h: ReturnType<typeof monitorEventLoopDelay>) =>
      `p99 ${ms(h.percentile(99) / 1e6)}  max ${ms(h.max / 1e6)}`;
    console.log(`  collector event loop delay idle ${loop(idleLoop)}; during ${loop(duringLoop)}`);
    const worst = slowest.sort((a, b) => b[1] - a[1]).slice(0, 5);
    console.log(
      `  slowest acks during (ms after trigger: latency) ${worst.map(([at, l]) => `${at.toFixed(0)}: ${ms(l)}`).join(', ')}`,
    );
  } finally {
    receiver.stop();
    prober.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
