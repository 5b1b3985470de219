import type { Db } from './open-database.js';

/**
 * Wraps a transaction to commit with `synchronous=NORMAL`, then restores `FULL` for every other commit.
 *
 * In WAL mode a NORMAL commit is written to the WAL without an fsync: it survives a process crash (`kill -9`) as
 * a FULL one does, and power loss once the next FULL commit (an ingest batch, an action) or a checkpoint has
 * synced the WAL, which holds frames in commit order, so nothing later is durable without it. Only for writes
 * whose loss on power failure is redone by themselves — the sender's pumps: a lost lease or outcome means the
 * row is sent again with its idempotency key, which the documented at-most-one-repeat already covers. Anything
 * acknowledged to someone (an ingest ack, an answer, an action's reply) stays FULL. Each fsync skipped is one
 * an ingest ack no longer waits behind during a call-out (issue 16: fsync tails reach 20 ms on this disk).
 */
export function relaxedCommit<A extends unknown[], R>(
  db: Db,
  transaction: (...args: A) => R,
): (...args: A) => R {
  return (...args: A): R => {
    db.pragma('synchronous = NORMAL');
    try {
      return transaction(...args);
    } finally {
      db.pragma('synchronous = FULL');
    }
  };
}
