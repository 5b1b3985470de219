import type { ConnectionState } from '../state/watch-state.js';

/**
 * The log line for a change of the wall's link, or undefined when the change is not worth a line (connecting
 * attempts come and go; the loss and the return are what someone reading the log the next morning needs).
 */
export function linkLogLine(
  before: ConnectionState,
  after: ConnectionState,
  url: string,
): string | undefined {
  const wasDown =
    before.status === 'reconnecting' || before.status === 'offline' || before.status === 'refused';
  switch (after.status) {
    case 'live':
      return wasDown || before.status === 'connecting'
        ? `link up to ${url}${wasDown ? ` after ${Math.round((after.since - before.since) / 1000)} s down` : ''}${
            'attempt' in before ? ` (attempt ${before.attempt + 1})` : ''
          }`
        : undefined;
    case 'reconnecting':
    case 'offline':
      // Only the loss itself: every further attempt keeps the same status and writes nothing.
      return before.status === after.status
        ? undefined
        : `link lost to ${url}: ${after.reason}; reconnecting`;
    case 'refused':
      return `refused by ${url}: HTTP ${after.httpStatus} ${after.reason}; trying again every minute`;
    case 'connecting':
    case 'idle':
      return undefined;
  }
}
