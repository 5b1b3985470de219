import { copyFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import type { createCollector } from '../server/collector.js';

/**
 * `--before=DIR`: another checkout of dutywatch (e.g. `git worktree add /tmp/before main`, or `git archive` of
 * an older commit with `node_modules` linked), whose code a bench runs beside this one in the same run, so a
 * change is measured before and after under the same load. Only what the benches import is loaded from it.
 */
export type BeforeCode = {
  dir: string;
  createCollector: typeof createCollector;
  /** How many migrations that code knows (its schema version). */
  schemaVersion: number;
};

export async function loadBefore(dir: string): Promise<BeforeCode> {
  const root = resolve(dir);
  const load = (path: string) => import(pathToFileURL(join(root, path)).href);
  const collector = (await load('server/collector.ts')) as { createCollector: typeof createCollector };
  const migrations = (await load('server/db/migrations/index.ts')) as { MIGRATIONS: readonly unknown[] };
  return {
    dir: root,
    createCollector: collector.createCollector,
    schemaVersion: migrations.MIGRATIONS.length,
  };
}

/** The value of `--before=DIR` among `args`, and the other args. */
export function beforeArg(args: string[]): { before: string | undefined; rest: string[] } {
  const found = args.find((a) => a.startsWith('--before='));
  return { before: found?.slice('--before='.length), rest: args.filter((a) => a !== found) };
}

/**
 * A copy of a closed database as the older code would find it: the tables of later migrations dropped and
 * `user_version` set back (the older code refuses a database from a newer schema). `dropTables` are the tables
 * those later migrations created.
 */
export function copyForBefore(dbPath: string, to: string, schemaVersion: number, dropTables: string[]): void {
  copyFileSync(dbPath, to);
  const db = new Database(to);
  // The same schema (a change to code alone): nothing to take back.
  if ((db.pragma('user_version', { simple: true }) as number) === schemaVersion) {
    db.close();
    return;
  }
  for (const table of dropTables) db.exec(`DROP TABLE IF EXISTS ${table}`);
  db.pragma(`user_version = ${schemaVersion}`);
  db.close();
}
