import { z } from 'zod';
import { PROTOCOL_VERSION } from './constants.js';
import { codeSchema, messageIdSchema } from './primitives.js';
import { readingPointSchema } from './watch-messages.js';

/**
 * Asks for one station's whole bounded history (issue 19.6): a snapshot past `server.snapshotHistoryPoints` thins
 * the older day of each station (`historyThinned`), and a console opening a station's details asks for the rest.
 * A read, not an action: nothing is journaled, so it is not in the audit log and a resend simply asks again.
 */
export const historyRequestSchema = z.strictObject({
  v: z.literal(PROTOCOL_VERSION).optional(),
  id: messageIdSchema,
  type: z.literal('history.get'),
  station: codeSchema,
});
export type HistoryRequest = z.infer<typeof historyRequestSchema>;

/**
 * The answer to `history.get`: the station's history as the live picture holds it when the request is read, the
 * same readings and verdicts a snapshot carries unthinned. `seq` is the feed's last delta sent before it: deltas
 * after it may repeat a reading it holds, which a client merges as it merges any repeated reading (by instant and
 * level), so the history replaces the thinned one and the feed carries on from there.
 */
export const historyReplySchema = z.strictObject({
  v: z.literal(PROTOCOL_VERSION),
  type: z.literal('history'),
  id: z.string(),
  station: codeSchema,
  seq: z.number().int().min(0),
  history: z.array(readingPointSchema),
});
export type HistoryReply = z.infer<typeof historyReplySchema>;

/** The `/watch` URL parameter that asks for snapshots with every station's whole history (relays). */
export const FULL_HISTORY_PARAM = { name: 'history', value: 'full' } as const;
