import WebSocket from 'ws';
import { HEARTBEAT_BOUNDS_MS, LIVENESS_HEARTBEATS } from '../client/watch-connection.js';

/** Learns the collector's heartbeat from its pings and says when the link has been silent for too long. */
export type HeartbeatFollower = {
  /** The WebSocket class to give `connectWatch`: a `ws` client that reports pings and frames here. */
  WebSocketImpl: typeof WebSocket;
  /** The ping interval last measured (or the configured one until two pings have come). */
  intervalMs(): number;
  /** True when an open link has carried neither a ping nor a frame for {@link LIVENESS_HEARTBEATS} intervals. */
  isSilent(): boolean;
};

/**
 * Follows the collector's heartbeat rather than assuming one: the wall's liveness timeout is then the
 * collector's own `server.heartbeatSeconds` times {@link LIVENESS_HEARTBEATS}, whatever the collector was
 * configured with (issue 6). `fallbackMs` applies until the interval has been measured.
 */
export function followHeartbeat(fallbackMs: number, now: () => number = Date.now): HeartbeatFollower {
  let interval = fallbackMs;
  let current: WebSocket | undefined;
  let lastPingAt: number | undefined;
  let lastHeardAt = now();

  class FollowingWebSocket extends WebSocket {
    constructor(
      address: string | URL | null,
      protocols?: string | string[],
      options?: WebSocket.ClientOptions,
    ) {
      super(address as string | URL, protocols, options);
      current = this;
      lastPingAt = undefined;
      lastHeardAt = now();
      this.on('ping', () => {
        const at = now();
        if (current === this && lastPingAt !== undefined) {
          interval = Math.min(HEARTBEAT_BOUNDS_MS.max, Math.max(HEARTBEAT_BOUNDS_MS.min, at - lastPingAt));
        }
        lastPingAt = at;
        lastHeardAt = at;
      });
      this.on('message', () => {
        lastHeardAt = now();
      });
    }
  }

  return {
    // ws declares several constructor overloads; connectWatch uses (url, protocols, options), which this takes.
    WebSocketImpl: FollowingWebSocket as unknown as typeof WebSocket,
    intervalMs: () => interval,
    isSilent: () =>
      current !== undefined &&
      current.readyState === WebSocket.OPEN &&
      now() - lastHeardAt > interval * LIVENESS_HEARTBEATS,
  };
}
