// One file on purpose (over 250 lines): backup, restore and scheduled backups, which check each other's output.
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { listBackups } from '../../server/backup/backup-files.js';
import { RestoreRefused, restoreBackup } from '../../server/backup/restore.js';
import { migrate } from '../../server/db/migrate.js';
import { openDatabase } from '../../server/db/open-database.js';
import { configSchema } from '../../src/protocol/index.js';
import { runDutywatch, spawnDutywatch } from '../helpers/collector-process.js';
import { type RunningCollector, startCollector } from '../helpers/start-collector.js';
import { TOKENS, testConfigInput } from '../helpers/test-config.js';
import { connect } from '../helpers/ws-client.js';

let running: RunningCollector | undefined;
const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'dutywatch-backup-'));
  dirs.push(dir);
  return dir;
};
afterEach(async () => {
  await running?.stop();
  running = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const digest = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const mode = (path: string) => statSync(path).mode & 0o777;

/** Sends readings at about `perSecond` until stopped; records every acked id in order. */
async function pacedSource(url: string, perSecond: number) {
  const ws = await connect(url, '/ingest', TOKENS.source);
  const acked: string[] = [];
  const refused: string[] = [];
  ws.on('message', (data) => {
    const reply = JSON.parse(String(data)) as { type: string; id: string; message?: string };
    if (reply.type === 'ack') acked.push(reply.id);
    else refused.push(`${reply.id}: ${reply.message}`);
  });
  const start = Date.now() - 5 * 3_600_000;
  let n = 0;
  const perTick = perSecond / 100;
  const timer = setInterval(() => {
    for (let i = 0; i < perTick; i++, n++) {
      ws.send(
        JSON.stringify({
          type: 'reading',
          id: `paced-${n}`,
          station: 'G1',
          observedAt: new Date(start + n * 100).toISOString(),
          level: 8 + (n % 300) / 100,
        }),
      );
    }
  }, 10);
  return {
    acked,
    refused,
    async until(count: number) {
      while (acked.length < count) await new Promise((r) => setTimeout(r, 20));
    },
    stop() {
      clearInterval(timer);
      ws.close();
    },
  };
}

/** A database with `rows` readings, written directly (fast), as a collector would have left it. */
function bigDatabase(path: string, rows: number): void {
  const db = openDatabase(path);
  migrate(db);
  const journal = db.prepare(
    "INSERT INTO journal (token, msg_id, type, received_at, body_hash, body) VALUES ('gauges', ?, 'reading', ?, 'h', ?)",
  );
  const reading = db.prepare(
    "INSERT INTO readings (journal_seq, station, observed_at, received_at, level) VALUES (?, 'G1', ?, ?, ?)",
  );
  const body = 'x'.repeat(200);
  db.transaction(() => {
    for (let i = 0; i < rows; i++) {
      const seq = journal.run(`big-${i}`, i, body).lastInsertRowid;
      reading.run(seq, i, i, 8 + (i % 100) / 100);
    }
  })();
  db.close();
}

describe('dutywatch backup', () => {
  it('takes a backup during 1,000 readings/s that restores to a whole database holding every message acked before it began', async () => {
    running = await startCollector();
    const source = await pacedSource(running.url, 1000);
    await source.until(2000);
    const ackedBefore = [...source.acked];
    const to = tempDir();
    const result = await runDutywatch(['backup', '--db', running.dbPath, '--to', to]);
    const ackedDuring = source.acked.length - ackedBefore.length;
    source.stop();
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(source.refused).toEqual([]);
    // The source kept being acked while the copy ran: the backup did not stop ingest.
    expect(ackedDuring).toBeGreaterThan(0);
    const [backup] = listBackups(to);
    expect(backup).toBeDefined();
    expect(result.stdout).toContain(`backup ${backup?.path}`);
    expect(result.stdout).toContain('integrity ok');
    expect(mode(backup?.path as string)).toBe(0o600);

    const restored = join(tempDir(), 'restored.db');
    const outcome = restoreBackup(backup?.path as string, restored, Date.now());
    expect(outcome.replacedAside).toBeNull();
    const db = new Database(restored, { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const stored = new Set(
      (
        db.prepare("SELECT msg_id FROM journal WHERE msg_id LIKE 'paced-%'").all() as { msg_id: string }[]
      ).map((r) => r.msg_id),
    );
    db.close();
    expect(ackedBefore.filter((id) => !stored.has(id))).toEqual([]);
    expect(stored.size).toBeGreaterThanOrEqual(ackedBefore.length);
  });

  it('leaves nothing that looks like a good backup when killed with -9 mid-copy, and the next run cleans up', async () => {
    const dir = tempDir();
    const dbPath = join(dir, 'big.db');
    bigDatabase(dbPath, 60_000);
    const to = join(dir, 'backups');
    const child = spawnDutywatch(['backup', '--db', dbPath, '--to', to, '--step-pages', '1', '--progress']);
    let err = '';
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      child.stderr?.on('data', (d) => {
        err += d;
        // Killed as soon as the copy is under way, thousands of steps before it could finish.
        if (/copied \d+\/\d+ pages/.test(err)) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.on('exit', () => reject(new Error(`backup exited before it was killed: ${err}`)));
    });
    await exited;
    expect(listBackups(to)).toEqual([]);
    expect(readdirSync(to).some((name) => name.endsWith('.partial'))).toBe(true);

    const again = await runDutywatch(['backup', '--db', dbPath, '--to', to]);
    expect(again.code).toBe(0);
    expect(readdirSync(to)).toEqual([listBackups(to)[0]?.name]);
  });

  it('says why and exits 1 when the database cannot be opened', async () => {
    const result = await runDutywatch(['backup', '--db', join(tempDir(), 'none.db'), '--to', tempDir()]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('cannot open');
  });
});

describe('dutywatch restore', () => {
  async function goodBackup(): Promise<{ backup: string; journal: number }> {
    running = await startCollector();
    const source = await pacedSource(running.url, 1000);
    await source.until(300);
    source.stop();
    const to = tempDir();
    const result = await runDutywatch(['backup', '--db', running.dbPath, '--to', to]);
    expect(result.code).toBe(0);
    const backup = listBackups(to)[0]?.path as string;
    const db = new Database(backup, { readonly: true });
    const journal = (db.prepare('SELECT count(*) AS n FROM journal').get() as { n: number }).n;
    db.close();
    return { backup, journal };
  }

  /** A database to restore over, with its digest, so "nothing changed" can be checked byte for byte. */
  function target(): { path: string; before: string; dir: string } {
    const dir = tempDir();
    const path = join(dir, 'county.db');
    bigDatabase(path, 10);
    return { path, before: digest(path), dir };
  }

  const unchanged = (t: { path: string; before: string; dir: string }) => {
    expect(digest(t.path)).toBe(t.before);
    expect(readdirSync(t.dir).filter((n) => n.includes('.replaced-') || n.endsWith('.restoring'))).toEqual(
      [],
    );
  };

  it('refuses a file that is not a database, a truncated backup and one from a newer dutywatch, changing nothing', async () => {
    const { backup } = await goodBackup();
    const t = target();
    const garbage = join(tempDir(), 'garbage.db');
    writeFileSync(garbage, Buffer.alloc(64 * 1024, 0x5a));
    const truncated = join(tempDir(), 'truncated.db');
    copyFileSync(backup, truncated);
    truncateSync(truncated, Math.floor(statSync(backup).size / 2));
    const newer = join(tempDir(), 'newer.db');
    copyFileSync(backup, newer);
    const db = new Database(newer);
    db.pragma('user_version = 99');
    db.close();
    const cases: [string, RegExp][] = [
      [garbage, /not usable: cannot be read as a dutywatch database/],
      [truncated, /not usable: (integrity_check failed|cannot be read)/],
      [newer, /written by a newer dutywatch \(schema version 99/],
      [join(tempDir(), 'absent.db'), /no backup at/],
    ];
    for (const [file, reason] of cases) {
      expect(() => restoreBackup(file, t.path, Date.now())).toThrow(reason);
      unchanged(t);
    }
    const cli = await runDutywatch(['restore', newer, '--db', t.path]);
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain('refused, nothing changed');
    unchanged(t);
  });

  it('refuses a database a running collector holds', async () => {
    const { backup } = await goodBackup();
    const held = running as RunningCollector;
    const before = digest(held.dbPath);
    expect(() => restoreBackup(backup, held.dbPath, Date.now())).toThrow(RestoreRefused);
    expect(() => restoreBackup(backup, held.dbPath, Date.now())).toThrow(`open in process ${process.pid}`);
    expect(digest(held.dbPath)).toBe(before);
  });

  it('puts the backup in place and keeps the database it replaced aside, with its WAL', async () => {
    const { backup, journal } = await goodBackup();
    const t = target();
    const cli = await runDutywatch(['restore', backup, '--db', t.path]);
    expect(cli.stderr).toBe('');
    expect(cli.code).toBe(0);
    const aside = /kept at (\S+)/.exec(cli.stdout)?.[1] as string;
    expect(digest(aside)).toBe(t.before);
    expect(digest(t.path)).toBe(digest(backup));
    expect(mode(t.path)).toBe(0o600);
    const db = new Database(t.path, { readonly: true });
    expect((db.prepare('SELECT count(*) AS n FROM journal').get() as { n: number }).n).toBe(journal);
    db.close();
  });
});

describe('scheduled backups in the collector', () => {
  const configWith = (backup: object) => {
    const input = testConfigInput();
    return configSchema.parse({ ...input, server: { ...input.server, backup } });
  };

  async function poll<T>(what: () => T | undefined, limitMs = 20_000): Promise<T> {
    const end = Date.now() + limitMs;
    for (;;) {
      const value = what();
      if (value !== undefined) return value;
      if (Date.now() > end) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('takes the first backup at once, 0600, and /metrics shows its age', async () => {
    const dir = tempDir();
    running = await startCollector({ config: configWith({ dir: join(dir, 'b'), intervalMinutes: 60 }) });
    const file = await poll(() => listBackups(join(dir, 'b'))[0]);
    expect(mode(file.path)).toBe(0o600);
    const port = new URL(running.url).port;
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).toMatch(/^dutywatch_backup_last_success_age_seconds \d+$/m);
    expect(metrics).toContain('dutywatch_backup_failing 0');
  });

  it('raises system.backup when the backup fails, saying why', async () => {
    const dir = tempDir();
    const notADir = join(dir, 'file');
    writeFileSync(notADir, 'x');
    running = await startCollector({ config: configWith({ dir: join(notADir, 'backups') }) });
    const db = (running as RunningCollector).collector.db;
    const alert = await poll(
      () =>
        db.prepare("SELECT title_en, state FROM alerts WHERE class = 'system.backup'").get() as
          | { title_en: string; state: string }
          | undefined,
    );
    expect(alert.title_en).toMatch(/^Database backup failed: .*ENOTDIR.* \(no good backup yet\)$/);
    expect(existsSync(join(notADir, 'backups'))).toBe(false);
  });
});
