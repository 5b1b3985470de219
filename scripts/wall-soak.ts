// Over 250 lines: the soak (set-up, traffic, a row per sample, heap snapshot comparison) read top to bottom, and
// ahead of it the inspector client it measures through (freePort, openInspector, measure), which bench/e2e.ts and
// bench/console-memory.ts import too; that client would be better in a module of its own.
/**
 * `npm run bench -- wall-soak [--hours 6]` (issue 20.7): is the wall's memory flat over an unattended month?
 *
 * A collector in its own process (`dutywatch serve`, the demo county, on a flood-season drill clock) gets the
 * flood-night scenario, then the demo's rate of traffic for as long as the soak runs: one reading a second
 * (the demo replays about one message a second) and a stock count a minute. Real `dutywatch wall` processes
 * draw on pseudo-terminals made by script(1) — Chinese at 160×48 and the Linux console (TERM=linux, English) at
 * 80×24 — turning pages on their own timer, as on the command-centre screen.
 *
 * Every process runs with the inspector on a loopback port, so the soak measures from outside without changing
 * the code under test: a forced full GC, then `process.memoryUsage()` and `/proc` RSS, separately for each wall
 * and for the collector. A row every 10 minutes (and one at the first minute) so a run cut short still gives
 * figures; every hour a heap snapshot of each wall and of the collector, compared with the one taken at 10 minutes by constructor
 * (what grew, in bytes and objects). Rows go to stdout: redirect it to a log file.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { DEMO_CONFIG, DEMO_SCENARIO, DEMO_TOKENS } from '../src/cli/demo.js';
import { connectIngest, onReplies } from '../src/client/ingest-client.js';
import { packageRoot } from '../src/package-root.js';
import { readScenario } from '../src/replay/scenario.js';
import { replayDemoNight } from '../test/helpers/demo-night.js';
import { freePort } from '../test/helpers/free-port.js';

const BIN = join(packageRoot(), 'bin', 'dutywatch.js');
const MB = 1024 * 1024;
const mb = (n: number) => (n / MB).toFixed(1);

/** The flood-night scenario ends at 02:00; the clock starts after it so every replayed message is in the past. */
export const CLOCK_START = '2026-07-20T02:30:00+08:00';

type WallSpec = { name: string; cols: number; rows: number; term: string; lang: 'zh' | 'en' };
const WALLS: WallSpec[] = [
  { name: 'wall-zh-160x48', cols: 160, rows: 48, term: 'xterm-256color', lang: 'zh' },
  { name: 'wall-tty-80x24', cols: 80, rows: 24, term: 'linux', lang: 'en' },
];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A Chrome DevTools Protocol session on a process's inspector: GC, evaluate, heap snapshots. */
export type Inspector = {
  send(method: string, params?: object): Promise<Record<string, unknown>>;
  onChunk(fn: ((chunk: string) => void) | undefined): void;
  close(): void;
};

export async function openInspector(port: number, timeoutMs = 60_000): Promise<Inspector> {
  const deadline = Date.now() + timeoutMs;
  let wsUrl: string | undefined;
  while (!wsUrl) {
    try {
      const list = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as {
        webSocketDebuggerUrl: string;
      }[];
      wsUrl = list[0]?.webSocketDebuggerUrl;
    } catch {
      if (Date.now() > deadline) throw new Error(`no inspector on port ${port}`);
      await sleep(200);
    }
  }
  const ws = new WebSocket(wsUrl, { maxPayload: 1024 * MB });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  let nextId = 1;
  const pending = new Map<
    number,
    { resolve: (v: Record<string, unknown>) => void; reject: (e: Error) => void }
  >();
  let chunk: ((c: string) => void) | undefined;
  ws.on('message', (data) => {
    const msg = JSON.parse(String(data)) as {
      id?: number;
      result?: Record<string, unknown>;
      error?: { message: string };
      method?: string;
      params?: { chunk?: string };
    };
    if (msg.method === 'HeapProfiler.addHeapSnapshotChunk') chunk?.(msg.params?.chunk ?? '');
    if (msg.id === undefined) return;
    const p = pending.get(msg.id);
    pending.delete(msg.id);
    if (msg.error) p?.reject(new Error(msg.error.message));
    else p?.resolve(msg.result ?? {});
  });
  ws.on('close', () => {
    for (const p of pending.values()) p.reject(new Error('inspector closed'));
    pending.clear();
  });
  return {
    send(method, params = {}) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        ws.send(JSON.stringify({ id, method, params }));
      });
    },
    onChunk(fn) {
      chunk = fn;
    },
    close: () => ws.close(),
  };
}

type Measure = {
  pid: number;
  rss: number;
  hwm: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  cpuUs: number;
};

/** Full GC, then the process's own figures and the kernel's RSS and peak. */
export async function measure(inspector: Inspector): Promise<Measure> {
  await inspector.send('HeapProfiler.collectGarbage');
  const reply = await inspector.send('Runtime.evaluate', {
    expression: 'JSON.stringify({ pid: process.pid, m: process.memoryUsage(), c: process.cpuUsage() })',
    returnByValue: true,
  });
  const value = JSON.parse(String((reply['result'] as { value: string }).value)) as {
    pid: number;
    m: NodeJS.MemoryUsage;
    c: NodeJS.CpuUsage;
  };
  const status = readFileSync(`/proc/${value.pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) * 1024;
  return {
    pid: value.pid,
    rss: kb('VmRSS'),
    hwm: kb('VmHWM'),
    heapUsed: value.m.heapUsed,
    heapTotal: value.m.heapTotal,
    external: value.m.external + value.m.arrayBuffers,
    cpuUs: value.c.user + value.c.system,
  };
}

export async function heapSnapshot(inspector: Inspector, path: string): Promise<void> {
  const fd = openSync(path, 'w');
  inspector.onChunk((c) => writeFileSync(fd, c));
  try {
    await inspector.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  } finally {
    inspector.onChunk(undefined);
    closeSync(fd);
  }
}

/** Self size and count per (node type, constructor/name): what a snapshot comparison lists. */
function summarise(path: string): Map<string, { size: number; count: number }> {
  const snap = JSON.parse(readFileSync(path, 'utf8')) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
    nodes: number[];
    strings: string[];
  };
  const fields = snap.snapshot.meta.node_fields;
  const width = fields.length;
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  const types = snap.snapshot.meta.node_types[0];
  const out = new Map<string, { size: number; count: number }>();
  for (let i = 0; i < snap.nodes.length; i += width) {
    const type = types[snap.nodes[i + typeAt] as number] ?? '?';
    const rawName =
      type === 'string' || type === 'concatenated string' || type === 'sliced string'
        ? ''
        : (snap.strings[snap.nodes[i + nameAt] as number] ?? '');
    const key = `${type}:${rawName.slice(0, 60)}`;
    const entry = out.get(key) ?? { size: 0, count: 0 };
    entry.size += snap.nodes[i + sizeAt] as number;
    entry.count += 1;
    out.set(key, entry);
  }
  return out;
}

export function compareSnapshots(basePath: string, nowPath: string): string[] {
  const base = summarise(basePath);
  const now = summarise(nowPath);
  const rows = [...now.entries()]
    .map(([key, v]) => {
      const b = base.get(key) ?? { size: 0, count: 0 };
      return { key, dSize: v.size - b.size, dCount: v.count - b.count, size: v.size };
    })
    .sort((a, b) => b.dSize - a.dSize)
    .slice(0, 12);
  const total = (m: typeof base) => [...m.values()].reduce((s, v) => s + v.size, 0);
  return [
    `    snapshot total ${mb(total(base))} -> ${mb(total(now))} MB; most grown since the 10-minute snapshot:`,
    ...rows.map(
      (r) =>
        `      ${r.dSize >= 0 ? '+' : ''}${(r.dSize / 1024).toFixed(0).padStart(6)} KB ${r.dCount >= 0 ? '+' : ''}${String(r.dCount).padStart(6)} objs  ${r.key}`,
    ),
  ];
}

type Proc = {
  name: string;
  child: ChildProcess;
  inspector: Inspector;
  last?: Measure;
  lastAt?: number;
  bytes: number;
  lastBytes: number;
};

// Levels wander slowly and the Ru River gauge crosses 警戒 every ~20 minutes, so alerts open and close.
export function levelFor(station: string, seconds: number): number {
  const base: Record<string, number> = {
    'ST-RES-01': 51.6,
    'ST-RH-01': 42.0,
    'ST-RH-02': 41.6,
    'ST-BRH-01': 37.0,
    'ST-BRH-02': 35.5,
  };
  const swing = station === 'ST-RH-02' ? 0.6 * Math.sin(seconds / 600) : 0.2 * Math.sin(seconds / 900);
  return Math.round(((base[station] ?? 40) + swing) * 100) / 100;
}

/** Runs the soak and prints rows as it goes. */
export async function runWallSoak(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      hours: { type: 'string', default: '6' },
      'sample-minutes': { type: 'string', default: '10' },
      'page-seconds': { type: 'string', default: '15' },
      dir: { type: 'string' },
      // Compresses time: the drill clock and the traffic run N times faster, so a session's few hours carry the
      // clock and the messages of N times as many (a 6-hour soak does not fit a 3-hour session).
      speed: { type: 'string', default: '1' },
    },
  });
  const hours = Number(values.hours);
  const sampleMs = Number(values['sample-minutes']) * 60_000;
  const speed = Number(values.speed);
  if (!Number.isFinite(speed) || speed < 1 || speed > 20)
    throw new Error(`--speed must be 1 to 20, not ${values.speed}`);
  const dir = values.dir ?? join(tmpdir(), `dutywatch-wall-soak-${Date.now()}`);
  mkdirSync(dir, { recursive: true });
  const print = (line: string) => process.stdout.write(`${line}\n`);
  const stamp = () => new Date().toISOString().slice(11, 19);
  const { CI: _ci, CONTINUOUS_INTEGRATION: _cont, ...baseEnv } = process.env;
  const env = { ...baseEnv, DUTYWATCH_FROM_SOURCE: '1', NODE_ENV: 'production', LANG: 'C.UTF-8' };

  // The collector: its own process, its own inspector, its log in the soak's directory.
  const port = await freePort();
  const collectorInspect = await freePort();
  const collectorLog = openSync(join(dir, 'collector.log'), 'a');
  const collector = spawn(
    process.execPath,
    [
      `--inspect=127.0.0.1:${collectorInspect}`,
      BIN,
      'serve',
      '--config',
      DEMO_CONFIG,
      '--db',
      join(dir, 'soak.db'),
      '--port',
      String(port),
      '--clock',
      speed === 1 ? CLOCK_START : `${CLOCK_START},${speed}`,
    ],
    { env, stdio: ['ignore', 'ignore', collectorLog] },
  );
  const procs: Proc[] = [];
  const url = `ws://127.0.0.1:${port}`;
  const stopAll = () => {
    for (const p of procs) p.child.kill('SIGTERM');
    collector.kill('SIGTERM');
  };
  process.once('SIGINT', () => {
    stopAll();
    process.exit(130);
  });
  process.once('SIGTERM', () => {
    stopAll();
    process.exit(143);
  });
  procs.push({
    name: 'collector',
    child: collector,
    inspector: await openInspector(collectorInspect),
    bytes: 0,
    lastBytes: 0,
  });
  for (let i = 0; ; i += 1) {
    try {
      await fetch(`http://127.0.0.1:${port}/healthz`);
      break;
    } catch {
      if (i > 300) throw new Error('the collector never answered /healthz');
      await sleep(200);
    }
  }
  const replayed = await replayDemoNight(url);
  const clockStartMs = Date.parse(CLOCK_START);
  const clockZero = Date.now();
  print(
    `# wall soak started ${new Date().toISOString()}: ${hours} h, collector ${url} (drill clock ${CLOCK_START}` +
      `${speed === 1 ? '' : ` at ${speed}× with ${speed}× the traffic: each hour here is ${speed} h of the demo`}), ` +
      `scenario replayed (${replayed.acked} acked, ${replayed.errors} refused); snapshots and logs in ${dir}`,
  );

  for (const spec of WALLS) {
    const inspect = await freePort();
    const command = [
      'env',
      `TERM=${spec.term}`,
      process.execPath,
      `--inspect=127.0.0.1:${inspect}`,
      BIN,
      'wall',
      '--url',
      url,
      '--token',
      DEMO_TOKENS.viewer,
      '--lang',
      spec.lang,
      '--page-seconds',
      String(values['page-seconds']),
      '--log',
      join(dir, `${spec.name}.log`),
    ]
      .map((a) => `'${a.replace(/'/g, `'\\''`)}'`)
      .join(' ');
    const child = spawn(
      'script',
      ['-qfec', `stty cols ${spec.cols} rows ${spec.rows}; exec ${command}`, '/dev/null'],
      {
        env: { ...env, TERM: spec.term },
        stdio: ['pipe', 'pipe', 'ignore'],
      },
    );
    const proc: Proc = {
      name: spec.name,
      child,
      inspector: await openInspector(inspect),
      bytes: 0,
      lastBytes: 0,
    };
    child.stdout?.on('data', (d: Buffer) => {
      proc.bytes += d.length;
    });
    child.once('exit', (code) =>
      print(`# ${stamp()} ${spec.name} exited (${code}) — the wall must never exit`),
    );
    procs.push(proc);
  }

  // The demo's rate: one reading a second across the five stations, a stock count a minute.
  const stations = ['ST-RES-01', 'ST-RH-01', 'ST-RH-02', 'ST-BRH-01', 'ST-BRH-02'];
  const counts = readScenario(DEMO_SCENARIO)
    .steps.flatMap((s) => (s.message.type === 'batch' ? s.message.messages : [s.message]))
    .filter((m) => m.type === 'stock.count');
  let source = await connectIngest(url, DEMO_TOKENS.source);
  let sent = 0;
  let acked = 0;
  let refused = 0;
  const watchReplies = (ws: WebSocket) =>
    onReplies(ws, (reply) => {
      if (reply.type === 'ack') acked += 1;
      else {
        refused += 1;
        if (refused <= 5) print(`# refused: ${JSON.stringify(reply)}`);
      }
    });
  const send = (message: object) => {
    if (source.readyState !== WebSocket.OPEN) return;
    source.send(JSON.stringify(message));
    sent += 1;
  };
  let isFinished = false;
  // A dropped source reconnects, as a gateway would; the soak is about the wall, not about this socket.
  const keepSource = (ws: WebSocket) => {
    watchReplies(ws);
    ws.on('error', () => {});
    ws.once('close', () => {
      if (isFinished) return;
      const retry = () =>
        connectIngest(url, DEMO_TOKENS.source).then(
          (next) => {
            source = next;
            keepSource(next);
          },
          () => setTimeout(retry, 5_000),
        );
      void retry();
    });
  };
  keepSource(source);
  let tick = 0;
  const pump = setInterval(() => {
    tick += 1;
    // Behind the collector's clock by a few seconds, never ahead of it.
    const at = new Date(clockStartMs + (Date.now() - clockZero) * speed - 5_000).toISOString();
    const station = stations[tick % stations.length] as string;
    send({
      type: 'reading',
      id: `soak-r-${tick}`,
      station,
      observedAt: at,
      level: levelFor(station, tick),
      rain: tick % 17 === 0 ? 0.5 : 0,
    });
    if (tick % 60 === 0 && counts.length > 0) {
      const count = counts[(tick / 60) % counts.length] as {
        warehouse: string;
        item: string;
        quantity: number;
      };
      send({
        type: 'stock.count',
        id: `soak-s-${tick}`,
        warehouse: count.warehouse,
        item: count.item,
        quantity: Math.max(0, count.quantity - ((tick / 60) % 5)),
        at,
      });
    }
  }, 1000 / speed);

  const started = Date.now();
  print('');
  print(
    '| at (UTC) | elapsed | process | RSS MB | peak RSS MB | heap used MB | heap total MB | external MB | CPU % | out B/s |',
  );
  print('| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  const sample = async (label: string) => {
    for (const p of procs) {
      try {
        const m = await measure(p.inspector);
        const nowMs = Date.now();
        const cpu = p.last && p.lastAt ? ((m.cpuUs - p.last.cpuUs) / 1000 / (nowMs - p.lastAt)) * 100 : 0;
        const bps = p.lastAt ? Math.round(((p.bytes - p.lastBytes) * 1000) / (nowMs - p.lastAt)) : 0;
        p.last = m;
        p.lastAt = nowMs;
        p.lastBytes = p.bytes;
        print(
          `| ${stamp()} | ${label} | ${p.name} | ${mb(m.rss)} | ${mb(m.hwm)} | ${mb(m.heapUsed)} | ${mb(m.heapTotal)} | ` +
            `${mb(m.external)} | ${cpu.toFixed(2)} | ${p.name === 'collector' ? '' : bps} |`,
        );
      } catch (error) {
        print(`| ${stamp()} | ${label} | ${p.name} | measurement failed: ${(error as Error).message} |`);
      }
    }
    print(`|  | ${label} | feed | sent ${sent}, acked ${acked}, refused ${refused} | | | | | | |`);
  };
  const snapshotAll = async (label: string, isBase: boolean) => {
    // The collector too: its heap rose ~0.5 MB per 10 minutes in two runs, and a comparison says what grew.
    for (const p of procs) {
      const path = join(dir, `${p.name}-${isBase ? 'base' : 'latest'}.heapsnapshot`);
      try {
        await heapSnapshot(p.inspector, path);
        if (!isBase) {
          print(`# ${stamp()} ${label} ${p.name}`);
          for (const line of compareSnapshots(join(dir, `${p.name}-base.heapsnapshot`), path)) print(line);
        }
      } catch (error) {
        print(`# ${stamp()} ${label} ${p.name} heap snapshot failed: ${(error as Error).message}`);
      }
    }
  };

  // Baseline (procs start counting CPU here), then 1 minute, then every sample period; snapshots at 10 min, hourly.
  await sample('0m');
  const totalMs = hours * 3_600_000;
  const hm = (ms: number) =>
    `${Math.floor(ms / 3_600_000)}h${String(Math.round((ms % 3_600_000) / 60_000)).padStart(2, '0')}m`;
  const label = (ms: number) => (speed === 1 ? hm(ms) : `${hm(ms)} (demo ${hm(ms * speed)})`);
  const due = [60_000];
  for (let t = sampleMs; t <= totalMs; t += sampleMs) if (t > 60_000) due.push(t);
  let baseTaken = false;
  let lastHour = 0;
  for (const t of due) {
    const wait = started + t - Date.now();
    if (wait > 0) await sleep(wait);
    await sample(label(t));
    if (!baseTaken && t >= 10 * 60_000) {
      await snapshotAll(label(t), true);
      baseTaken = true;
    }
    const hour = Math.floor(t / 3_600_000);
    if (baseTaken && hour > lastHour) {
      lastHour = hour;
      await snapshotAll(`hour ${hour}`, false);
    }
  }
  isFinished = true;
  clearInterval(pump);
  source.close();
  print(`# wall soak finished ${new Date().toISOString()}`);
  for (const p of procs) p.inspector.close();
  stopAll();
  if (!values.dir) rmSync(join(dir, 'soak.db'), { force: true });
}
