import type { Db } from '../db/open-database.js';
import { createIdSpill, type EvictedId, type StoredId } from './id-spill.js';

type Seen = { at: number; seq: number };

const PRUNE_EVERY_MS = 60_000;

export type IdWindow = {
  /** How (token, id) was stored or is about to be, if it was seen within the window. */
  lookup(token: string, id: string, now: number): StoredId | undefined;
  /** Records an id written in the current group commit. */
  add(token: string, id: string, at: number, seq: number): void;
  /** Writes the ids evicted by earlier commits; call first inside each group commit's transaction. */
  persistEvicted(now: number): void;
  /** A mark to roll back to when a savepoint inside the group commit is undone. */
  mark: () => number;
  /** Forgets the ids added since `mark`: their savepoint was rolled back. */
  rollback(mark: number): void;
  /** The group commit is on disk: its ids are now remembered, and the evicted ids it wrote are safe. */
  commit(now: number): void;
  /** The group commit failed: nothing of it was stored, so none of its ids count as seen. */
  discard(): void;
  /** Rebuilds the window from the journal at start; returns how many ids are in memory. */
  load(now: number): number;
  /**
   * `load` a slice at a time: each `next()` reads up to `sliceRows` journal rows, and the last returns how many
   * ids are in memory. The collector listens at once and runs the slices on the event loop, holding ingest
   * until they are done (watchers need no window).
   */
  loading(now: number, sliceRows?: number): Generator<void, number, void>;
  /** Ids remembered in memory. */
  readonly size: number;
};

/**
 * The ids seen within `idempotencyHours`, per token, with each one's journal row (whose text a resend is compared
 * with): the idempotency check. Memory is a cache bounded by `maxIds`; an id it pushes out before its window ends is written to the
 * database (id-spill.ts), and a token that lost ids that way has its misses looked up there. So the promise
 * holds whatever other tokens send, and ingest pays for the database only once memory overflows. Ids of a group
 * commit stay pending until it commits, so a failed commit forgets them.
 */
export function createIdWindow(db: Db, options: { horizonMs: number; maxIds: number }): IdWindow {
  const spill = createIdSpill(db);
  const seen = new Map<string, Seen>();
  let pending = new Map<string, Seen>();
  let pendingOrder: string[] = [];
  // Evicted within their window but not yet on disk; written at the start of the next group commit.
  let toSpill: EvictedId[] = [];
  let spillingCount = 0;
  // Per token, the newest receipt time among its spilled ids: until that leaves the window, a miss in memory
  // proves nothing for that token.
  const lastSpilledAt = new Map<string, number>();
  let lastPruneAt = 0;

  const keyOf = (token: string, id: string) => `${token}\u0000${id}`;

  function trim(now: number): void {
    // Insertion order is arrival order, so the oldest ids are at the front.
    for (const [key, entry] of seen) {
      const isExpired = entry.at < now - options.horizonMs;
      if (seen.size <= options.maxIds && !isExpired) break;
      seen.delete(key);
      if (isExpired) continue;
      const cut = key.indexOf('\u0000');
      const token = key.slice(0, cut);
      toSpill.push({ token, id: key.slice(cut + 1), at: entry.at, seq: entry.seq });
      lastSpilledAt.set(token, Math.max(lastSpilledAt.get(token) ?? 0, entry.at));
    }
  }

  return {
    /** How (token, id) was stored or is about to be, if it was seen within the window. */
    lookup(token: string, id: string, now: number): StoredId | undefined {
      const key = keyOf(token, id);
      const hit = pending.get(key) ?? seen.get(key);
      if (hit !== undefined) return hit;
      const spilledAt = lastSpilledAt.get(token);
      if (spilledAt === undefined || spilledAt < now - options.horizonMs) return undefined;
      return spill.lookup(token, id);
    },
    /** Records an id written in the current group commit. */
    add(token: string, id: string, at: number, seq: number): void {
      const key = keyOf(token, id);
      pending.set(key, { at, seq });
      pendingOrder.push(key);
    },
    /**
     * Writes the ids evicted by earlier commits; call first inside each group commit's transaction, so its
     * lookups see them and they land on disk with it.
     */
    persistEvicted(now: number): void {
      spillingCount = toSpill.length;
      if (spillingCount > 0) spill.write(toSpill);
      if (lastSpilledAt.size > 0 && now - lastPruneAt >= PRUNE_EVERY_MS) {
        lastPruneAt = now;
        spill.prune(now - options.horizonMs);
      }
    },
    /** A mark to roll back to when a savepoint inside the group commit is undone. */
    mark: () => pendingOrder.length,
    /** Forgets the ids added since `mark`: their savepoint was rolled back. */
    rollback(mark: number): void {
      for (const key of pendingOrder.splice(mark)) pending.delete(key);
    },
    /** The group commit is on disk: its ids are now remembered, and the evicted ids it wrote are safe. */
    commit(now: number): void {
      toSpill = toSpill.slice(spillingCount);
      spillingCount = 0;
      for (const [key, entry] of pending) seen.set(key, entry);
      pending = new Map();
      pendingOrder = [];
      trim(now);
    },
    /** The group commit failed: nothing of it was stored, so none of its ids count as seen. */
    discard(): void {
      spillingCount = 0;
      pending = new Map();
      pendingOrder = [];
    },
    /**
     * Rebuilds the window from the journal: the newest `maxIds` ids within the window into memory, and any
     * older ones within it that a crash kept from being spilled onto disk.
     */
    load(now: number): number {
      const slices = loading(now);
      for (;;) {
        const next = slices.next();
        if (next.done) return next.value;
      }
    },
    loading,
    get size() {
      return seen.size;
    },
  };

  function* loading(now: number, sliceRows = 20_000): Generator<void, number, void> {
    const since = now - options.horizonMs;
    // Counted on the received_at index. Only when the window overflows memory is the newest maxIds-th row found,
    // scanning back from the end (`+received_at` keeps SQLite from sorting the whole window to find it), and
    // the older rows of the window checked to be on disk.
    const { n, first } = db
      .prepare<[number], { n: number; first: number | null }>(
        'SELECT count(*) AS n, min(seq) AS first FROM journal WHERE received_at >= ?',
      )
      .get(since) ?? { n: 0, first: null };
    if (first === null) {
      for (const [token, at] of spill.spilledTokens(since)) lastSpilledAt.set(token, at);
      return 0;
    }
    let firstKept = first;
    if (n > options.maxIds) {
      firstKept =
        db
          .prepare<[number, number], number>(
            'SELECT seq FROM journal WHERE +received_at >= ? ORDER BY seq DESC LIMIT 1 OFFSET ?',
          )
          .pluck()
          .get(since, options.maxIds - 1) ?? first;
      spill.spillMissed(since, firstKept);
    }
    for (const [token, at] of spill.spilledTokens(since)) lastSpilledAt.set(token, at);
    // Only what was on disk when loading began: ingest is held until the load is done, so nothing is added
    // meanwhile by the writer, and a row written later by anything else was never in the window at start either.
    const last = db.prepare<[], number>('SELECT max(seq) FROM journal').pluck().get() ?? 0;
    // Raw rows with the key built by SQLite: ~100,000 ids at the defaults, a slice at a time (issue 19).
    const slice = db
      .prepare<[number, number, number, number], [string, number, number]>(
        `SELECT token || char(0) || msg_id, received_at, seq FROM journal
           WHERE seq >= ? AND seq <= ? AND received_at >= ? ORDER BY seq LIMIT ?`,
      )
      .raw();
    let from = firstKept;
    for (;;) {
      const rows = slice.all(from, last, since, sliceRows);
      for (const [key, at, seq] of rows) seen.set(key, { at, seq });
      const lastRow = rows.at(-1);
      if (lastRow === undefined || rows.length < sliceRows) break;
      from = lastRow[2] + 1;
      yield;
    }
    trim(now);
    return seen.size;
  }
}
