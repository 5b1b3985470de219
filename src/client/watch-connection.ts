// Over 250 lines on purpose: one link's whole lifecycle (connect, liveness, resume, backoff, refusal, oversize)
// shares its mutable state; split, each part would need the others' timers. Item 9 of issue 18 would split it.
import WebSocket from 'ws';
import { decodeServerMessage, FULL_HISTORY_PARAM, SUBPROTOCOL } from '../protocol/index.js';
import { type BackoffOptions, backoffDelay, DEFAULT_BACKOFF } from './backoff.js';
import { closeSocket } from './close-socket.js';
import { endpointUrl } from './endpoint-url.js';
import {
  createPendingReplies,
  type HistoryAnswer,
  type WatchReply,
  type WatchRequest,
} from './pending-replies.js';
import { readRefusalReason } from './refusal-reason.js';
import type { WatchEvent, WatchPosition } from './watch-events.js';

/** What {@link connectWatch} needs: where, who, and the store to feed. */
export type WatchConnectionOptions = {
  /** The collector's address (`ws://host:port`) or its full `/watch` URL. */
  url: string;
  token: string;
  /** Told every frame and every change of the link's health. */
  dispatch(event: WatchEvent): void;
  /** Where the picture fed by the link stands, read before each resume and after each frame. */
  getState(): WatchPosition;
  /** Local clock; every action is stamped with it. */
  now?: () => number;
  /**
   * The collector's ping interval until two pings have measured it; silence for 2.5 intervals ends the link.
   */
  heartbeatMs?: number;
  backoff?: BackoffOptions;
  WebSocketImpl?: typeof WebSocket;
  /** Told about frames dropped as malformed and error replies nobody waits for; never thrown. */
  onWarning?: (message: string) => void;
  /** Source of jitter (tests pin it). */
  random?: () => number;
  /** Trusted CA for a collector with a private certificate (`wss://`). */
  ca?: Buffer;
  /** The largest frame taken from the collector (default {@link MAX_FRAME_BYTES}); a bigger snapshot is refused. */
  maxFrameBytes?: number;
  /**
   * Ask for snapshots with every station's whole history, never thinned (`?history=full`): a relay forwards every
   * reading it missed; a screen takes the thinned one and asks for a station's whole history when it needs it.
   */
  fullHistory?: boolean;
};

/** A live link to `/watch`; it reconnects by itself until closed or refused. */
export type WatchConnection = {
  /** Sends an action; resolves with its ack or error reply, rejects if the link drops first. */
  send(message: WatchRequest): Promise<WatchReply>;
  /**
   * Asks for one station's whole history (`history.get`). The answer also reaches `dispatch` like every frame, so
   * the picture takes it whoever waits; resolves with it, rejects if the link drops first.
   */
  readHistory(station: string, id: string): Promise<HistoryAnswer>;
  /** Cuts the link as a network failure would (no close handshake); the connection then resumes as after one. */
  drop(): void;
  /** Closes for good; resolves once the socket is closed. */
  close(): Promise<void>;
};

/** The collector pings every 15 s by default (`server.heartbeatSeconds`). */
export const DEFAULT_HEARTBEAT_MS = 15_000;

/** Silence longer than this many heartbeats means the link is dead even if TCP has not noticed. */
export const LIVENESS_HEARTBEATS = 2.5;

/** Shortest and longest ping interval believed; the collector allows 1–600 s (`server.heartbeatSeconds`). */
export const HEARTBEAT_BOUNDS_MS = { min: 500, max: 600_000 } as const;

/** An outage counts as `offline` after this many failed attempts, or this long, whichever comes first. */
export const OFFLINE_AFTER = { attempts: 3, ms: 10_000 } as const;

/** Upgrade answers that retrying cannot fix: a bad token (401) or a role not allowed to watch (403). */
export const REFUSAL_STATUSES: readonly number[] = [401, 403];

/** The largest frame a watch client takes by default: ws's own default, named so the message can say it. */
export const MAX_FRAME_BYTES = 100 * 1024 * 1024;

// ws's code for a frame over `maxPayload`: it closes the link with 1009 (Message Too Big).
const TOO_BIG = 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH';

/**
 * Connects to the collector's `/watch` and keeps the store fed: decodes every frame, dispatches it stamped with
 * the local time, resumes with `since`/`epoch` after any drop, and reconnects when the reducer flags a gap.
 */
export function connectWatch(options: WatchConnectionOptions): WatchConnection {
  const now = options.now ?? Date.now;
  const heartbeatMs = options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const random = options.random ?? Math.random;
  const Impl = options.WebSocketImpl ?? WebSocket;
  const warn = options.onWarning ?? (() => {});
  const { dispatch, getState } = options;
  const pending = createPendingReplies();
  const maxFrameBytes = options.maxFrameBytes ?? MAX_FRAME_BYTES;

  let socket: WebSocket | undefined;
  let isClosed = false;
  let isRefused = false;
  // Failed attempts in the current outage; reset once a message proves the link works.
  let failures = 0;
  let downSince: number | undefined;
  let isOffline = false;
  let resyncStreak = 0;
  let resyncFromSeq: number | undefined;
  // Snapshots refused as too large in a row: a welcome proves the link, not that the picture can be loaded.
  let oversized = 0;
  let retryTimer: NodeJS.Timeout | undefined;
  let livenessTimer: NodeJS.Timeout | undefined;
  let offlineTimer: NodeJS.Timeout | undefined;
  // The collector's ping interval as measured (issue 18, item 9): liveness follows the collector's own
  // `server.heartbeatSeconds`, not what this client was started with. Told 15 s, a console facing a collector
  // that pings every 2 s took 37.5 s to notice it frozen instead of 5. (A live collector is never dropped for a
  // long interval: an idle feed sends a clock frame every 5 s, and every frame re-arms the watchdog.)
  let learnedHeartbeatMs = heartbeatMs;

  function open(): void {
    retryTimer = undefined;
    const state = getState();
    const resume: Record<string, string> = {
      ...(state.seq !== undefined && state.epoch !== undefined
        ? { since: String(state.seq), epoch: state.epoch }
        : {}),
      ...(options.fullHistory ? { [FULL_HISTORY_PARAM.name]: FULL_HISTORY_PARAM.value } : {}),
    };
    const ws = new Impl(endpointUrl(options.url, '/watch', resume), SUBPROTOCOL, {
      headers: { Authorization: `Bearer ${options.token}` },
      maxPayload: maxFrameBytes,
      ...(options.ca ? { ca: options.ca } : {}),
    });
    socket = ws;
    let wasOpen = false;
    let wasHeard = false;
    let reason = 'connection failed';
    let isTooBig = false;
    dispatch({ type: 'conn.connecting', at: now(), attempt: Math.max(failures, oversized) });
    // The same watchdog covers a handshake that never completes (a SYN into a dead hotspot).
    armLiveness(ws);
    ws.on('open', () => {
      if (ws !== socket) return;
      wasOpen = true;
      armLiveness(ws);
      // After a snapshot too large, the link is not live (and the screens keep saying why) until one fits.
      if (oversized === 0) markLive();
    });
    let lastPingAt: number | undefined;
    ws.on('ping', () => {
      if (ws !== socket) return;
      // Measured on the real clock: `now` may be a test's or a drill's.
      const at = Date.now();
      if (lastPingAt !== undefined) {
        learnedHeartbeatMs = Math.min(
          HEARTBEAT_BOUNDS_MS.max,
          Math.max(HEARTBEAT_BOUNDS_MS.min, at - lastPingAt),
        );
      }
      lastPingAt = at;
      armLiveness(ws);
    });
    ws.on('message', (data) => {
      if (ws !== socket) return;
      wasHeard = true;
      onFrame(ws, data);
    });
    ws.on('unexpected-response', (_req, res) => {
      readRefusalReason(res, (text) => {
        const status = res.statusCode ?? 0;
        reason = `HTTP ${status}${text ? `: ${text}` : ''}`;
        if (ws === socket && REFUSAL_STATUSES.includes(status)) {
          isRefused = true;
          dispatch({ type: 'conn.refused', at: now(), httpStatus: status, reason: text || `HTTP ${status}` });
        }
        ws.terminate();
      });
    });
    // ws emits 'close' after every 'error'; the reason is kept for the 'close' handler to report.
    ws.on('error', (error) => {
      if ((error as { code?: string }).code === TOO_BIG) isTooBig = true;
      if (reason === 'connection failed') reason = error.message;
    });
    ws.on('close', (code) => {
      if (ws !== socket) return;
      if (isTooBig) onTooBig();
      else onDrop(wasHeard, wasOpen ? `link closed (${code})` : reason);
    });
  }

  function onFrame(ws: WebSocket, data: WebSocket.RawData): void {
    armLiveness(ws);
    const decoded = decodeServerMessage(data);
    if (!decoded.ok) {
      // A newer collector may send what this client does not know yet: drop it, never crash the screen.
      warn(`dropped a frame from the collector: ${decoded.message}`);
      return;
    }
    failures = 0;
    const msg = decoded.value;
    if (msg.type === 'snapshot' && oversized > 0) {
      oversized = 0;
      markLive();
    }
    const isReply = msg.type === 'ack' || msg.type === 'error' || msg.type === 'history';
    if (isReply && !pending.settle(msg) && msg.type === 'error') {
      warn(`the collector reported ${msg.code}: ${msg.message}`);
    }
    dispatch({ type: 'server', msg, at: now() });
    if (getState().needsResync) resync(ws);
  }

  // Resuming from our last good seq gets exactly the missing deltas, or a snapshot if they are gone.
  function resync(ws: WebSocket): void {
    const seq = getState().seq;
    // A collector that keeps sending gaps from the same point must not be hammered: back off on repeats.
    resyncStreak = resyncFromSeq === seq ? resyncStreak + 1 : 0;
    resyncFromSeq = seq;
    detach('resync');
    ws.close(1000, 'resync');
    schedule(resyncStreak === 0 ? 0 : backoffDelay(resyncStreak - 1, backoff, random));
  }

  // Only a link that delivered something resets the backoff: one that opens and closes at once is still failing.
  function onDrop(wasHeard: boolean, reason: string): void {
    detach(reason);
    if (isClosed || isRefused) return;
    if (downSince === undefined) {
      downSince = now();
      dispatch({ type: 'conn.lost', at: downSince, reason });
      offlineTimer = setTimeout(goOffline, OFFLINE_AFTER.ms);
    }
    if (!wasHeard) failures += 1;
    if (failures >= OFFLINE_AFTER.attempts) goOffline();
    schedule(backoffDelay(failures, backoff, random));
  }

  function markLive(): void {
    downSince = undefined;
    isOffline = false;
    clearTimeout(offlineTimer);
    dispatch({ type: 'conn.live', at: now() });
  }

  // Issue 13: a 117 MB snapshot was refused and the link reopened every 2–3 s, forever and silently. Retrying
  // fetches the same snapshot, so it is said on every screen and in the log, and the retries back off.
  function onTooBig(): void {
    oversized += 1;
    const size =
      maxFrameBytes < 1024 * 1024
        ? `${Math.round(maxFrameBytes / 1024)} KiB`
        : `${Math.round(maxFrameBytes / 1024 / 1024)} MiB`;
    const reason = `the collector's snapshot is larger than this client takes (${size})`;
    const delay = backoffDelay(oversized, backoff, random);
    warn(
      `${reason}; retrying in ${(delay / 1000).toFixed(1)} s (attempt ${oversized}). Ask the bureau to check ` +
        'server.snapshotMaxIncidents / snapshotMaxAlerts and which source is flooding the collector',
    );
    detach(reason);
    if (isClosed || isRefused) return;
    if (downSince === undefined) {
      downSince = now();
      offlineTimer = setTimeout(goOffline, OFFLINE_AFTER.ms);
    }
    dispatch({ type: 'conn.lost', at: downSince, reason, problem: 'snapshot_too_large' });
    if (oversized >= OFFLINE_AFTER.attempts) goOffline();
    schedule(delay);
  }

  function goOffline(): void {
    if (isOffline || isClosed || isRefused || downSince === undefined) return;
    isOffline = true;
    dispatch({ type: 'conn.offline', at: now() });
  }

  function detach(reason: string): void {
    socket = undefined;
    clearTimeout(livenessTimer);
    pending.rejectAll(reason);
  }

  function schedule(delayMs: number): void {
    clearTimeout(retryTimer);
    retryTimer = setTimeout(open, delayMs);
  }

  function armLiveness(ws: WebSocket): void {
    clearTimeout(livenessTimer);
    const silenceMs = learnedHeartbeatMs * LIVENESS_HEARTBEATS;
    livenessTimer = setTimeout(() => {
      if (ws !== socket) return;
      // Said once per drop, so a wall's --log shows why its link went down (issue 20, item 6).
      if (ws.readyState === WebSocket.OPEN)
        warn(`no ping or frame for ${Math.round(silenceMs / 1000)} s: dropping the link`);
      ws.terminate();
    }, silenceMs);
  }

  open();

  // A request goes out only on a socket that is open now; its reply can only come back on that one.
  function onOpenSocket<T>(ask: (ws: WebSocket) => Promise<T>): Promise<T> {
    const ws = socket;
    if (!ws || ws.readyState !== ws.OPEN) return Promise.reject(new Error('not connected to the collector'));
    return ask(ws);
  }

  return {
    send(message) {
      return onOpenSocket((ws) => pending.request(ws, message));
    },
    readHistory(station, id) {
      return onOpenSocket((ws) => pending.read(ws, { type: 'history.get', id, station }));
    },
    drop() {
      socket?.terminate();
    },
    close() {
      isClosed = true;
      clearTimeout(retryTimer);
      clearTimeout(offlineTimer);
      const ws = socket;
      detach('closed');
      return closeSocket(ws, 1000, 'closed');
    },
  };
}
