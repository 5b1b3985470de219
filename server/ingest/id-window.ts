import type { Db } from '../db/open-database.js';

type Seen = { hash: string; at: number };

/**
 * The ids seen recently, per token, with the hash of each message's body: the idempotency check. Bounded by
 * age and count; ids of a group commit stay pending until it commits, so a failed commit forgets them.
 */
export function createIdWindow(options: { horizonMs: number; maxIds: number }) {
  const seen = new Map<string, Seen>();
  let pending = new Map<string, Seen>();
  let pendingOrder: string[] = [];

  function trim(now: number): void {
    // Insertion order is arrival order, so the oldest ids are at the front.
    for (const [key, entry] of seen) {
      if (seen.size <= options.maxIds && entry.at >= now - options.horizonMs) break;
      seen.delete(key);
    }
  }

  return {
    /** The body hash under which (token, id) was stored or is about to be, if it was seen. */
    lookup(token: string, id: string): string | undefined {
      const key = `${token}\u0000${id}`;
      return (pending.get(key) ?? seen.get(key))?.hash;
    },
    /** Records an id written in the current group commit. */
    add(token: string, id: string, hash: string, at: number): void {
      const key = `${token}\u0000${id}`;
      pending.set(key, { hash, at });
      pendingOrder.push(key);
    },
    /** A mark to roll back to when a savepoint inside the group commit is undone. */
    mark: () => pendingOrder.length,
    /** Forgets the ids added since `mark`: their savepoint was rolled back. */
    rollback(mark: number): void {
      for (const key of pendingOrder.splice(mark)) pending.delete(key);
    },
    /** The group commit is on disk: its ids are now remembered. */
    commit(now: number): void {
      for (const [key, entry] of pending) seen.set(key, entry);
      pending = new Map();
      pendingOrder = [];
      trim(now);
    },
    /** The group commit failed: nothing of it was stored, so none of its ids count as seen. */
    discard(): void {
      pending = new Map();
      pendingOrder = [];
    },
    /** Rebuilds the window from the journal, oldest first. */
    load(db: Db, now: number): number {
      const rows = db
        .prepare<[number], { token: string; msg_id: string; body_hash: string; received_at: number }>(
          'SELECT token, msg_id, body_hash, received_at FROM journal WHERE received_at >= ? ORDER BY seq',
        )
        .iterate(now - options.horizonMs);
      for (const row of rows)
        seen.set(`${row.token}\u0000${row.msg_id}`, { hash: row.body_hash, at: row.received_at });
      trim(now);
      return seen.size;
    },
    get size() {
      return seen.size;
    },
  };
}
export type IdWindow = ReturnType<typeof createIdWindow>;
