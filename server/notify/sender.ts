import { afterFailure } from '../../src/domain/callout/backoff.js';
import type { Logger } from '../../src/log/logger.js';
import type { DeliverySettings, FeedChange } from '../../src/protocol/index.js';
import type { Clock } from '../clock.js';
import type { Db } from '../db/open-database.js';
import type { Callouts } from './callouts.js';
import { type CalloutsRepo, type OutboxRow, type RecipientRow, toDeliveryFeed } from './callouts-repo.js';
import type { DeliveryOutcome, OutboundMessage } from './channel.js';
import type { ChannelSet } from './channel-set.js';

export type SenderOptions = {
  db: Db;
  clock: Clock;
  repo: CalloutsRepo;
  callouts: Callouts;
  channels: () => ChannelSet;
  settings: () => DeliverySettings;
  /** The answer link of a recipient (`{publicUrl}/r/<token>`), built at send time: tokens are never stored. */
  linkFor: (recipient: RecipientRow) => string;
  /** A delivery gave up: raise 通知未送达 (inside the sender's transaction). */
  onDead: (row: OutboxRow, now: number, out: FeedChange[]) => void;
  publish: (changes: FeedChange[]) => void;
  logger: Logger;
  onStorageError?: (error: unknown) => void;
  random?: () => number;
  /** How often due retries are looked for, ms (new rows are sent at once, without waiting for this). */
  pollMs?: number;
};

type Completed = { row: OutboxRow; outcome: DeliveryOutcome };

/** Pumps (record outcomes, claim what is due: one transaction) at most this often, ms. */
const PUMP_MS = 50;

/**
 * Attempts started per event-loop turn. Starting one (its link's HMAC, the body, the signature, the request) is
 * a fraction of a millisecond; thirty-two at once held ingest acks behind them (issue 16's benchmark).
 */
const STARTS_PER_TURN = 4;

/** While an attempt is out, its row is not due again for this long past the channel's timeout. */
const LEASE_SLACK_MS = 1_000;

// A test hook, the only way to stop a process at an exact point: `outbox-written` dies after the outbox rows
// are committed and before anything is sent; `delivery-sent` after a channel said delivered and before that is
// recorded. Read once at start; never set it outside tests.
const CRASH_AT = process.env['DUTYWATCH_TEST_CRASH_AT'];

export type Sender = {
  /** Sends what is due now, after the current transaction has committed. */
  kick: () => void;
  /** Stops sending; attempts in flight get up to 2 s to finish and be recorded. */
  stop(): Promise<void>;
  /** Deliveries claimed for an attempt whose outcome is not recorded yet. */
  inFlight: () => number;
};

/**
 * Drains the outbox: sends what is due, at most `concurrency` at a time and `maxPerSecond` a second, each attempt
 * bounded by its channel's timeout. Before an attempt the row's try is counted and leased (so a crash mid-send repeats it once, with the
 * same key, after the lease); after it the outcome is recorded with the recipient's new state, or the next try
 * scheduled with backoff and jitter, or the delivery dead-lettered.
 */
export function createSender(options: SenderOptions): Sender {
  const { db, clock, repo, logger } = options;
  const random = options.random ?? Math.random;
  const inFlight = new Set<number>();
  let isStopped = false;
  let isScheduled = false;
  const pending = new Set<Promise<void>>();
  const completed: Completed[] = [];
  /** Claimed (leased, in flight) but not started yet: started a few per turn. */
  const toStart: OutboxRow[] = [];
  let isStarting = false;
  let lastPumpAt = 0;

  function claim(rows: OutboxRow[], now: number, out: FeedChange[]): void {
    for (const row of rows) {
      const lease = now + options.channels().timeoutMs(row.channel) + LEASE_SLACK_MS;
      const claimed = { tries: row.tries + 1, last_try_at: now, next_at: lease };
      repo.updateOutbox(row.id, claimed);
      out.push({ kind: 'delivery', delivery: toDeliveryFeed({ ...row, ...claimed }) });
      const r = row.recipient === null ? undefined : repo.recipient(row.recipient);
      if (r) options.callouts.move(r, { type: 'attempted' }, now, out);
    }
  }

  function record(row: OutboxRow, outcome: DeliveryOutcome, now: number, out: FeedChange[]): void {
    const current = repo.delivery(row.id);
    if (current?.state !== 'pending') return;
    if (outcome.ok) {
      repo.updateOutbox(row.id, { state: 'delivered', done_at: now, last_error: null });
    } else {
      const next = afterFailure(current.tries, outcome.permanent, options.settings(), random());
      if (next.giveUp) repo.updateOutbox(row.id, { state: 'dead', done_at: now, last_error: outcome.reason });
      else repo.updateOutbox(row.id, { next_at: now + next.waitMs, last_error: outcome.reason });
    }
    const updated = repo.delivery(row.id) as OutboxRow;
    out.push({ kind: 'delivery', delivery: toDeliveryFeed(updated) });
    const r = row.recipient === null ? undefined : repo.recipient(row.recipient);
    if (outcome.ok && r) options.callouts.move(r, { type: 'delivered' }, now, out);
    if (updated.state === 'dead') {
      if (r)
        options.callouts.move(r, { type: 'gave_up', allGaveUp: repo.liveDeliveries(r.id) === 0 }, now, out);
      options.onDead(updated, now, out);
    }
  }

  // Outcomes are recorded, and the next rows claimed, in one transaction per pump: each commit is an fsync
  // (synchronous=FULL) that holds the event loop, so 300 deliveries must not cost 600 of them.
  const pumpTx = db.transaction((done: Completed[], due: OutboxRow[], now: number) => {
    const out: FeedChange[] = [];
    for (const { row, outcome } of done) record(row, outcome, now, out);
    claim(due, now, out);
    return out;
  });

  function message(row: OutboxRow): OutboundMessage {
    const r = row.recipient === null ? undefined : repo.recipient(row.recipient);
    const link = r ? options.linkFor(r) : undefined;
    return {
      idempotencyKey: row.idem_key,
      title: row.title,
      text: link ? row.text.replaceAll('{link}', link) : row.text,
      ...(link ? { link } : {}),
      recipient: {
        name: row.name,
        ...(row.mobile ? { mobile: row.mobile } : {}),
        ...(row.email ? { email: row.email } : {}),
      },
      drill: row.drill === 1,
    };
  }

  async function attempt(row: OutboxRow): Promise<void> {
    const channel = options.channels().get(row.channel);
    let outcome: DeliveryOutcome;
    if (!channel) {
      outcome = { ok: false, permanent: true, reason: `no channel "${row.channel}" in the config` };
    } else {
      const signal = AbortSignal.timeout(options.channels().timeoutMs(row.channel));
      try {
        outcome = await channel.send(message(row), signal);
      } catch (error) {
        // The interface says a channel never throws; one that does is treated as a transient failure.
        outcome = {
          ok: false,
          permanent: false,
          reason: error instanceof Error ? error.message : String(error),
        };
      }
    }
    if (CRASH_AT === 'delivery-sent' && outcome.ok) process.kill(process.pid, 'SIGKILL');
    if (!outcome.ok) {
      logger.warn('notify.delivery_failed', {
        delivery: row.id,
        channel: row.channel,
        person: row.person,
        try: row.tries + 1,
        permanent: outcome.permanent,
        reason: outcome.reason,
      });
    }
    completed.push({ row, outcome });
  }

  function drain(): void {
    isScheduled = false;
    lastPumpAt = Date.now();
    // After a stop, outcomes still come in and are recorded while the database is open: it is closed last.
    if (!db.open) return;
    if (CRASH_AT === 'outbox-written' && repo.nextDue() !== null) process.kill(process.pid, 'SIGKILL');
    const done = completed.splice(0);
    for (const { row } of done) inFlight.delete(row.id);
    const settings = options.settings();
    // Pumps are at least PUMP_MS apart, so claiming a PUMP_MS share of maxPerSecond each keeps to the rate.
    const share = Math.max(1, Math.round((settings.maxPerSecond * PUMP_MS) / 1000));
    const room = isStopped ? 0 : Math.min(share, settings.concurrency - inFlight.size);
    const now = clock.now();
    const due =
      room > 0
        ? repo
            .due(now, room + inFlight.size)
            .filter((r) => !inFlight.has(r.id))
            .slice(0, room)
        : [];
    if (done.length === 0 && due.length === 0) return;
    let changes: FeedChange[];
    try {
      changes = pumpTx(done, due, now);
    } catch (error) {
      // Nothing was recorded: the attempts' rows are retried after their lease, with the same key.
      options.onStorageError?.(error);
      logger.error('notify.pump_failed', { error: String(error) });
      return;
    }
    if (changes.length > 0) options.publish(changes);
    for (const row of due) inFlight.add(row.id);
    toStart.push(...due);
    startSome();
  }

  function startSome(): void {
    isStarting = false;
    // Stopping: what is claimed but not started stays leased, and is sent after the restart with its key.
    if (isStopped) toStart.length = 0;
    for (const row of toStart.splice(0, STARTS_PER_TURN)) {
      const p = attempt(row).finally(() => {
        pending.delete(p);
        kick();
      });
      pending.add(p);
    }
    if (toStart.length > 0 && !isStarting) {
      isStarting = true;
      setImmediate(startSome);
    }
  }

  /** Sends what is due now, after the current transaction has committed. */
  function kick(): void {
    if (isScheduled) return;
    isScheduled = true;
    // At most one pump per PUMP_MS: outcomes that arrive meanwhile share its transaction.
    const wait = Math.max(0, lastPumpAt + PUMP_MS - Date.now());
    if (wait === 0) setImmediate(drain);
    else setTimeout(drain, wait).unref();
  }

  const timer = setInterval(kick, options.pollMs ?? 250);
  timer.unref();

  return {
    kick,
    /** Stops sending; attempts in flight get up to 2 s to finish and be recorded (the rest are retried after a restart). */
    async stop(): Promise<void> {
      isStopped = true;
      clearInterval(timer);
      await Promise.race([Promise.allSettled([...pending]), new Promise((r) => setTimeout(r, 2000).unref())]);
      drain();
    },
    inFlight: () => inFlight.size,
  };
}
