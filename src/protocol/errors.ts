import { z } from 'zod';

/**
 * The closed set of error codes the collector answers with. Codes are stable: sources and tools may branch on
 * them, so add new ones but never rename or reuse one.
 */
export const errorCodeSchema = z.enum([
  /** The frame was not valid JSON (or not UTF-8 text). */
  'PARSE_ERROR',
  /** A binary frame was sent; the protocol is JSON text only. */
  'BINARY_FRAME',
  /** `type` names no message this endpoint accepts. */
  'UNKNOWN_TYPE',
  /** The message does not match its schema; the message names the field. */
  'INVALID_MESSAGE',
  /** A timestamp is too far in the future or the past to be believed. */
  'TIMESTAMP_OUT_OF_RANGE',
  /** The message names a station, warehouse, item, township or incident the collector does not know. */
  'UNKNOWN_REFERENCE',
  /** The token may not report for that station, warehouse or township. */
  'OUT_OF_SCOPE',
  /** The token's role may not send this message. */
  'FORBIDDEN',
  /** The same message id was sent before with a different body. */
  'ID_REUSED',
  /** A stock movement would take a balance below zero. */
  'INSUFFICIENT_STOCK',
  /** An action does not fit the current state (e.g. acknowledging a closed alert). */
  'INVALID_STATE',
  /** An action names an alert, incident or obligation that does not exist. */
  'NOT_FOUND',
  /** The sender is over its rate limit. */
  'RATE_LIMITED',
  /** The database is full; nothing was stored. */
  'STORAGE_FULL',
  /** The database failed for another reason; nothing was stored. */
  'STORAGE_ERROR',
  /** The collector is shutting down and takes no new messages. */
  'SHUTTING_DOWN',
  /** Something unexpected went wrong in the collector; nothing was stored. */
  'INTERNAL',
  /** The token has reached a bound on what it may keep open (e.g. open incidents per township); nothing was stored. */
  'LIMIT_REACHED',
  /** A dispatch would send more people than the team has available. */
  'INSUFFICIENT_FORCES',
]);
export type ErrorCode = z.infer<typeof errorCodeSchema>;
export const ERROR_CODES = errorCodeSchema.options;
