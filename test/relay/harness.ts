import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach } from 'vitest';
import type WebSocket from 'ws';
import { hashToken } from '../../server/auth/tokens.js';
import type { Logger } from '../../src/log/logger.js';
import { type ConfigInput, configSchema } from '../../src/protocol/index.js';
import { type RunningCollector, startCollector } from '../helpers/start-collector.js';
import { TOKENS, testConfigInput } from '../helpers/test-config.js';
import { connect } from '../helpers/ws-client.js';

/** The city's source token for the relay (scope: every station and township). */
export const RELAY_TOKEN = 'tok-county-relay';
export const RELAY_TOKEN_NAME = 'county-relay';

/** The test county, plus the relay's source token; both collectors use it (the county's viewer watches). */
export function relayConfigInput(change: (input: ConfigInput) => void = () => {}): ConfigInput {
  const input = testConfigInput();
  input.tokens = [
    ...(input.tokens ?? []),
    {
      name: RELAY_TOKEN_NAME,
      role: 'source',
      hash: hashToken(RELAY_TOKEN),
      scope: { stations: '*', townships: '*', capSenders: ['dutywatch-relay'] },
    },
  ];
  change(input);
  return input;
}

/** Polls `test` until it holds; fails with `what` after a generous timeout (shared, slow machines). */
export async function waitFor(test: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** A logger that keeps its lines (and prints them with DEBUG_RELAY=1). */
export function captureLogger(): Logger & { lines: string[]; count(event: string): number } {
  const lines: string[] = [];
  const write =
    (level: string) =>
    (event: string, fields: Record<string, unknown> = {}) => {
      const line = `${level} ${event} ${JSON.stringify(fields)}`;
      lines.push(line);
      if (process.env['DEBUG_RELAY']) process.stderr.write(`${line}\n`);
    };
  return {
    lines,
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    count: (event) => lines.filter((l) => l.split(' ')[1] === event).length,
  };
}

/** A source on a collector's `/ingest` that pipelines messages and resolves once every one is acked. */
export async function ingestFeeder(url: string, token: string) {
  const ws: WebSocket = await connect(url, '/ingest', token);
  const waiting = new Map<string, { resolve: () => void; reject: (e: Error) => void }>();
  ws.on('message', (data) => {
    const reply = JSON.parse(String(data)) as { type: string; id: string; message?: string };
    const waiter = waiting.get(reply.id);
    if (!waiter) return;
    waiting.delete(reply.id);
    if (reply.type === 'ack') waiter.resolve();
    else waiter.reject(new Error(`${reply.id} refused: ${reply.message}`));
  });
  return {
    /** Sends the messages in order, up to `window` unanswered, and resolves when all are acked. */
    async send(messages: readonly Record<string, unknown>[], window = 100): Promise<void> {
      const inFlight = new Set<Promise<void>>();
      for (const m of messages) {
        const id = String(m['id']);
        const acked = new Promise<void>((resolve, reject) => waiting.set(id, { resolve, reject }));
        const tracked = acked.finally(() => inFlight.delete(tracked));
        inFlight.add(tracked);
        ws.send(JSON.stringify(m));
        if (inFlight.size >= window) await Promise.race(inFlight);
      }
      await Promise.all(inFlight);
    },
    close: () => ws.close(),
  };
}

/** `count` readings alternating between the given stations, one second apart, ending well before now. */
export function readings(prefix: string, start: number, count: number, stations = ['G1', 'R1']) {
  return Array.from({ length: count }, (_, i) => {
    const station = stations[i % stations.length] as string;
    return {
      type: 'reading',
      id: `${prefix}-${i}`,
      station,
      observedAt: new Date(start + i * 1000).toISOString(),
      level: station === 'R1' ? 100 + (i % 50) / 100 : 8 + (i % 50) / 100,
    };
  });
}

export type StoredReading = { station: string; observed_at: number; level: number };

/** Reads a collector's database (it may be running: WAL lets a reader in). */
export function query<T>(dbPath: string, sql: string, ...params: unknown[]): T[] {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

/** Every reading a collector stored, in the order it stored them. */
export const storedReadings = (dbPath: string) =>
  query<StoredReading>(dbPath, 'SELECT station, observed_at, level FROM readings ORDER BY id');

/** The ids of the single messages a token's sources had stored, in the order stored (batches unwrapped). */
export const journalIds = (dbPath: string, tokenName: string) =>
  query<{ msg_id: string }>(
    dbPath,
    "SELECT msg_id FROM journal WHERE token = ? AND type <> 'batch' ORDER BY seq",
    tokenName,
  ).map((r) => r.msg_id);

/** An incident's figures as they stand in a collector's database. */
export const incidentState = (dbPath: string, code: string) =>
  query<Record<string, unknown>>(
    dbPath,
    `SELECT deaths, missing, serious_injuries, injuries, trapped, evacuated, direct_loss_yuan, status
     FROM incident_state WHERE code = ?`,
    code,
  )[0];

/**
 * What the relay tests start and make, undone after each test in reverse order whether it passed or not. Call once
 * at the top of a test file.
 */
export function relayTestScope() {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  const defer = (cleanup: () => Promise<void> | void): void => {
    cleanups.push(cleanup);
  };
  return {
    /** Registers something to undo after the test. */
    defer,
    /** A temporary folder, removed after the test. */
    tempDir(prefix = 'dutywatch-relay-'): string {
      const dir = mkdtempSync(join(tmpdir(), prefix));
      defer(() => rmSync(dir, { recursive: true, force: true }));
      return dir;
    },
    /** A real collector on the relay test county (as `change` alters it), stopped after the test. */
    async collector(change?: (input: ConfigInput) => void): Promise<RunningCollector> {
      const running = await startCollector({ config: configSchema.parse(relayConfigInput(change)) });
      defer(() => running.stop());
      return running;
    },
    /** A feeder with the test source token on a collector's /ingest, closed after the test. */
    async feeder(url: string): Promise<Awaited<ReturnType<typeof ingestFeeder>>> {
      const feeder = await ingestFeeder(url, TOKENS.source);
      defer(() => feeder.close());
      return feeder;
    },
  };
}
