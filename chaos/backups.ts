import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { listBackups, listPartials } from '../server/backup/backup-files.js';
import { checkDatabaseFile } from '../server/backup/check-database.js';
import { restoreBackup } from '../server/backup/restore.js';
import { migrate } from '../server/db/migrate.js';
import { openDatabase } from '../server/db/open-database.js';
import { runDutywatch, writeConfig } from '../test/helpers/collector-process.js';
import { chaosConfig } from './chaos-config.js';
import { checkStored, withDb } from './checks.js';
import { type ChaosCollector, startChaosCollector, waitUntil } from './collector.js';
import { chaosFieldSources, promisedBySource } from './field-sources.js';
import { fmt, type Section } from './report.js';

const SOURCES = 3;
/** Rows written straight into the database first, so a backup takes long enough to be interrupted. */
const PREFILL_ROWS = 400_000;
const TMPFS_BYTES = 16 * 1024 * 1024;

type Promised = Map<string, Set<string>>;

function prefill(dbPath: string, rows: number): void {
  const db = openDatabase(dbPath);
  migrate(db);
  const journal = db.prepare(
    "INSERT INTO journal (token, msg_id, type, received_at, body_hash, body) VALUES ('prefill', ?, 'reading', ?, 'h', ?)",
  );
  const reading = db.prepare(
    "INSERT INTO readings (journal_seq, station, observed_at, received_at, level) VALUES (?, 'G1', ?, ?, 8)",
  );
  const old = Date.now() - 20 * 86_400_000;
  const body = 'p'.repeat(160);
  db.transaction(() => {
    for (let i = 0; i < rows; i++) {
      const seq = journal.run(`pre-${i}`, old + i, body).lastInsertRowid;
      reading.run(seq, old + i, old + i);
    }
  })();
  db.close();
}

function startSources(prefix: string) {
  return chaosFieldSources(SOURCES, { prefix, ratePerSecond: 340, firstPeriodSeconds: 4 });
}

/** The chaos county with the collector's own backups every minute into `dir`. */
function withBackups(dir: string) {
  const config = chaosConfig();
  return { ...config, server: { ...config.server, backup: { dir, intervalMinutes: 1 } } };
}

function merge(into: Promised, from: Promised): void {
  for (const [token, ids] of from) {
    const set = into.get(token) ?? new Set<string>();
    for (const id of ids) set.add(id);
    into.set(token, set);
  }
}

/**
 * Backups as an operator meets them on a bad night: taken while ~1,000 messages/s arrive, the collector killed
 * with -9 in the middle of its own scheduled backup, the backup disk full mid-copy — and each restore holding
 * every message acked before its backup began, with nothing half-written ever named like a good backup.
 */
export const backups: Section = {
  name: 'backups',
  summary: 'backups under load, collector killed mid-backup, backup disk full; restores keep every ack',
  async run(ctx) {
    const problems: string[] = [];
    const dir = join(ctx.dir, 'backups');
    mkdirSync(dir, { recursive: true });
    const dbPath = join(dir, 'collector.db');
    const backupDir = join(dir, 'scheduled');
    const rows = ctx.quick ? PREFILL_ROWS / 4 : PREFILL_ROWS;
    ctx.progress(`backups: pre-filling ${fmt(rows)} readings`);
    prefill(dbPath, rows);
    const configPath = writeConfig(dir, chaosConfig());
    const allPromised: Promised = new Map();

    // 1. Under load, from another process.
    let collector: ChaosCollector = await startChaosCollector({ configPath, dbPath });
    let sources = startSources('b');
    for (const s of sources) await s.connect(collector.url);
    for (const s of sources) s.stream();
    await sleep(2000);
    const before = promisedBySource(sources);
    const cliDir = join(dir, 'cli');
    const t0 = Date.now();
    const cli = await runDutywatch(['backup', '--db', dbPath, '--to', cliDir]);
    const cliMs = Date.now() - t0;
    const ackedDuring =
      sources.reduce((n, s) => n + s.acked.size, 0) - [...before.values()].reduce((n, s) => n + s.size, 0);
    if (cli.code !== 0) problems.push(`backup under load failed: ${cli.stderr.trim()}`);
    const underLoad = listBackups(cliDir)[0];
    let lostUnderLoad = 0;
    if (underLoad) {
      const restored = join(dir, 'restored-under-load.db');
      restoreBackup(underLoad.path, restored, Date.now());
      const check = checkDatabaseFile(restored);
      if (!check.ok) problems.push(`restored backup: ${check.problem}`);
      const stored = checkStored(restored, before);
      lostUnderLoad = stored.lost.length;
      if (stored.lost.length > 0)
        problems.push(
          `restore lost ${stored.lost.length} acked before the backup: ${stored.lost.slice(0, 3).join(', ')}`,
        );
    } else problems.push('no backup file after a successful run');

    // 2. The collector killed with -9 while its own scheduled backup is being written.
    for (const s of sources) s.close();
    merge(allPromised, promisedBySource(sources));
    await collector.stop();
    writeConfig(dir, withBackups(backupDir));
    const attempts = ctx.quick ? 2 : 5;
    let killedMidCopy = 0;
    for (let i = 0; i < attempts; i++) {
      rmSync(backupDir, { recursive: true, force: true });
      collector = await startChaosCollector({ configPath, dbPath });
      sources = startSources(`k${i}-`);
      for (const s of sources) await s.connect(collector.url);
      for (const s of sources) s.stream();
      // The first backup starts at the first tick; kill the moment its temporary file appears.
      const sawPartial = await waitUntil(() => listPartials(backupDir).length > 0, 10_000, 1);
      await collector.kill9();
      if (sawPartial) killedMidCopy += 1;
      for (const s of sources) s.close();
      merge(allPromised, promisedBySource(sources));
      for (const good of listBackups(backupDir)) {
        const check = checkDatabaseFile(good.path);
        if (!check.ok) problems.push(`after kill -9, ${good.name} looks good but is not: ${check.problem}`);
      }
    }
    const stored = checkStored(dbPath, allPromised);
    if (stored.lost.length > 0) problems.push(`kill -9 mid-backup lost ${stored.lost.length} acked messages`);
    if (stored.duplicated.length > 0)
      problems.push(`stored twice: ${stored.duplicated.slice(0, 3).join(', ')}`);
    // Back up, the collector finishes a good backup and clears what the killed ones left.
    collector = await startChaosCollector({ configPath, dbPath });
    const finished = await waitUntil(() => listBackups(backupDir).length > 0, 30_000);
    if (!finished) problems.push('the restarted collector took no backup');
    await waitUntil(() => listPartials(backupDir).length === 0, 5000);
    if (listPartials(backupDir).length > 0)
      problems.push(`partials left: ${readdirSync(backupDir).join(', ')}`);
    await collector.stop();

    // 3. The backup disk fills up mid-copy: a tmpfs smaller than the database.
    let diskFull = 'skipped (mount needs root)';
    const mount = join(dir, 'tmpfs');
    mkdirSync(mount, { recursive: true });
    let mounted = false;
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${TMPFS_BYTES}`, 'tmpfs', mount], {
        stdio: 'ignore',
      });
      mounted = true;
    } catch {
      ctx.progress('backups: cannot mount a tmpfs; the full-disk case is skipped');
    }
    if (mounted) {
      try {
        writeConfig(dir, withBackups(mount));
        collector = await startChaosCollector({ configPath, dbPath });
        sources = startSources('f');
        for (const s of sources) await s.connect(collector.url);
        for (const s of sources) s.stream();
        const alerted = await waitUntil(
          () =>
            withDb(dbPath, (db) =>
              Boolean(
                db.prepare("SELECT 1 FROM alerts WHERE class = 'system.backup' AND closed_at IS NULL").get(),
              ),
            ),
          20_000,
        );
        const ackedBeforeFull = sources.reduce((n, s) => n + s.acked.size, 0);
        await sleep(1000);
        const ackedAfterFull = sources.reduce((n, s) => n + s.acked.size, 0);
        if (!alerted) problems.push('a backup that filled its disk raised no system.backup alert');
        if (ackedAfterFull <= ackedBeforeFull) problems.push('ingest stopped when the backup disk filled');
        if (listBackups(mount).length > 0)
          problems.push('a backup that ran out of room is named like a good one');
        if (listPartials(mount).length > 0) problems.push('a failed backup left its temporary file behind');
        for (const s of sources) s.close();
        merge(allPromised, promisedBySource(sources));
        await collector.stop();
        diskFull = alerted ? 'alert raised, ingest went on' : 'NO ALERT';
      } finally {
        execFileSync('umount', [mount], { stdio: 'ignore' });
      }
    }
    const final = checkStored(dbPath, allPromised);
    if (final.lost.length > 0) problems.push(`lost ${final.lost.length} acked messages in all`);
    return {
      figures:
        `under load: ${cli.code === 0 ? 'ok' : 'FAILED'} in ${fmt(cliMs)} ms with ${fmt(ackedDuring)} acked meanwhile, ` +
        `restore lost ${lostUnderLoad}; kill -9 mid-backup ${killedMidCopy}/${attempts}, nothing half-written named good; ` +
        `backup disk full: ${diskFull}; ${fmt(final.stored)} acked, lost ${final.lost.length}`,
      problems,
    };
  },
};
