import { type Ack, ack, type ErrorReply, errorReply, type IngestMessage } from '../../src/protocol/index.js';
import type { Db } from '../db/open-database.js';
import type { Change } from './changes.js';
import type { IdWindow } from './id-window.js';
import type { IngestWriter, MessageCheck, Sender } from './ingest-writer.js';
import { createSourcesLastSeen } from './sources-last-seen.js';

/** Where a reply goes: one per connection, corked while a batch of replies is written. */
export type ReplyChannel = {
  send(reply: Ack | ErrorReply): void;
  cork(): void;
  uncork(): void;
};

/** A message waiting for its commit, or an error reply waiting its turn so replies keep the sender's order. */
export type Pending =
  | {
      channel: ReplyChannel;
      msg: IngestMessage;
      body: string;
      sender: Sender;
      receivedAt: number;
      check: MessageCheck;
    }
  | { channel: ReplyChannel; reply: ErrorReply };

export type CommitStats = { size: number; seconds: number; outcomes: { type: string; outcome: string }[] };

export type GroupCommitOptions = {
  db: Db;
  writer: IngestWriter;
  /** The id window the writer fills; told whether each group commit landed. */
  ids: IdWindow;
  maxBatch?: number;
  onCommitted?: (changes: Change[]) => void;
  onStats?: (stats: CommitStats) => void;
  onStorageError?: (error: unknown) => void;
  /** A commit that stored messages returned: the disk takes writes (clears a failed status). */
  onStorageOk?: () => void;
  /**
   * The collector's clock, the one ids are stamped with (their `receivedAt`): the window ages them by it. With the
   * wall clock instead, a drill on a clock days behind (`serve --clock`) aged every id out at once, and a resend
   * was stored twice.
   */
  now?: () => number;
  /**
   * Commits nothing until `release()`: the collector starts with ingest held while the id window loads, so a
   * resend arriving in the first second after a restart is still recognised. Messages wait in the queue.
   */
  held?: boolean;
};

export type GroupCommit = {
  /** Queues a message (or an early error reply) for the next group commit. */
  submit(pending: Pending): void;
  /** Commits and answers everything queued, now (used at shutdown). */
  flush: () => void;
  /** Messages and replies queued for the next group commit. */
  readonly pendingCount: number;
  /** Ends the hold (`held`): what waited is committed on the next turn of the event loop. */
  release(): void;
};

/**
 * Group commit: messages that arrive in the same turn of the event loop are written in one transaction, and
 * each is acked only after that transaction returns. With `synchronous=FULL` one fsync then covers hundreds of
 * messages instead of one (DESIGN.md: 4k rows/s one-per-commit vs ~100k rows/s batched).
 */
export function createGroupCommit(options: GroupCommitOptions): GroupCommit {
  const { db, writer, maxBatch = 2000 } = options;
  const now = options.now ?? Date.now;
  let queue: Pending[] = [];
  let isScheduled = false;
  let isHeld = options.held ?? false;

  const lastSeen = createSourcesLastSeen(db);

  const commit = db.transaction((batch: Pending[]) => {
    // Ids the memory window let go of are on disk before anything in this commit is looked up.
    options.ids.persistEvicted(now());
    const results = batch.map((p) =>
      'reply' in p ? undefined : writer.write(p.msg, p.body, p.sender, p.receivedAt, p.check),
    );
    // Each token's newest stored message, once per commit: what a restart measures a silent source from.
    const newest = new Map<string, number>();
    batch.forEach((p, i) => {
      if ('reply' in p || results[i]?.outcome !== 'stored') return;
      if (p.receivedAt > (newest.get(p.sender.token) ?? Number.NEGATIVE_INFINITY))
        newest.set(p.sender.token, p.receivedAt);
    });
    lastSeen.record(newest);
    return results;
  });

  function flush(): void {
    isScheduled = false;
    if (isHeld) return;
    while (queue.length > 0) {
      const batch = queue.slice(0, maxBatch);
      queue = queue.slice(batch.length);
      flushBatch(batch);
    }
  }

  function flushBatch(batch: Pending[]): void {
    const started = process.hrtime.bigint();
    let results: ReturnType<typeof commit>;
    try {
      results = commit(batch);
      options.ids.commit(now());
    } catch (error) {
      options.ids.discard();
      options.onStorageError?.(error);
      const code = isDiskFull(error) ? 'STORAGE_FULL' : 'STORAGE_ERROR';
      const text =
        code === 'STORAGE_FULL'
          ? 'the collector database is full; nothing was stored — resend later'
          : 'the collector could not store this message; nothing was stored — resend later';
      // Replies decided before the commit (bad JSON, schema) stand; only the messages to store failed.
      reply(batch, (p) => ('reply' in p ? p.reply : errorReply(p.msg.id, code, text)));
      return;
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    // Only a commit that stored something proves the disk takes writes; resends and refusals wrote nothing.
    if (results.some((r) => r?.outcome === 'stored')) options.onStorageOk?.();
    const changes: Change[] = [];
    const outcomes: CommitStats['outcomes'] = [];
    reply(batch, (p, i) => {
      if ('reply' in p) {
        outcomes.push({ type: 'unknown', outcome: 'error' });
        return p.reply;
      }
      const result = results[i];
      if (!result) throw new Error('group commit: missing result');
      outcomes.push({ type: p.msg.type, outcome: result.outcome });
      if (result.outcome === 'stored') {
        changes.push(...result.changes);
        return ack(p.msg.id);
      }
      if (result.outcome === 'duplicate') return ack(p.msg.id, true);
      const { code, message, path } = result.rejection;
      return errorReply(p.msg.id, code, message, path);
    });
    options.onStats?.({ size: batch.length, seconds, outcomes });
    if (changes.length > 0) options.onCommitted?.(changes);
  }

  function reply(batch: Pending[], toReply: (p: Pending, i: number) => Ack | ErrorReply): void {
    const channels = new Set(batch.map((p) => p.channel));
    for (const channel of channels) channel.cork();
    batch.forEach((p, i) => {
      p.channel.send(toReply(p, i));
    });
    for (const channel of channels) channel.uncork();
  }

  function schedule(): void {
    if (isScheduled) return;
    isScheduled = true;
    setImmediate(flush);
  }

  return {
    /** Queues a message (or an early error reply) for the next group commit. */
    submit(pending: Pending): void {
      queue.push(pending);
      schedule();
    },
    /** Commits and answers everything queued, now (used at shutdown). */
    flush,
    get pendingCount() {
      return queue.length;
    },
    release(): void {
      isHeld = false;
      if (queue.length > 0) schedule();
    },
  };
}

function isDiskFull(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_FULL' || (error as NodeJS.ErrnoException | null)?.code === 'ENOSPC';
}
