import { createWriteStream, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';
import { spawnDutywatch } from '../test/helpers/collector-process.js';

const LOG_KEEP_CHARS = 2 * 1024 * 1024;
const START_TIMEOUT_MS = 30_000;

/** A collector running as the real binary (`dutywatch serve`) in a child process. */
export type ChaosCollector = {
  pid: number;
  port: number;
  url: string;
  httpUrl: string;
  /** Its stderr so far (the newest 2 MB). */
  log(): string;
  /** Resolves with the exit code (null after a signal) once the process has gone. */
  exited: Promise<number | null>;
  /** True until the process exits. */
  isRunning(): boolean;
  /** SIGKILL: no chance to flush anything. */
  kill9(): Promise<void>;
  /** SIGTERM, and the exit code of the clean shutdown. */
  stop(): Promise<number | null>;
  /** SIGHUP: re-read the config file. */
  hangup(): void;
  /** Resident memory from /proc (VmRSS), bytes. */
  rssBytes(): number;
  /** GET a path on the collector's HTTP port: status and body. */
  get(path: string): Promise<{ status: number; body: string }>;
  /**
   * Runs a full garbage collection in the collector (through its inspector, started with `inspect`), so a heap
   * measured afterwards is live data, not garbage V8 had no reason to collect yet.
   */
  collectGarbage(): Promise<void>;
};

/** Starts `dutywatch serve` from the sources on `port` (0: any) and resolves once it listens. */
export async function startChaosCollector(options: {
  configPath: string;
  dbPath: string;
  port?: number;
  /** Open the V8 inspector on a loopback port, for {@link ChaosCollector.collectGarbage}. */
  inspect?: boolean;
  /** Where its stderr is appended (default: beside the database). */
  logPath?: string;
}): Promise<ChaosCollector> {
  const args = ['serve', '--config', options.configPath, '--db', options.dbPath];
  const env: Record<string, string> = options.inspect ? { NODE_OPTIONS: '--inspect=127.0.0.1:0' } : {};
  const child = spawnDutywatch([...args, '--port', String(options.port ?? 0)], env);
  let log = '';
  let isRunning = true;
  // Every run's log is also kept beside its database, for the post-mortem of a failed chaos run.
  const logFile = createWriteStream(options.logPath ?? `${options.dbPath}.log`, { flags: 'a' });
  // A log that cannot be written (a full disk) must not take the chaos run down with it.
  logFile.on('error', () => undefined);
  child.stderr?.pipe(logFile);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      isRunning = false;
      resolve(code);
    }),
  );
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`collector did not start:\n${log}`)), START_TIMEOUT_MS);
    child.stderr?.on('data', (d) => {
      log += d;
      if (log.length > LOG_KEEP_CHARS) log = log.slice(-LOG_KEEP_CHARS / 2);
      const match = /collector\.listening .*port=(\d+)/.exec(log);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`collector exited ${code} before listening:\n${log}`));
    });
  });
  const pid = child.pid as number;
  const httpUrl = `http://127.0.0.1:${port}`;
  return {
    pid,
    port,
    url: `ws://127.0.0.1:${port}`,
    httpUrl,
    log: () => log,
    exited,
    isRunning: () => isRunning,
    async kill9() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      child.kill('SIGTERM');
      return exited;
    },
    hangup() {
      child.kill('SIGHUP');
    },
    rssBytes() {
      return rssOf(pid);
    },
    async get(path) {
      const res = await fetch(`${httpUrl}${path}`);
      return { status: res.status, body: await res.text() };
    },
    async collectGarbage() {
      const inspector = /Debugger listening on (ws:\/\/\S+)/.exec(log)?.[1];
      if (!inspector) throw new Error('collectGarbage needs a collector started with inspect: true');
      await inspectorCall(inspector, 'HeapProfiler.collectGarbage');
    },
  };
}

// One Chrome DevTools Protocol call over the inspector's WebSocket.
function inspectorCall(url: string, method: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('open', () => ws.send(JSON.stringify({ id: 1, method })));
    ws.on('message', (data) => {
      const reply = JSON.parse(String(data)) as { id?: number; error?: { message: string } };
      if (reply.id !== 1) return;
      ws.close();
      if (reply.error) reject(new Error(reply.error.message));
      else resolve();
    });
    ws.once('error', reject);
  });
}

/** A process's resident memory, bytes (VmRSS in /proc/PID/status); 0 once it has gone. */
export function rssOf(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1];
    return kb ? Number(kb) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** A gauge or counter from the Prometheus text (unlabelled, or the sum over labels); 0 when absent. */
export function metricValue(text: string, name: string): number {
  let total = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const rest = line.slice(name.length);
    if (rest.startsWith(' ') || rest.startsWith('{')) total += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}

/** Waits until `test` holds, polling; returns false on timeout. */
export async function waitUntil(test: () => boolean | Promise<boolean>, timeoutMs: number, everyMs = 50) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await test()) return true;
    if (Date.now() > deadline) return false;
    await sleep(everyMs);
  }
}

/** Waits for a log line matching `pattern` after offset `from`; false on timeout. */
export function waitForLog(collector: ChaosCollector, pattern: RegExp, timeoutMs = 10_000, from = 0) {
  return waitUntil(() => pattern.test(collector.log().slice(from)), timeoutMs);
}
