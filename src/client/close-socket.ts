import type WebSocket from 'ws';

// A peer that never answers the closing handshake must not hold up a client's exit: past this, the socket is cut.
const CLOSE_GRACE_MS = 2000;

/** Closes `socket` with a handshake, cut after a grace; resolves once it is closed (at once if it is not open). */
export function closeSocket(socket: WebSocket | undefined, code?: number, reason?: string): Promise<void> {
  if (!socket || socket.readyState === socket.CLOSED) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => socket.terminate(), CLOSE_GRACE_MS);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.close(code, reason);
  });
}
