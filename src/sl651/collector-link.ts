import type { BackoffOptions } from '../client/backoff.js';
import type { IngestReply } from '../client/ingest-client.js';
import { createIngestLink, isTransient } from '../client/ingest-link.js';
import type { Logger } from '../log/logger.js';
import type { ErrorCode, Reading } from '../protocol/index.js';

/** How the collector answered a reading. */
export type Settled = { outcome: 'acked' | 'duplicate' | 'refused'; code?: ErrorCode };

/** Counters of the link, for the stats line. */
export type LinkStats = {
  isConnected: boolean;
  pending: number;
  sent: number;
  acked: number;
  duplicates: number;
  refused: number;
  reconnects: number;
};

/** Where the collector is, how to authenticate, and how patient to be. */
export type CollectorLinkOptions = {
  url: string;
  token: string;
  ca?: Buffer;
  logger: Logger;
  backoff?: BackoffOptions;
  /** Readings held at most while the collector is away; past this, new ones are turned away. */
  maxPending?: number;
  /** Wait before resending a reading the collector could not take just then (RATE_LIMITED, STORAGE_*). */
  retryMs?: number;
};

type Entry = { reading: Reading; hex: string; waiters: ((settled: Settled) => void)[]; isSent: boolean };

/** The link as the gateway uses it. */
export type CollectorLink = {
  /** Queues a reading; `onSettled` runs when the collector answers. False when the outbox is full. */
  enqueue(reading: Reading, hex: string, onSettled: (settled: Settled) => void): boolean;
  stats: () => LinkStats;
  /** Stops reconnecting and closes the link; unacked readings are logged as lost by the caller. */
  close(): void;
};

/**
 * One `/ingest` connection with an outbox: readings wait in memory under their stable ids until acked, and
 * whatever was unanswered when the link dropped is sent again after the reconnect (the collector stores each
 * id once, DESIGN.md "Idempotency"). Permanent refusals are logged with the frame hex and dropped.
 */
export function createCollectorLink(options: CollectorLinkOptions): CollectorLink {
  const { logger } = options;
  const backoff = options.backoff ?? { initialMs: 250, maxMs: 10_000 };
  const maxPending = options.maxPending ?? 100_000;
  const retryMs = options.retryMs ?? 2000;
  const pending = new Map<string, Entry>();
  const stats: LinkStats = {
    isConnected: false,
    pending: 0,
    sent: 0,
    acked: 0,
    duplicates: 0,
    refused: 0,
    reconnects: 0,
  };
  let retryTimer: NodeJS.Timeout | undefined;

  function sendUnsent(): void {
    if (!link.isConnected) return;
    for (const entry of pending.values()) {
      if (entry.isSent) continue;
      link.send(JSON.stringify(entry.reading));
      entry.isSent = true;
      stats.sent += 1;
    }
  }

  function settle(id: string, entry: Entry, settled: Settled): void {
    pending.delete(id);
    for (const waiter of entry.waiters) waiter(settled);
  }

  function onReply(reply: IngestReply): void {
    if (reply.id === null) {
      logger.warn('sl651.collector_error', { code: reply.type === 'error' ? reply.code : 'ack' });
      return;
    }
    const entry = pending.get(reply.id);
    if (!entry) return;
    if (reply.type === 'ack') {
      stats.acked += 1;
      if (reply.duplicate) stats.duplicates += 1;
      settle(reply.id, entry, { outcome: reply.duplicate ? 'duplicate' : 'acked' });
      return;
    }
    if (isTransient(reply.code)) {
      entry.isSent = false;
      logger.warn('sl651.reading_deferred', { id: reply.id, code: reply.code, retry_ms: retryMs });
      clearTimeout(retryTimer);
      retryTimer = setTimeout(sendUnsent, retryMs);
      return;
    }
    stats.refused += 1;
    logger.warn('sl651.reading_refused', {
      id: reply.id,
      code: reply.code,
      message: reply.message,
      hex: entry.hex,
    });
    settle(reply.id, entry, { outcome: 'refused', code: reply.code });
  }

  const link = createIngestLink({
    url: options.url,
    token: options.token,
    ...(options.ca ? { ca: options.ca } : {}),
    backoff,
    onOpen() {
      logger.info('sl651.collector_connected', { url: options.url, pending: pending.size });
      // Whatever was sent but never answered may or may not be stored: send it again, the ids make it safe.
      for (const entry of pending.values()) entry.isSent = false;
      sendUnsent();
    },
    onReply,
    onLost(code) {
      stats.reconnects += 1;
      logger.warn('sl651.collector_lost', { code, pending: pending.size });
    },
    onUnreachable(reason) {
      logger.warn('sl651.collector_unreachable', { url: options.url, reason });
    },
    onSocketError(reason) {
      logger.warn('sl651.collector_error', { reason });
    },
  });

  return {
    /**
     * Queues a reading; `onSettled` runs when the collector answers. A reading already queued under the same
     * id (a terminal's retry) is not sent twice: its answer goes to both. False when the outbox is full.
     */
    enqueue(reading: Reading, hex: string, onSettled: (settled: Settled) => void): boolean {
      const existing = pending.get(reading.id);
      if (existing) {
        existing.waiters.push(onSettled);
        return true;
      }
      if (pending.size >= maxPending) return false;
      pending.set(reading.id, { reading, hex, waiters: [onSettled], isSent: false });
      sendUnsent();
      return true;
    },
    stats: (): LinkStats => ({ ...stats, isConnected: link.isConnected, pending: pending.size }),
    /** Stops reconnecting and closes the link; unacked readings are logged as lost by the caller. */
    close(): void {
      clearTimeout(retryTimer);
      void link.close();
    },
  };
}
