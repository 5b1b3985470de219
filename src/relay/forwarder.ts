// Over 250 lines on purpose: sending the spool in order, one frame in flight, with retries, dead letters and
// reconnects, all on the one in-flight frame and its timers; the link and backoff themselves live in src/client.
import { createHash } from 'node:crypto';
import { type BackoffOptions, backoffDelay } from '../client/backoff.js';
import type { IngestReply } from '../client/ingest-client.js';
import { createIngestLink, isTransient } from '../client/ingest-link.js';
import type { Logger } from '../log/logger.js';
import { MAX_BATCH_MESSAGES } from '../protocol/index.js';
import type { Spool, SpooledMessage } from './spool.js';

/** Where the city is and how to send to it. */
export type ForwarderOptions = {
  url: string;
  token: string;
  ca?: Buffer;
  spool: Spool;
  logger: Logger;
  now: () => number;
  /** Reconnection delays (default 250 ms doubling to 30 s). */
  backoff?: BackoffOptions;
  /** Delays before resending what the city could not take just then (default 500 ms doubling to 30 s). */
  retryBackoff?: BackoffOptions;
  /** Silence on the city link this long ends it (default: TCP decides). */
  livenessMs?: number;
  /** Most messages in one frame (default 200; the protocol allows 500 in a batch). */
  maxBatch?: number;
  /** Most bytes of message text in one frame (default 128 KiB, half the collector's default frame limit). */
  maxBatchBytes?: number;
  /** A frame unanswered this long means the link is dead: it is dropped and everything resent (default 60 s). */
  replyTimeoutMs?: number;
  /** Told after every ack, with how many messages it covered. */
  onDelivered?(count: number): void;
  /** Told when the city link comes up or goes down. */
  onLink?(isUp: boolean): void;
};

/** What the forwarder has done since it started. */
export type ForwarderStats = {
  isConnected: boolean;
  /** Messages acked by the city (including those it already had). */
  forwarded: number;
  /** Of those, acked as duplicates: the city had them from an earlier attempt. */
  duplicates: number;
  deadLettered: number;
  /** Frames the city asked us to send again later (RATE_LIMITED, STORAGE_FULL …). */
  deferred: number;
  frames: number;
  reconnects: number;
};

type InFlight = { frameId: string; messages: SpooledMessage[] };

/** Alerts go up as `cap` messages, which the protocol does not allow inside a batch. */
const isStandalone = (m: SpooledMessage) => m.kind === 'alerts';

/** `rb:<hash of the bodies>`: the same messages make the same batch, so a resent batch is a duplicate. */
function batchFrame(messages: readonly SpooledMessage[]): { id: string; text: string } {
  if (messages.length === 1) {
    const only = messages[0] as SpooledMessage;
    return { id: only.id, text: only.body };
  }
  const bodies = messages.map((m) => m.body);
  const id = `rb:${createHash('sha256').update(bodies.join('\n')).digest('base64url')}`;
  return { id, text: `{"type":"batch","id":"${id}","messages":[${bodies.join(',')}]}` };
}

/** The inner message a batch refusal names (`path` `messages[3].station` → 3). */
function culpritIndex(reply: IngestReply, size: number): number | undefined {
  if (reply.type !== 'error') return undefined;
  if (size === 1) return 0;
  const match = /^messages\[(\d+)\]/.exec(reply.path ?? '') ?? /^messages\[(\d+)\]/.exec(reply.message);
  const index = match ? Number(match[1]) : Number.NaN;
  return index < size ? index : undefined;
}

/** A running forwarder. */
export type Forwarder = {
  /** New messages were spooled: send them if the link is free. */
  wake: () => void;
  stats: () => ForwarderStats;
  /** Cuts the city link as a network failure would (tests, drills). */
  drop: () => void;
  /** Stops sending; an unanswered frame stays in the spool and is sent again by the next run. */
  close(): Promise<void>;
};

/**
 * Sends the spool to the city's `/ingest` in spool order, one frame at a time: the head of the queue as a
 * `batch` (stored all or nothing, inner messages in order) or a single message, the next frame only after the
 * answer to this one. So the city stores everything in spool order even across refusals and reconnects, and a
 * message leaves the spool only when acked. A permanent refusal dead-letters the one message at fault (named by
 * the batch error's path) and the rest go on; a transient one is retried with backoff; a lost link is
 * reconnected and the unanswered frame resent (the ids make it safe).
 */
export function createForwarder(options: ForwarderOptions): Forwarder {
  const { spool, logger, now } = options;
  const maxBatch = Math.min(options.maxBatch ?? 200, MAX_BATCH_MESSAGES);
  const maxBatchBytes = options.maxBatchBytes ?? 128 * 1024;
  const retryBackoff = options.retryBackoff ?? { initialMs: 500, maxMs: 30_000 };
  const replyTimeoutMs = options.replyTimeoutMs ?? 60_000;
  const stats: Omit<ForwarderStats, 'isConnected'> = {
    forwarded: 0,
    duplicates: 0,
    deadLettered: 0,
    deferred: 0,
    frames: 0,
    reconnects: 0,
  };
  let inFlight: InFlight | undefined;
  // Shrinks when a batch is refused without naming the message at fault (to 1), when the city rate-limits or
  // a frame is too big (halved); doubles back on every ack.
  let limit = maxBatch;
  // The most a frame may hold on this city: lowered for good when one was too big (close 1009).
  let ceiling = maxBatch;
  let retryAttempt = 0;
  let retryTimer: NodeJS.Timeout | undefined;
  let replyTimer: NodeJS.Timeout | undefined;
  let isClosed = false;

  function fitting(messages: SpooledMessage[]): SpooledMessage[] {
    // A CAP document may not travel inside a batch (PROTOCOL.md §3.7): it goes alone, in its place in the queue.
    if (messages[0] && isStandalone(messages[0])) return [messages[0]];
    let bytes = 0;
    let n = 0;
    for (const m of messages) {
      bytes += Buffer.byteLength(m.body) + 1;
      if ((n > 0 && bytes > maxBatchBytes) || isStandalone(m)) break;
      n += 1;
    }
    return messages.slice(0, n);
  }

  function pump(): void {
    if (isClosed || inFlight || retryTimer !== undefined || !link.isConnected) return;
    let messages: SpooledMessage[];
    try {
      messages = fitting(spool.head(limit));
    } catch (error) {
      logger.error('relay.spool_error', { reason: String(error) });
      retryLater();
      return;
    }
    if (messages.length === 0) return;
    const frame = batchFrame(messages);
    inFlight = { frameId: frame.id, messages };
    clearTimeout(replyTimer);
    replyTimer = setTimeout(() => {
      logger.warn('relay.city_silent', { id: frame.id, after_ms: replyTimeoutMs });
      link.drop();
    }, replyTimeoutMs);
    if (link.send(frame.text)) stats.frames += 1;
  }

  function retryLater(): number {
    const delay = Math.max(100, backoffDelay(retryAttempt, retryBackoff));
    retryAttempt += 1;
    clearTimeout(retryTimer);
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      pump();
    }, delay);
    return delay;
  }

  function bury(message: SpooledMessage, code: string, reason: string): void {
    spool.deadLetter(message.id, code, reason, now());
    stats.deadLettered += 1;
    logger.error('relay.dead_letter', {
      id: message.id,
      kind: message.kind,
      code,
      reason,
      spool_seq: message.seq,
    });
  }

  function settle(frame: InFlight, reply: IngestReply): void {
    if (reply.type === 'ack') {
      spool.delivered(
        frame.messages.map((m) => m.id),
        now(),
        reply.duplicate === true,
      );
      stats.forwarded += frame.messages.length;
      if (reply.duplicate) stats.duplicates += frame.messages.length;
      retryAttempt = 0;
      limit = Math.min(ceiling, limit * 2);
      options.onDelivered?.(frame.messages.length);
      return;
    }
    if (isTransient(reply.code)) {
      stats.deferred += 1;
      // A batch counts each message against the token's rate: one over the burst would never pass.
      if (reply.code === 'RATE_LIMITED') limit = Math.max(1, Math.floor(frame.messages.length / 2));
      const delay = retryLater();
      logger.warn('relay.city_deferred', {
        id: frame.frameId,
        code: reply.code,
        messages: frame.messages.length,
        retry_ms: delay,
      });
      return;
    }
    const index = culpritIndex(reply, frame.messages.length);
    const culprit = index === undefined ? undefined : frame.messages[index];
    if (!culprit) {
      // Refused as a whole without naming the message at fault: send one at a time until it shows itself.
      limit = 1;
      logger.warn('relay.batch_refused', { id: frame.frameId, code: reply.code, reason: reply.message });
      return;
    }
    // The rest of a refused batch was not stored (all or nothing); it goes again in the next frame.
    bury(culprit, reply.code, reply.message);
  }

  function onReply(reply: IngestReply): void {
    const frame = inFlight;
    // Only one frame is ever unanswered on a link; anything else is a late answer from before a reconnect.
    if (!frame || (reply.id !== null && reply.id !== frame.frameId)) return;
    inFlight = undefined;
    clearTimeout(replyTimer);
    try {
      settle(frame, reply);
    } catch (error) {
      // The spool could not record the outcome; the message stays queued and is sent again (a duplicate).
      logger.error('relay.spool_error', { reason: String(error) });
      retryLater();
      return;
    }
    pump();
  }

  const link = createIngestLink({
    url: options.url,
    token: options.token,
    ...(options.ca ? { ca: options.ca } : {}),
    backoff: options.backoff ?? { initialMs: 250, maxMs: 30_000 },
    ...(options.livenessMs !== undefined ? { livenessMs: options.livenessMs } : {}),
    onOpen() {
      logger.info('relay.city_up', { url: options.url });
      options.onLink?.(true);
      inFlight = undefined;
      pump();
    },
    onReply,
    onLost(code) {
      stats.reconnects += 1;
      clearTimeout(replyTimer);
      const frame = inFlight;
      inFlight = undefined;
      // 1009: the frame was over the city's size limit. Smaller frames next; a single message that is too big
      // can never be taken.
      if (frame && code === 1009) {
        if (frame.messages.length === 1)
          bury(frame.messages[0] as SpooledMessage, 'FRAME_TOO_BIG', 'close 1009');
        else {
          ceiling = Math.max(1, Math.floor(frame.messages.length / 2));
          limit = ceiling;
        }
      }
      logger.warn('relay.city_down', { code, unanswered: frame?.messages.length ?? 0 });
      options.onLink?.(false);
    },
    onUnreachable(reason) {
      logger.warn('relay.city_unreachable', { url: options.url, reason });
    },
    onSocketError(reason) {
      logger.warn('relay.city_error', { reason });
    },
  });

  return {
    /** New messages were spooled: send them if the link is free. */
    wake: pump,
    stats: (): ForwarderStats => ({ ...stats, isConnected: link.isConnected }),
    /** Cuts the city link as a network failure would (tests, drills). */
    drop: () => link.drop(),
    /** Stops sending; an unanswered frame stays in the spool and is sent again by the next run. */
    async close(): Promise<void> {
      isClosed = true;
      clearTimeout(retryTimer);
      clearTimeout(replyTimer);
      await link.close();
    },
  };
}
