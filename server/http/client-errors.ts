import type { Duplex } from 'node:stream';
import type { Logger } from '../../src/log/logger.js';

const CLIENT_ERROR_STATUS: Record<string, string> = {
  HPE_HEADER_OVERFLOW: '431 Request Header Fields Too Large',
};

/** A request node cannot parse: answered with a status and logged (a bare reset told neither side anything). */
export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex, logger: Logger): void {
  const address = (socket as { remoteAddress?: string }).remoteAddress ?? 'unknown';
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const status = CLIENT_ERROR_STATUS[error.code ?? ''] ?? '400 Bad Request';
  logger.warn('http.client_error', { address, status: status.slice(0, 3), code: error.code ?? 'unknown' });
  const body = `${status.slice(4)}\n`;
  socket.end(
    `HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
  );
}
