import type WebSocket from 'ws';
import type { ErrorCode } from '../protocol/index.js';
import { type BackoffOptions, backoffDelay } from './backoff.js';
import { closeSocket } from './close-socket.js';
import { connectIngest, type IngestReply, onReplies } from './ingest-client.js';

/**
 * Refusals worth asking again later, unchanged: nothing is wrong with the message itself (PROTOCOL.md §5,
 * "Retry"). Every other code means resending it as it is will fail the same way.
 */
export const TRANSIENT_CODES: ReadonlySet<ErrorCode> = new Set([
  'RATE_LIMITED',
  'STORAGE_FULL',
  'STORAGE_ERROR',
  'SHUTTING_DOWN',
  'INTERNAL',
]);

/** Whether a refusal is worth retrying unchanged (see {@link TRANSIENT_CODES}). */
export function isTransient(code: ErrorCode): boolean {
  return TRANSIENT_CODES.has(code);
}

/** Where the collector is, how to authenticate, how patient to be, and who hears about the link. */
export type IngestLinkOptions = {
  url: string;
  token: string;
  ca?: Buffer;
  /** Delays between connection attempts (default 250 ms doubling to 10 s, with full jitter). */
  backoff?: BackoffOptions;
  /** No attempt follows the previous one sooner than this: full jitter can draw ~0 ms (default 50). */
  minDelayMs?: number;
  /**
   * Silence this long (no ping from the collector, no reply) ends the link as a network failure would; it then
   * reconnects. Undefined leaves it to TCP, which may take many minutes to notice a cut cable.
   */
  livenessMs?: number;
  /** The link is open: send (or resend) whatever is waiting. */
  onOpen(): void;
  onReply(reply: IngestReply): void;
  /** An open link closed (not by {@link IngestLink.close}); a reconnect is already scheduled. */
  onLost(code: number): void;
  /**
   * An attempt to connect failed (refused upgrade, nobody listening …); another is scheduled unless the owner
   * closes the link here (a refused token is an `UpgradeRefusedError` whose `isForGood` says so).
   */
  onUnreachable(reason: string, error: Error): void;
  /** The socket reported an error; `onLost` follows. */
  onSocketError?(reason: string): void;
};

/** One `/ingest` connection that reconnects by itself, with backoff, until closed. */
export type IngestLink = {
  readonly isConnected: boolean;
  /** Sends one frame; false when the link is down (the caller keeps the message and sends it after `onOpen`). */
  send(text: string): boolean;
  /** Cuts the link as a network failure would; it then reconnects. */
  drop(): void;
  /** Stops reconnecting and closes the link; resolves once the socket is closed. */
  close(): Promise<void>;
};

/**
 * The connection half of a source: connects to `/ingest`, tells the owner when it is open (so the owner resends
 * what is unacked, PROTOCOL.md §7 step 5) and hands it every reply; reconnects with exponential backoff and full
 * jitter after any loss. What to send and what a reply means stay with the owner (the SL 651 gateway's in-memory
 * outbox, the relay's spool).
 */
export function createIngestLink(options: IngestLinkOptions): IngestLink {
  const backoff = options.backoff ?? { initialMs: 250, maxMs: 10_000 };
  const minDelayMs = options.minDelayMs ?? 50;
  let ws: WebSocket | undefined;
  let isClosed = false;
  let attempt = 0;
  let reconnectTimer: NodeJS.Timeout | undefined;
  let livenessTimer: NodeJS.Timeout | undefined;

  const isOpen = () => ws !== undefined && ws.readyState === ws.OPEN;

  function armLiveness(socket: WebSocket): void {
    if (options.livenessMs === undefined) return;
    clearTimeout(livenessTimer);
    livenessTimer = setTimeout(() => {
      if (socket === ws) socket.terminate();
    }, options.livenessMs);
  }

  function scheduleReconnect(): void {
    if (isClosed) return;
    const delay = Math.max(minDelayMs, backoffDelay(attempt, backoff));
    attempt += 1;
    reconnectTimer = setTimeout(connect, delay);
  }

  function connect(): void {
    if (isClosed) return;
    connectIngest(options.url, options.token, options.ca ? { ca: options.ca } : {}).then(
      (socket) => {
        if (isClosed) {
          socket.close();
          return;
        }
        ws = socket;
        attempt = 0;
        armLiveness(socket);
        socket.on('ping', () => armLiveness(socket));
        onReplies(socket, (reply) => {
          if (socket !== ws) return;
          armLiveness(socket);
          options.onReply(reply);
        });
        socket.on('error', (error) => options.onSocketError?.(error.message));
        socket.on('close', (code) => {
          if (socket !== ws) return;
          ws = undefined;
          clearTimeout(livenessTimer);
          if (isClosed) return;
          options.onLost(code);
          scheduleReconnect();
        });
        options.onOpen();
      },
      (error: Error) => {
        if (isClosed) return;
        options.onUnreachable(error.message, error);
        scheduleReconnect();
      },
    );
  }

  connect();
  return {
    get isConnected() {
      return isOpen();
    },
    send(text) {
      if (!ws || !isOpen()) return false;
      ws.send(text);
      return true;
    },
    drop() {
      ws?.terminate();
    },
    close() {
      isClosed = true;
      clearTimeout(reconnectTimer);
      clearTimeout(livenessTimer);
      const socket = ws;
      ws = undefined;
      return closeSocket(socket);
    },
  };
}
