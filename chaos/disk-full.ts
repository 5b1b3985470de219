// Over 250 lines on purpose: one chaos section: two ways to fill the disk (a tmpfs, SQLite's page cap) and the one
// sequence both go through (fill, keep sending, free, SIGKILL and restart), read top to bottom.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { writeConfig } from '../test/helpers/collector-process.js';
import { CHAOS_TOKENS, chaosConfig, LADDER_STEPS } from './chaos-config.js';
import { checkEscalations, checkStored, withDb } from './checks.js';
import { type ChaosCollector, metricValue, startChaosCollector, waitUntil } from './collector.js';
import { chaosFieldSources, promisedBySource } from './field-sources.js';
import { fmt, type Section } from './report.js';
import { startWatcher } from './watcher.js';

const SOURCES = 3;
const TMPFS_BYTES = 16 * 1024 * 1024;
/** Free space left beside the ballast: the database fills it within a second or two. */
const LEFT_FREE_BYTES = 512 * 1024;
/** How long the database stays full while sources keep sending and ladders fall due. */
const FULL_SECONDS = 5;
const RUNG_SLACK_MS = 3000;

/** How the database is made to run out of room, and how room is given back. */
type Trouble = {
  name: string;
  /** Where the database lives. */
  dir: string;
  fill(collector: ChaosCollector): Promise<void>;
  makeRoom(collector: ChaosCollector): Promise<void>;
  cleanup(): void;
};

// A small tmpfs mounted for the run, filled with a ballast file: the disk really is full (ENOSPC).
function tmpfsTrouble(dir: string): Trouble | undefined {
  const mount = join(dir, 'tmpfs');
  mkdirSync(mount, { recursive: true });
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${TMPFS_BYTES}`, 'tmpfs', mount], { stdio: 'ignore' });
  } catch {
    return undefined;
  }
  const ballast = join(mount, 'ballast');
  return {
    name: `tmpfs of ${TMPFS_BYTES / 1024 / 1024} MB`,
    dir: mount,
    async fill() {
      const fs = statfsSync(mount);
      writeFileSync(ballast, Buffer.alloc(Math.max(0, fs.bavail * fs.bsize - LEFT_FREE_BYTES)));
    },
    async makeRoom() {
      rmSync(ballast, { force: true });
    },
    cleanup() {
      execFileSync('umount', [mount], { stdio: 'ignore' });
    },
  };
}

// SQLite's own cap (server.maxDatabasePages, applied by SIGHUP): SQLITE_FULL on any disk.
function pagesTrouble(dir: string, configPath: string, rungSeconds: number): Trouble {
  const rewrite = (maxDatabasePages?: number) =>
    writeConfig(dir, chaosConfig({ rungSeconds, ...(maxDatabasePages ? { maxDatabasePages } : {}) }));
  return {
    name: 'PRAGMA max_page_count',
    dir,
    async fill(collector) {
      // SQLite never caps below the pages in use: 16 means "not one page more than now".
      rewrite(16);
      collector.hangup();
    },
    async makeRoom(collector) {
      rewrite(undefined);
      collector.hangup();
    },
    cleanup() {
      if (configPath) rewrite(undefined);
    },
  };
}

async function runTrouble(trouble: Trouble, configPath: string, progress: (m: string) => void) {
  const problems: string[] = [];
  const dbPath = join(trouble.dir, 'collector.db');
  // The log goes beside the config, not onto the disk that is being filled.
  const logPath = join(dirname(configPath), `${basename(trouble.dir)}-collector.log`);
  let collector = await startChaosCollector({ configPath, dbPath, logPath });
  const firstPid = collector.pid;
  const sources = chaosFieldSources(SOURCES, { prefix: 'd', ratePerSecond: 150, firstPeriodSeconds: 4 });
  const promised = () => promisedBySource(sources);
  const watchers = [CHAOS_TOKENS.viewer, CHAOS_TOKENS.officer].map((t) => startWatcher(collector.url, t));
  const storageSeen = (status: string) => watchers.every((w) => w.store.getState().storage === status);
  try {
    for (const s of sources) await s.connect(collector.url);
    for (const s of sources) s.stream();
    await sleep(3000);

    await trouble.fill(collector);
    const refusedFull = () => sources.reduce((n, s) => n + (s.codes.get('STORAGE_FULL') ?? 0), 0);
    if (!(await waitUntil(() => refusedFull() > 0, 15_000)))
      problems.push('ingest was never refused STORAGE_FULL');
    const fullAt = Date.now();
    if (!(await waitUntil(() => storageSeen('full'), 5000)))
      problems.push('watchers were not told the storage is full');
    const toldFullMs = Date.now() - fullAt;
    const health = await collector.get('/healthz');
    if (health.status !== 503 || !health.body.includes('"database":"full"'))
      problems.push(`/healthz while full: ${health.status} ${health.body.trim()}`);
    // Sources keep sending, ladders keep falling due: the tick fails against the full disk and must survive.
    // The officer keeps writing notes too: each is answered (ack, or STORAGE_FULL and resent after).
    const officer = watchers[1] as (typeof watchers)[number];
    const notes = new Map<string, string>();
    for (let i = 0; i < FULL_SECONDS * 4; i++) {
      const reply = await officer.connection
        .send({ type: 'note', id: `note-${i}`, text: `磁盘满测试 ${i}` })
        .catch((error: Error) => ({ type: 'error', code: `dropped: ${error.message}` }) as const);
      notes.set(`note-${i}`, reply.type === 'ack' ? 'ack' : reply.code);
      await sleep(250);
    }
    const noteCodes = [...notes.values()];
    const notesRefused = noteCodes.filter((c) => c === 'STORAGE_FULL').length;
    const odd = noteCodes.filter((c) => c !== 'ack' && c !== 'STORAGE_FULL');
    if (odd.length > 0) problems.push(`notes while full were answered ${[...new Set(odd)].join(', ')}`);
    const failedPasses = metricValue(
      (await collector.get('/metrics')).body,
      'dutywatch_alert_pass_failures_total',
    );
    const ackedWhileFull = sources.reduce((n, s) => n + s.acked.size, 0);

    const roomAt = Date.now();
    await trouble.makeRoom(collector);
    if (!(await waitUntil(() => storageSeen('ok'), 10_000)))
      problems.push('watchers were not told the storage recovered');
    const toldOkMs = Date.now() - roomAt;
    for (const [id, code] of notes) {
      if (code === 'ack') continue;
      // The same action again, byte for byte: nothing of it was stored, so it is new to the collector.
      const reply = await officer.connection.send({ type: 'note', id, text: `磁盘满测试 ${id.slice(5)}` });
      if (reply.type !== 'ack')
        problems.push(`a note refused while full was refused again after: ${reply.code}`);
    }
    await sleep(3000);
    for (const s of sources) s.pause();
    const drained = await Promise.all(sources.map((s) => s.drain(30_000)));
    if (!drained.every(Boolean)) problems.push('refused messages were not all stored after room returned');
    const healthAfter = await collector.get('/healthz');
    if (healthAfter.status !== 200) problems.push(`/healthz after recovery: ${healthAfter.status}`);
    const restarts = (collector.log().match(/collector\.listening/g) ?? []).length - 1;
    // full once, recovered once: a status that flaps between the two tells the duty desk nothing.
    const changes = (collector.log().match(/storage\.(full|error|recovered)/g) ?? []).length;
    if (changes !== 2) problems.push(`the storage status changed ${changes} times (expected full, then ok)`);
    if (!collector.isRunning() || restarts !== 0)
      problems.push('the collector did not stay up through the trouble');

    const rungsAfter = withDb(dbPath, (db) =>
      db.prepare("SELECT COUNT(*) FROM audit_log WHERE action = 'escalated' AND at > ?").pluck().get(roomAt),
    ) as number;
    if (rungsAfter === 0) problems.push('no ladder rung fired after room returned (is the tick alive?)');
    const ladders = checkEscalations(dbPath, LADDER_STEPS, Date.now(), RUNG_SLACK_MS);
    if (ladders.firedTwice.length > 0)
      problems.push(`rungs fired twice: ${ladders.firedTwice.slice(0, 3).join('; ')}`);
    if (ladders.lost.length > 0) problems.push(`rungs lost: ${ladders.lost.slice(0, 3).join('; ')}`);

    // Finally the hard way: SIGKILL, restart, and every ack must still be there, once.
    await collector.kill9();
    collector = await startChaosCollector({ configPath, dbPath, logPath });
    const stored = checkStored(dbPath, promised());
    if (stored.lost.length > 0)
      problems.push(`${stored.lost.length} acked messages lost, e.g. ${stored.lost[0]}`);
    if (stored.duplicated.length > 0)
      problems.push(`stored twice: ${stored.duplicated.slice(0, 3).join(', ')}`);
    const integrity = withDb(dbPath, (db) => db.pragma('integrity_check', { simple: true }));
    if (integrity !== 'ok') problems.push(`integrity_check: ${String(integrity)}`);

    const acked = sources.reduce((n, s) => n + s.acked.size, 0);
    const full = sources.reduce((n, s) => n + (s.codes.get('STORAGE_FULL') ?? 0), 0);
    const failed = sources.reduce((n, s) => n + (s.codes.get('STORAGE_ERROR') ?? 0), 0);
    // A full disk must be reported as full, so people know what to do about it.
    if (failed > 0) problems.push(`${failed} replies said STORAGE_ERROR instead of STORAGE_FULL`);
    progress(`disk-full (${trouble.name}): done`);
    const figures = `${trouble.name}: ${fmt(full)} STORAGE_FULL replies (resent until stored), watchers told full in ${(toldFullMs / 1000).toFixed(1)} s and ok ${(toldOkMs / 1000).toFixed(1)} s after room returned (${changes} status changes), /healthz 503→200, officer's notes ${notes.size - notesRefused} acked + ${notesRefused} STORAGE_FULL (resent, acked), ${fmt(failedPasses)} alert passes failed and retried, ${rungsAfter} rungs fired after, ${fmt(ackedWhileFull)}→${fmt(acked)} acked, ${stored.lost.length} lost, ${stored.duplicated.length} duplicated, no restart (pid ${firstPid})`;
    return { figures, problems };
  } finally {
    for (const s of sources) s.close();
    await Promise.all(watchers.map((w) => w.close()));
    await collector.stop();
  }
}

/**
 * The database runs out of room — a real full disk (a small tmpfs) where this machine allows mounting one,
 * and SQLite's `max_page_count` cap in any case: ingest is refused with STORAGE_FULL, nothing acked is lost,
 * watchers and /healthz say so, the alert engine's tick survives, and once room returns it all recovers by
 * itself, without a restart.
 */
export const diskFull: Section = {
  name: 'disk-full',
  summary: 'the database runs out of room (tmpfs, max_page_count): refused clearly, nothing lost, recovers',
  async run(ctx) {
    const rungSeconds = 2;
    const dir = join(ctx.dir, 'disk-full');
    mkdirSync(dir, { recursive: true });
    const configPath = writeConfig(dir, chaosConfig({ rungSeconds }));
    const lines: string[] = [];
    const problems: string[] = [];
    // Each way of filling the disk runs the same sequence and is cleaned up whatever happens.
    const runLabelled = async (label: string, trouble: Trouble, troubleConfig: string) => {
      try {
        const result = await runTrouble(trouble, troubleConfig, ctx.progress);
        lines.push(result.figures);
        problems.push(...result.problems.map((p) => `${label}: ${p}`));
      } finally {
        trouble.cleanup();
      }
    };
    const tmpfs = tmpfsTrouble(dir);
    if (tmpfs) await runLabelled('tmpfs', tmpfs, configPath);
    else lines.push('tmpfs: not allowed to mount here, skipped');
    const pagesDir = join(dir, 'pages');
    mkdirSync(pagesDir, { recursive: true });
    const pagesConfig = writeConfig(pagesDir, chaosConfig({ rungSeconds }));
    await runLabelled('max_page_count', pagesTrouble(pagesDir, pagesConfig, rungSeconds), pagesConfig);
    return { figures: lines.join(' | '), problems };
  },
};
