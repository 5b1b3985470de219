import { statfsSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Logger } from '../../src/log/logger.js';
import type { StorageStatus } from '../../src/protocol/index.js';
import type { Db } from './open-database.js';

/** Free pages under `max_page_count` below which the database still counts as full. */
export const ROOM_MARGIN_PAGES = 64;

/** Free bytes on the database's file system below which it still counts as full. */
export const ROOM_MARGIN_BYTES = 1024 * 1024;

/** What a failed write says about the storage: out of room, broken, or nothing (a bug, not the disk). */
export function storageFailure(error: unknown): Exclude<StorageStatus, 'ok'> | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return undefined;
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') return 'full';
  // better-sqlite3 names extended codes (SQLITE_IOERR_WRITE …); every one of them is the storage's fault.
  if (/^SQLITE_(IOERR|CORRUPT|CANTOPEN|READONLY|NOTADB|PROTOCOL)/.test(code) || code === 'EIO')
    return 'error';
  return undefined;
}

export type StorageStatusTracker = {
  readonly status: StorageStatus;
  /** A write failed; returns what it says about the storage (undefined: not the storage's fault). */
  failed(error: unknown): StorageStatus | undefined;
  /** A write committed: the disk works again (a full disk waits for room, see `probe`). */
  succeeded(): void;
  /** While full, checks for room without writing (the tick calls this). */
  probe(): void;
  /** Applies `server.maxDatabasePages` (undefined removes the cap); returns the cap in force. */
  setMaxPages(pages: number | undefined): number;
};

/**
 * Tracks whether the database can take writes, for watchers and `/healthz`. A write that fails for lack of
 * room makes it `full`, and only room makes it `ok` again: `probe` (run by the tick) looks for it under
 * `max_page_count` and on the file system, so the screens clear by themselves once an operator makes room,
 * even before a source resends. A small write that still fits in a half-empty page proves nothing, and
 * letting it clear the status made the screens flap between full and ok. `error` clears when any write
 * commits.
 */
export function createStorageStatus(options: {
  db: Db;
  dbPath: string;
  logger: Logger;
  /** Called after every change of status. */
  onChange: (status: StorageStatus) => void;
}): StorageStatusTracker {
  const { db, logger } = options;
  let status: StorageStatus = 'ok';
  // SQLite's own default, restored when the cap is removed from the config.
  const defaultMaxPages = db.pragma('max_page_count', { simple: true }) as number;

  function set(next: StorageStatus, reason: string): void {
    if (next === status) return;
    const was = status;
    status = next;
    if (next === 'ok') logger.info('storage.recovered', { was, reason });
    else logger.error(`storage.${next}`, { reason });
    options.onChange(next);
  }

  function hasRoom(): boolean {
    const max = db.pragma('max_page_count', { simple: true }) as number;
    const used = db.pragma('page_count', { simple: true }) as number;
    const free = db.pragma('freelist_count', { simple: true }) as number;
    if (max - used + free < ROOM_MARGIN_PAGES) return false;
    try {
      const fs = statfsSync(dirname(options.dbPath));
      return fs.bavail * fs.bsize >= ROOM_MARGIN_BYTES;
    } catch {
      // No statfs for this path (unusual platforms): the page count is all we can know.
      return true;
    }
  }

  return {
    get status(): StorageStatus {
      return status;
    },
    /** A write failed; returns what it says about the storage (undefined: not the storage's fault). */
    failed(error: unknown): StorageStatus | undefined {
      const kind = storageFailure(error);
      if (kind) set(kind, String(error));
      return kind;
    },
    /** A write committed: the disk works again (a full disk waits for room, see `probe`). */
    succeeded(): void {
      if (status === 'error') set('ok', 'a write committed');
    },
    /** While full, checks for room without writing (the tick calls this). */
    probe(): void {
      if (status !== 'full') return;
      try {
        if (hasRoom()) set('ok', 'room returned');
      } catch (error) {
        logger.warn('storage.probe_failed', { error: String(error) });
      }
    },
    /**
     * Applies `server.maxDatabasePages` (at start and on SIGHUP); undefined removes the cap. SQLite never
     * sets the cap below the pages already used, so the value in force is returned.
     */
    setMaxPages(pages: number | undefined): number {
      const value = pages ?? defaultMaxPages;
      return db.pragma(`max_page_count = ${Math.trunc(value)}`, { simple: true }) as number;
    },
  };
}
