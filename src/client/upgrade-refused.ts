/**
 * The collector answered the WebSocket upgrade with an HTTP status instead of switching protocols (a token it does
 * not accept: 401; not allowed on this endpoint: 403; too many connections: 503). Typed, so a client decides by the
 * status it carries, never by matching the message's text.
 */
export class UpgradeRefusedError extends Error {
  readonly code = 'UPGRADE_REFUSED';
  readonly httpStatus: number;
  /** The collector's short explanation, when it gave one ("a valid token is required"). */
  readonly reason: string;

  constructor(httpStatus: number, reason: string) {
    super(`the collector refused the connection: HTTP ${httpStatus}${reason ? ` ${reason}` : ''}`);
    this.name = 'UpgradeRefusedError';
    this.httpStatus = httpStatus;
    this.reason = reason;
  }

  /** Whether trying again with the same token cannot help (401, 403): a person must fix the token or its role. */
  get isForGood(): boolean {
    return this.httpStatus === 401 || this.httpStatus === 403;
  }
}
