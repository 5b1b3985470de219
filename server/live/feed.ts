// Over 250 lines on purpose: the feed's coalescing, numbering, resume window and slow-watcher back-pressure share
// one sequence number and one set of watchers; split, each part would need the others' state.
import { randomUUID } from 'node:crypto';
import type { WebSocket } from 'ws';
import {
  type ClockMessage,
  type Delta,
  type FeedChange,
  PROTOCOL_VERSION,
  type ReadingPoint,
  type Snapshot,
  type StorageStatus,
} from '../../src/protocol/index.js';
import type { Clock } from '../clock.js';
import type { ConfigIndex } from '../config-index.js';
import type { Change } from '../ingest/changes.js';
import { boundedHistory, type LivePicture } from './live-picture.js';
import { encodeSnapshot, type SnapshotExtras } from './snapshot.js';
import { createStationEntries } from './station-entries.js';

export type FeedOptions = {
  index: () => ConfigIndex;
  picture: LivePicture;
  /** The engine's part of the snapshot: duty, alerts, reporting clocks, recent audit entries. */
  extras: (now: number) => SnapshotExtras;
  clock: Clock;
  clockRate?: number;
  /** Set when the clock was set by hand (`serve --clock`, the demo): snapshots say it is a drill. */
  simulatedClock?: { startedAt: number; rate: number };
  /** Whether the database takes writes, carried by snapshots and clock messages (default: always ok). */
  storage?: () => StorageStatus;
  /** Changes are coalesced for this long into one delta (0: one delta per commit). */
  intervalMs?: number;
  /** Deltas kept for resuming watchers: at most this many, and at most `windowBytes` encoded. */
  windowDeltas?: number;
  windowBytes?: number;
  /** A watcher with more than this buffered is stalled: no more deltas, one snapshot when it drains. */
  highWaterBytes?: number;
  lowWaterBytes?: number;
  /** An idle feed sends a `clock` message this often. */
  idleClockMs?: number;
};

// Changes that replace an entity: within one delta only the latest of each matters.
function replaceKey(change: FeedChange): string | undefined {
  switch (change.kind) {
    case 'stock':
      return `s:${change.stock.warehouse}:${change.stock.item}`;
    case 'incident':
      return `i:${change.incident.code}`;
    case 'alert':
      return `a:${change.alert.id}`;
    case 'obligation':
      return `o:${change.obligation.id}`;
    case 'duty':
      return 'd';
    case 'callout':
      return `c:${change.callout.id}`;
    case 'callout.recipient':
      return `cr:${change.recipient.id}`;
    case 'delivery':
      return `dl:${change.delivery.id}`;
    case 'team':
      return `t:${change.team.code}`;
    case 'reading':
    case 'log':
      return undefined;
  }
}

// `fullHistory`: this watcher (a relay) asked for snapshots with every station's whole history, unthinned.
// `snapshotBytes`: the size of the last snapshot sent to it, which may still be queued (see deliver).
type Watcher = { ws: WebSocket; isStalled: boolean; fullHistory: boolean; snapshotBytes: number };
type Kept = { seq: number; frame: string };

export type Feed = {
  /** Names this run of the feed: a watcher resumes by `seq` only within the same epoch. */
  epoch: string;
  /** The seq of the latest delta. */
  readonly seq: number;
  readonly watcherCount: number;
  /** Takes committed changes from the ingest path, applies them to the live picture and queues them. */
  publish(changes: Change[]): void;
  /** Queues changes the alert engine committed (alerts, clocks, audit entries, duty). */
  publishFeed(changes: FeedChange[]): void;
  /**
   * Adds a watcher: the deltas it missed since `resume.since` when they are still kept, else a snapshot — with
   * every station's whole history when `fullHistory` (a relay forwards readings; a screen needs only the thinned).
   */
  attach(ws: WebSocket, resume: { since?: number; epoch?: string }, fullHistory?: boolean): void;
  /**
   * One station's whole bounded history as of the latest delta (`seq`), pending changes sent first; undefined
   * for a station the county does not have (`history.get`).
   */
  stationHistory(code: string): { seq: number; history: ReadingPoint[] } | undefined;
  /** Tells every watcher the storage status now, in a clock message. */
  announceStorage(): void;
  /** The snapshot as it would be sent now (tests, benchmarks, `dutywatch handover`). */
  snapshot: () => Snapshot;
  /** The same as the frame a new watcher gets: the JSON's UTF-8 (benchmarks time it). */
  encodedSnapshot: () => Buffer;
  /** Sends every pending change now (shutdown, tests). */
  flush: () => void;
  close(): void;
};

/**
 * The live feed: turns committed changes into numbered deltas, fans each out as one encoded frame to every
 * watcher, keeps a bounded window for resumes, and never queues unboundedly for a slow watcher — past the
 * high-water mark it stops sending and, once the socket drains, sends one fresh snapshot instead.
 */
export function createFeed(options: FeedOptions): Feed {
  const intervalMs = options.intervalMs ?? 20;
  const windowDeltas = options.windowDeltas ?? 10_000;
  const windowBytes = options.windowBytes ?? 8 * 1024 * 1024;
  const highWater = options.highWaterBytes ?? 1024 * 1024;
  const lowWater = options.lowWaterBytes ?? 64 * 1024;
  const clockRate = options.clockRate ?? 1;
  const epoch = randomUUID().slice(0, 8);
  const watchers = new Set<Watcher>();
  const kept: Kept[] = [];
  let keptBytes = 0;
  let seq = 0;
  let pending: FeedChange[] = [];
  const pendingIndex = new Map<string, number>();
  let isFlushScheduled = false;
  // The coalescing timer while one runs, so an urgent change can cut it short.
  let flushTimer: NodeJS.Timeout | undefined;
  let lastSentAt = Date.now();
  // UTF-8, encoded once: a snapshot of 5,000 gauges is 7.5 MB, and measuring or encoding the text again per
  // watcher cost as much as building it.
  type Encoded = { frame: Buffer; bytes: number };
  type Cached = Encoded & { seq: number; storage: StorageStatus; builtAt: number };
  // One per kind: the thinned snapshot screens take, and the whole-history one relays take.
  const snapshotCache: { thinned?: Cached; full?: Cached } = {};
  const stationEntries = createStationEntries();
  const stopWarming = stationEntries.warm(options.index().config, options.picture);
  const storage = options.storage ?? (() => 'ok' as const);

  // Many watchers reconnecting at once share one encoding; a cached one is reused only briefly, because its
  // `now` is what the watcher measures every age against.
  function snapshotFrame(resync: boolean, fullHistory = false): Encoded {
    const real = Date.now();
    const status = storage();
    const kind = fullHistory ? 'full' : 'thinned';
    const cached = snapshotCache[kind];
    if (!resync && cached?.seq === seq && cached.storage === status && real - cached.builtAt < 1000)
      return cached;
    const now = options.clock.now();
    const meta = {
      epoch,
      seq,
      now,
      clockRate,
      resync,
      storage: status,
      ...(options.simulatedClock ? { simulatedClock: options.simulatedClock } : {}),
    };
    const frame = encodeSnapshot(
      options.index(),
      options.picture,
      stationEntries,
      options.extras(now),
      meta,
      {
        fullHistory,
      },
    );
    const bytes = frame.length;
    if (!resync) snapshotCache[kind] = { seq, storage: status, frame, bytes, builtAt: real };
    return { frame, bytes };
  }

  /** The snapshot frame a new watcher would get now: pending changes sent first, as they are for a new watcher. */
  function encodedSnapshot(): Buffer {
    flush();
    return snapshotFrame(false).frame;
  }

  function sendClock(): void {
    const clock: ClockMessage = {
      v: PROTOCOL_VERSION,
      type: 'clock',
      now: options.clock.now(),
      clockRate,
      seq,
      storage: storage(),
    };
    const frame = JSON.stringify(clock);
    for (const watcher of watchers) deliver(watcher, frame);
    lastSentAt = Date.now();
  }

  function queue(change: FeedChange): void {
    const key = replaceKey(change);
    const at = key === undefined ? undefined : pendingIndex.get(key);
    if (at !== undefined) {
      pending[at] = change;
      return;
    }
    if (key !== undefined) pendingIndex.set(key, pending.length);
    pending.push(change);
  }

  function flush(): void {
    isFlushScheduled = false;
    clearTimeout(flushTimer);
    flushTimer = undefined;
    if (pending.length === 0) return;
    seq += 1;
    const delta: Delta = {
      v: PROTOCOL_VERSION,
      type: 'delta',
      epoch,
      seq,
      now: options.clock.now(),
      changes: pending,
    };
    pending = [];
    pendingIndex.clear();
    const frame = JSON.stringify(delta);
    kept.push({ seq, frame });
    keptBytes += frame.length;
    while (kept.length > windowDeltas || (keptBytes > windowBytes && kept.length > 1)) {
      keptBytes -= (kept.shift() as Kept).frame.length;
    }
    for (const watcher of watchers) deliver(watcher, frame);
    lastSentAt = Date.now();
  }

  // Alerts are rare and urgent: a delta carrying one goes out at once instead of waiting out the coalescing. The
  // usual case is a crossing: its reading's commit has already started the coalescing timer when the engine's
  // alert arrives, so an urgent flush must cut that wait short, not queue behind it (issue 19: ~20 ms a crossing).
  function scheduleFlush(isUrgent = false): void {
    if (pending.length === 0) return;
    const isImmediate = intervalMs === 0 || isUrgent;
    if (isFlushScheduled && (flushTimer === undefined || !isImmediate)) return;
    clearTimeout(flushTimer);
    flushTimer = undefined;
    isFlushScheduled = true;
    if (isImmediate) setImmediate(flush);
    else flushTimer = setTimeout(flush, intervalMs);
  }

  // A snapshot can be larger than the high-water mark (a county of hundreds of gauges), and it sits in the send
  // buffer while it is compressed and drains: judged against the mark alone, the first delta after it would stall
  // the watcher, whose resync snapshot would stall it again, a loop of snapshots on any link slower than the
  // deltas. So a watcher may hold its last snapshot beyond the mark: still bounded, one snapshot plus the mark.
  function deliver(watcher: Watcher, frame: string): void {
    if (watcher.ws.readyState !== watcher.ws.OPEN) return;
    if (watcher.isStalled) return;
    if (watcher.ws.bufferedAmount > highWater + watcher.snapshotBytes) {
      watcher.isStalled = true;
      return;
    }
    watcher.ws.send(frame);
  }

  function sendSnapshot(watcher: Watcher, resync: boolean): void {
    const snapshot = snapshotFrame(resync, watcher.fullHistory);
    watcher.snapshotBytes = snapshot.bytes;
    // A text frame: the bytes are the JSON's UTF-8.
    watcher.ws.send(snapshot.frame, { binary: false });
  }

  // Stalled watchers are checked on a timer, not only on new deltas: a quiet county must still resync them.
  const drainTimer = setInterval(() => {
    for (const watcher of watchers) {
      if (
        watcher.isStalled &&
        watcher.ws.bufferedAmount <= lowWater &&
        watcher.ws.readyState === watcher.ws.OPEN
      ) {
        watcher.isStalled = false;
        sendSnapshot(watcher, true);
      }
    }
    if (Date.now() - lastSentAt >= (options.idleClockMs ?? 5000)) sendClock();
  }, 100);
  drainTimer.unref();

  return {
    epoch,
    get seq() {
      return seq;
    },
    get watcherCount() {
      return watchers.size;
    },
    /** Takes committed changes from the ingest path, applies them to the live picture and queues them. */
    publish(changes: Change[]): void {
      for (const change of options.picture.applyCommit(changes)) queue(change);
      scheduleFlush();
    },
    /** Queues changes the alert engine committed (alerts, clocks, audit entries, duty). */
    publishFeed(changes: FeedChange[]): void {
      for (const change of changes) queue(change);
      scheduleFlush(changes.some((c) => c.kind === 'alert'));
    },

    /**
     * Adds a watcher. With a `since` from this epoch whose deltas are still kept, it gets exactly the deltas it
     * missed; otherwise a snapshot (marked resync when it asked to resume).
     */
    attach(ws: WebSocket, resume: { since?: number; epoch?: string }, fullHistory = false): void {
      flush();
      const watcher: Watcher = { ws, isStalled: false, fullHistory, snapshotBytes: 0 };
      watchers.add(watcher);
      ws.once('close', () => watchers.delete(watcher));
      const { since } = resume;
      const oldestKept = kept[0]?.seq ?? seq + 1;
      const canResume =
        since !== undefined && resume.epoch === epoch && since <= seq && since >= oldestKept - 1;
      if (!canResume) {
        sendSnapshot(watcher, since !== undefined);
        return;
      }
      for (const k of kept) if (k.seq > since) deliver(watcher, k.frame);
    },
    /**
     * Tells every watcher the storage status now, in a clock message, instead of at the next idle tick.
     * Pending changes go first, so the clock's `seq` is one the watchers have.
     */
    announceStorage(): void {
      flush();
      sendClock();
    },
    /**
     * The snapshot as it would be sent now (tests, benchmarks, `dutywatch handover`). Pending changes go out first,
     * as for a new watcher: a snapshot cached at the current seq must not hide what was committed since. Parsed
     * back from the frame, it is exactly what a watcher receives.
     */
    snapshot: (): Snapshot => JSON.parse(encodedSnapshot().toString()) as Snapshot,
    encodedSnapshot,
    stationHistory(code: string): { seq: number; history: ReadingPoint[] } | undefined {
      if (!options.index().stations.has(code)) return undefined;
      // What is pending is applied to the picture already: sent first, the history is exactly the picture at `seq`.
      flush();
      return { seq, history: boundedHistory(options.picture.histories.get(code) ?? []) };
    },
    /** Sends every pending change now (shutdown, tests). */
    flush,
    close(): void {
      clearInterval(drainTimer);
      stopWarming();
      flush();
    },
  };
}
