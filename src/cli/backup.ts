import type Database from 'better-sqlite3';
import { intOption, UsageError } from './args.js';
import { defineCommand } from './define-command.js';

// The database driver and the backup code load only when these commands run: `dutywatch --help` and the
// console stay quick to start.

const BACKUP_HELP = `Usage: dutywatch backup --db FILE --to DIR

Takes a consistent copy of the collector's database while it runs (SQLite's online backup, in one read
snapshot that never blocks the collector's writes), checks it (integrity_check, schema version, row counts at
least those before the copy began) and only then renames it into DIR as dutywatch-<UTC time>.db, mode 0600.
A copy that fails, or a process killed mid-copy, leaves nothing named like a good backup.

The collector can take its own backups on a schedule: see "server.backup" in the README.

Options:
  --db FILE          the collector's database
  --to DIR           where to put the backup (created if missing)
  --step-pages N     copy N pages per step instead of all at once (spreads the disk load; the collector's
                     writes meanwhile restart the copy, so use it on a quiet database)
  --progress         print "copied N/M pages" lines on stderr (the default when stderr is a terminal)`;

const RESTORE_HELP = `Usage: dutywatch restore BACKUP --db FILE

Puts a backup in place as the collector's database. Refuses, changing nothing: a backup that fails its check
(corrupt, not a dutywatch database, written by a newer dutywatch) and a database that a running process (a
collector) holds open. The database it replaces is kept beside it as FILE.replaced-<UTC time> (with its -wal).

Options:
  --db FILE   the database to replace (stop its collector first)`;

/** `dutywatch backup`. */
export const backupCommand = defineCommand({
  name: 'backup',
  summary: 'take a checked online backup of the database',
  help: BACKUP_HELP,
  options: {
    db: { type: 'string' },
    to: { type: 'string' },
    'step-pages': { type: 'string' },
    progress: { type: 'boolean' },
  },
  async run({ values }) {
    if (!values.db || !values.to) throw new UsageError('dutywatch backup: --db and --to are required');
    const { default: Database } = await import('better-sqlite3');
    const { BackupError, takeBackup } = await import('../../server/backup/take-backup.js');
    let db: Database.Database;
    try {
      db = new Database(values.db, { fileMustExist: true });
      db.pragma('busy_timeout = 5000');
    } catch (error) {
      process.stderr.write(`dutywatch backup: cannot open ${values.db}: ${(error as Error).message}\n`);
      return 1;
    }
    const isTerminal = process.stderr.isTTY === true;
    const showProgress = values.progress === true || isTerminal;
    const pagesPerStep =
      values['step-pages'] === undefined
        ? undefined
        : intOption('backup', 'step-pages', values['step-pages'], 0, 1, 1_000_000_000);
    try {
      const result = await takeBackup(db, values.to, {
        now: Date.now(),
        sameConnectionWrites: false,
        ...(pagesPerStep !== undefined ? { pagesPerStep } : {}),
        onProgress: (remaining, total) => {
          if (!showProgress) return;
          process.stderr.write(
            `${isTerminal ? '\r' : ''}copied ${total - remaining}/${total} pages${isTerminal ? '' : '\n'}`,
          );
        },
      });
      if (showProgress && isTerminal) process.stderr.write('\n');
      process.stdout.write(
        `backup ${result.path}\n  ${result.bytes} bytes, schema ${result.schemaVersion}, ` +
          `${result.counts.journal} messages, ${result.counts.readings} readings, ${result.counts.alerts} alerts, ` +
          `integrity ok, ${result.elapsedMs} ms\n`,
      );
      return 0;
    } catch (error) {
      const reason = error instanceof BackupError ? error.message : String(error);
      process.stderr.write(`dutywatch backup: no backup was made: ${reason}\n`);
      return 1;
    } finally {
      db.close();
    }
  },
});

/** `dutywatch restore`. */
export const restoreCommand = defineCommand({
  name: 'restore',
  summary: 'put a backup in place as the database (the collector stopped)',
  help: RESTORE_HELP,
  options: { db: { type: 'string' } },
  allowPositionals: true,
  async run({ values, positionals }) {
    if (positionals.length !== 1 || !values.db)
      throw new UsageError('dutywatch restore: expected one BACKUP file and --db FILE');
    const { RestoreRefused, restoreBackup } = await import('../../server/backup/restore.js');
    try {
      const result = restoreBackup(positionals[0] as string, values.db, Date.now());
      process.stdout.write(
        `restored ${values.db} from ${positionals[0]} (schema ${result.schemaVersion}, ` +
          `${result.counts.journal} messages)\n` +
          (result.replacedAside ? `  the database it replaced is kept at ${result.replacedAside}\n` : ''),
      );
      return 0;
    } catch (error) {
      if (!(error instanceof RestoreRefused)) throw error;
      process.stderr.write(`dutywatch restore: refused, nothing changed: ${error.message}\n`);
      return 1;
    }
  },
});
