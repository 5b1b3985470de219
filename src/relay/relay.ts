// Over 250 lines on purpose: the relay's wiring (county link, spool, forwarder, stats, stop) and its one piece of
// logic, deriving messages from the feed, share the cursor and catch-up state; a third is its options and stats.
import type { BackoffOptions } from '../client/backoff.js';
import { DEFAULT_HEARTBEAT_MS, LIVENESS_HEARTBEATS } from '../client/watch-connection.js';
import type { IncidentLevel } from '../domain/incident-level.js';
import { type Logger, silentLogger } from '../log/logger.js';
import type { FeedChange } from '../protocol/index.js';
import { placesOf } from './alert-places.js';
import { type CountyFeed, watchCounty } from './county-feed.js';
import { createForwarder, type Forwarder } from './forwarder.js';
import { type FeedCursor, openSpool } from './spool.js';
import {
  DEFAULT_RELAY_KINDS,
  type Derived,
  type IncidentMark,
  inTimeOrder,
  type RelayKind,
  type TranslateContext,
  translateChange,
} from './translate.js';

/** Delivered ids are remembered, and readings derived, this far back by default (7 days). */
export const DEFAULT_KEEP_MS = 7 * 24 * 3_600_000;

/** The CAP `sender` of the county's forwarded alerts unless told otherwise (`--cap-sender`). */
export const DEFAULT_CAP_SENDER = 'dutywatch-relay';

/** Everything {@link startRelay} needs. */
export type RelayOptions = {
  /** The county collector (its `/watch` feed). */
  from: string;
  /** A token the county lets watch (viewer or above). */
  fromToken: string;
  /** The city collector (its `/ingest`). */
  to: string;
  /** The city's source token for this relay. */
  token: string;
  /** Trusted CA for either collector behind a private certificate. */
  ca?: Buffer;
  /** The spool file (SQLite). */
  spoolPath: string;
  /** What to forward (default {@link DEFAULT_RELAY_KINDS}: readings and incidents). */
  kinds?: readonly RelayKind[];
  /** Incidents of this level or more serious are forwarded (default 4: all). */
  minLevel?: IncidentLevel;
  /** Missing persons count with deaths toward the level (default false, as the county config's default). */
  countMissingTowardLevel?: boolean;
  /** Stations whose readings are forwarded (default all). */
  stations?: readonly string[];
  /** The CAP `sender` of forwarded alerts (default {@link DEFAULT_CAP_SENDER}); the city's token must allow it. */
  capSender?: string;
  /** The CAP `senderName` of forwarded alerts, what the city's officers read (e.g. 汝川县应急管理局). */
  capSenderName?: string;
  /** How long delivered ids are remembered; nothing about an older time is derived (default 7 days). */
  keepMs?: number;
  logger?: Logger;
  now?: () => number;
  /** A stats line is logged this often; 0 turns it off (default one minute). */
  statsIntervalMs?: number;
  /** Both collectors' ping interval (`server.heartbeatSeconds`, default 15 s). */
  heartbeatMs?: number;
  backoff?: BackoffOptions;
  /** Delays before resending what the city could not take just then (default 500 ms doubling to 30 s). */
  retryBackoff?: BackoffOptions;
  /** Most messages per frame to the city (default 200). */
  maxBatch?: number;
};

/** How the relay is doing: for the stats line, the CLI and tests. */
export type RelayStats = {
  county: 'connecting' | 'up' | 'down' | 'refused';
  city: 'up' | 'down';
  /** The county feed position the spool is complete up to. */
  cursor: FeedCursor | undefined;
  /** Messages derived this run that were new to the spool. */
  spooled: number;
  /** Messages acked by the city this run. */
  forwarded: number;
  /** Of those, ones the city had already (resent after a lost ack). */
  duplicates: number;
  /** Messages dead-lettered this run. */
  deadLettered: number;
  /** In the spool now: waiting, delivered (remembered ids) and dead. */
  queued: number;
  delivered: number;
  dead: number;
};

/** A running relay. */
export type Relay = {
  stats(): RelayStats;
  /** Cuts the links as a network failure would; they reconnect and resume (tests, drills). */
  dropLinks(): void;
  /** Stops both links and closes the spool; whatever is unacked stays spooled for the next run. */
  stop(): Promise<void>;
};

/** Formats the stats as one log line's fields. */
export function statsFields(s: RelayStats): Record<string, unknown> {
  return {
    forwarded: s.forwarded,
    spooled: s.spooled,
    queued: s.queued,
    duplicates: s.duplicates,
    dead: s.dead,
    city: s.city,
    county: s.county,
    cursor: s.cursor ? `${s.cursor.epoch}:${s.cursor.seq}` : 'none',
  };
}

/**
 * Reports a county upward: follows the county collector's `/watch` feed, derives ingest messages of the chosen
 * kinds with stable ids, spools them with the feed cursor in one transaction, and forwards the spool in order to
 * the city collector's `/ingest` (see docs/RELAY.md).
 */
export function startRelay(options: RelayOptions): Relay {
  const logger = options.logger ?? silentLogger;
  const now = options.now ?? Date.now;
  const keepMs = options.keepMs ?? DEFAULT_KEEP_MS;
  const kinds = new Set(options.kinds ?? DEFAULT_RELAY_KINDS);
  const stations = options.stations ? new Set(options.stations) : undefined;
  const minLevel = options.minLevel ?? 4;
  const capSender = options.capSender ?? DEFAULT_CAP_SENDER;
  const countMissingTowardLevel = options.countMissingTowardLevel ?? false;
  const heartbeatMs = options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;

  const spool = openSpool(options.spoolPath);
  const pruned = spool.prune(now() - keepMs);
  let cursor = spool.cursor();
  let places = spool.places();
  let county: RelayStats['county'] = 'connecting';
  let spooled = 0;
  let isStopped = false;
  let stopping: Promise<void> | undefined;
  // Catching up: the queue was not empty when the city link came up; logged once it is.
  let catchUp: { since: number; forwarded: number } | undefined;

  const startCounts = spool.counts();
  logger.info('relay.starting', {
    from: options.from,
    to: options.to,
    spool: options.spoolPath,
    cursor: cursor ? `${cursor.epoch}:${cursor.seq}` : 'none',
    queued: startCounts.queued,
    dead: startCounts.dead,
    pruned,
    kinds: [...kinds].join(','),
    min_level: minLevel,
    stations: options.stations ? options.stations.join(',') : '*',
  });

  function derive(changes: readonly FeedChange[]): Derived[] {
    // Within one snapshot or delta an incident may come twice: the second sees what the first will spool.
    const marks = new Map<string, IncidentMark>();
    const ctx: TranslateContext = {
      stations,
      minLevel,
      countMissingTowardLevel,
      horizon: now() - keepMs,
      forwarded: (code) => marks.get(code) ?? spool.forwarded(code),
      capIssuer: { sender: capSender, senderName: options.capSenderName, places },
    };
    const derived: Derived[] = [];
    for (const change of inTimeOrder(changes)) {
      for (const message of translateChange(change, kinds, ctx)) {
        if (message.incident) marks.set(message.incident.code, message.incident);
        derived.push(message);
      }
    }
    return derived;
  }

  // What the link in (the county feed) and the link out (the forwarder) take alike from the relay's options.
  const linkOptions = {
    ...(options.ca ? { ca: options.ca } : {}),
    logger,
    ...(options.backoff ? { backoff: options.backoff } : {}),
  };

  const forwarder: Forwarder = createForwarder({
    url: options.to,
    token: options.token,
    ...linkOptions,
    spool,
    now,
    livenessMs: heartbeatMs * LIVENESS_HEARTBEATS,
    ...(options.retryBackoff ? { retryBackoff: options.retryBackoff } : {}),
    ...(options.maxBatch !== undefined ? { maxBatch: options.maxBatch } : {}),
    onLink(isUp) {
      if (isUp && spool.head(1).length > 0) catchUp = { since: now(), forwarded: 0 };
      if (!isUp) catchUp = undefined;
      logStats();
    },
    onDelivered(count) {
      if (!catchUp) return;
      catchUp.forwarded += count;
      if (spool.head(1).length > 0) return;
      logger.info('relay.caught_up', { forwarded: catchUp.forwarded, ms: now() - catchUp.since });
      catchUp = undefined;
    },
  });

  const countyFeed: CountyFeed = watchCounty({
    url: options.from,
    token: options.fromToken,
    ...linkOptions,
    heartbeatMs,
    cursor: () => cursor,
    take(changes, next, source) {
      if (stopping) throw new Error('the relay is stopping');
      const derived = derive(changes);
      const added = spool.append(derived, next, now());
      cursor = next;
      spooled += added;
      if (source === 'snapshot') {
        logger.info('relay.snapshot_taken', {
          epoch: next.epoch,
          seq: next.seq,
          derived: derived.length,
          spooled: added,
        });
      }
      if (added > 0) forwarder.wake();
    },
    onLink(status) {
      county = status;
      logStats();
    },
    onSnapshot(snapshot) {
      places = placesOf(snapshot);
      spool.setPlaces(places);
    },
  });

  function stats(): RelayStats {
    const f = forwarder.stats();
    const counts = spool.counts();
    return {
      county,
      city: f.isConnected ? 'up' : 'down',
      cursor,
      spooled,
      forwarded: f.forwarded,
      duplicates: f.duplicates,
      deadLettered: f.deadLettered,
      ...counts,
    };
  }

  function logStats(): void {
    if (!isStopped) logger.info('relay.stats', statsFields(stats()));
  }

  const statsInterval = options.statsIntervalMs ?? 60_000;
  const statsTimer = statsInterval > 0 ? setInterval(logStats, statsInterval) : undefined;
  statsTimer?.unref();
  const pruneTimer = setInterval(() => spool.prune(now() - keepMs), 3_600_000);
  pruneTimer.unref();

  return {
    stats,
    dropLinks() {
      countyFeed.drop();
      forwarder.drop();
    },
    stop() {
      stopping ??= (async () => {
        clearInterval(statsTimer);
        clearInterval(pruneTimer);
        await countyFeed.close();
        await forwarder.close();
        const last = stats();
        isStopped = true;
        logger.info('relay.stopped', statsFields(last));
        spool.close();
      })();
      return stopping;
    },
  };
}
