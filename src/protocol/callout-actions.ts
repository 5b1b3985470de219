import { z } from 'zod';
import { PROTOCOL_VERSION } from './constants.js';
import { codeSchema, messageIdSchema } from './primitives.js';

const envelope = { v: z.literal(PROTOCOL_VERSION).optional(), id: messageIdSchema };

/**
 * The officer starts a call-out: to a station's evacuation area, to townships and villages, or to a group or
 * named persons; with the message as edited (the personal answer link is added to it), optionally as a drill.
 */
export const calloutStartSchema = z
  .strictObject({
    ...envelope,
    type: z.literal('callout.start'),
    station: codeSchema.optional(),
    townships: z.array(codeSchema).max(100).optional(),
    villages: z.array(codeSchema).max(1000).optional(),
    group: codeSchema.optional(),
    persons: z.array(codeSchema).max(1000).optional(),
    message: z.string().trim().min(1).max(1000),
    drill: z.boolean().default(false),
    /** Reach the county flood HQ too (default for places). */
    includeCounty: z.boolean().default(true),
  })
  .refine(
    (a) =>
      [a.station, a.townships?.length, a.villages?.length, a.group, a.persons?.length].some(
        (x) => x !== undefined && x !== 0,
      ),
    { message: 'name a station, townships, villages, a group or persons', path: ['station'] },
  );

/** The officer phoned a recipient who had not answered: settles them for the chase. */
export const calloutPhonedSchema = z.strictObject({
  ...envelope,
  type: z.literal('callout.phoned'),
  recipient: z.int().positive(),
  reached: z.boolean(),
  note: z.string().max(500).optional(),
});

/** Closes a call-out: its links stop working. */
export const calloutCloseSchema = z.strictObject({
  ...envelope,
  type: z.literal('callout.close'),
  callout: z.int().positive(),
  reason: z.string().trim().min(1).max(500),
});
