import { z } from 'zod';
import { PROTOCOL_VERSION } from './constants.js';
import { errorCodeSchema } from './errors.js';

/** Sent once the message with this id is committed to disk — never before. */
export const ackSchema = z.strictObject({
  v: z.literal(PROTOCOL_VERSION),
  type: z.literal('ack'),
  id: z.string(),
  /** Present when the id was stored before: nothing new was written. */
  duplicate: z.literal(true).optional(),
});
export type Ack = z.infer<typeof ackSchema>;

/** Sent instead of an ack: nothing from that message was stored. `id` is null when the frame had no readable id. */
export const errorReplySchema = z.strictObject({
  v: z.literal(PROTOCOL_VERSION),
  type: z.literal('error'),
  id: z.string().nullable(),
  code: errorCodeSchema,
  /** Human text that names the field or the thing at fault and what to do. */
  message: z.string(),
  /** The path of the offending field, e.g. `messages[2].level`, where one field is at fault. */
  path: z.string().optional(),
});
export type ErrorReply = z.infer<typeof errorReplySchema>;

/** Builds an ack. */
export const ack = (id: string, duplicate = false): Ack =>
  duplicate
    ? { v: PROTOCOL_VERSION, type: 'ack', id, duplicate: true }
    : { v: PROTOCOL_VERSION, type: 'ack', id };

/** Builds an error reply. */
export const errorReply = (
  id: string | null,
  code: ErrorReply['code'],
  message: string,
  path?: string,
): ErrorReply =>
  path === undefined
    ? { v: PROTOCOL_VERSION, type: 'error', id, code, message }
    : { v: PROTOCOL_VERSION, type: 'error', id, code, message, path };
