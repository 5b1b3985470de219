import { existsSync } from 'node:fs';
import { acceleratedClock, type Clock } from './clock.js';
import { openDatabase } from './db/open-database.js';

/** A clock set by hand for a drill or a test: where it starts and how fast it runs. */
export type DrillClock = { start: number; speed: number };

/** Why `--clock` was refused: the database already holds data from after the clock's start. */
export class ClockBehindDataError extends Error {
  override name = 'ClockBehindDataError';
}

// An instant with its offset or Z, so the drill starts at the same moment whatever the server's time zone.
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Parses `START[,SPEED]`: an ISO 8601 instant with its offset (`2026-07-20T01:00:00+08:00`), then optionally how
 * many times faster than real time the clock runs (default 1). Returns an error message for bad input.
 */
export function parseDrillClock(text: string): DrillClock | string {
  const [startText = '', speedText, ...rest] = text.split(',');
  if (rest.length > 0) return `"${text}" is not START[,SPEED]`;
  const start = Date.parse(startText);
  if (!INSTANT.test(startText) || Number.isNaN(start)) {
    return `"${startText}" is not an instant with its offset, e.g. 2026-07-20T01:00:00+08:00`;
  }
  const speed = speedText === undefined ? 1 : Number(speedText);
  if (!Number.isFinite(speed) || speed <= 0 || speed > 10_000) {
    return `speed "${speedText}" must be a number above 0 (at most 10000)`;
  }
  return { start, speed };
}

/** The clock a drill runs on: from its start, `speed` times faster than real time. */
export function drillClockOf(drill: DrillClock): Clock {
  return acceleratedClock(drill.speed, drill.start);
}

/**
 * The latest instant the database holds (a message received, a reading observed, an audit entry), or undefined
 * for a new database. A drill clock that starts before it would write the past after the future: ladders,
 * silences and ages would all be measured backwards.
 */
export function latestDataAt(dbPath: string): number | undefined {
  if (!existsSync(dbPath)) return undefined;
  const db = openDatabase(dbPath, { readonly: true });
  try {
    const tables = new Set(
      db.prepare<[], string>("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all(),
    );
    const queries = [
      ['journal', 'SELECT MAX(received_at) FROM journal'],
      ['readings', 'SELECT MAX(observed_at) FROM readings'],
      ['audit_log', 'SELECT MAX(at) FROM audit_log'],
    ] as const;
    let latest: number | undefined;
    for (const [table, sql] of queries) {
      if (!tables.has(table)) continue;
      const at = db.prepare<[], number | null>(sql).pluck().get();
      if (typeof at === 'number' && (latest === undefined || at > latest)) latest = at;
    }
    return latest;
  } finally {
    db.close();
  }
}

/** Refuses a drill clock that starts before data the database already holds, unless forced. */
export function checkDrillClock(dbPath: string, drill: DrillClock, isForced: boolean): void {
  if (isForced) return;
  const latest = latestDataAt(dbPath);
  if (latest === undefined || latest <= drill.start) return;
  throw new ClockBehindDataError(
    `the database ${dbPath} holds data up to ${new Date(latest).toISOString()}, later than the clock's start ${new Date(drill.start).toISOString()}; use a fresh --db, a later START, or --force-clock`,
  );
}
