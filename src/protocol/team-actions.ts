import { z } from 'zod';
import { PROTOCOL_VERSION } from './constants.js';
import { codeSchema, headcountSchema, instantSchema, messageIdSchema, textSchema } from './primitives.js';

/**
 * A team's dispatch, arrival or return reported to the duty desk by phone and entered by the officer on `/watch`
 * (two steps in the console, audited). Stored exactly as the matching ingest message would be, with the same
 * refusals (INSUFFICIENT_FORCES on `headcount`, INVALID_STATE on `at` or `incident`).
 */
export const teamRecordSchema = z
  .strictObject({
    v: z.literal(PROTOCOL_VERSION).optional(),
    id: messageIdSchema,
    type: z.literal('team.record'),
    event: z.enum(['dispatch', 'arrive', 'return']),
    team: codeSchema,
    incident: codeSchema,
    /** People sent: required for a dispatch, absent otherwise. */
    headcount: headcountSchema.optional(),
    at: instantSchema,
    note: textSchema(500).optional(),
  })
  .superRefine((a, ctx) => {
    if (a.event === 'dispatch' && (a.headcount === undefined || a.headcount < 1))
      ctx.addIssue({
        code: 'custom',
        path: ['headcount'],
        message: 'a dispatch needs a headcount of at least 1',
      });
    if (a.event !== 'dispatch' && a.headcount !== undefined)
      ctx.addIssue({ code: 'custom', path: ['headcount'], message: `only a dispatch has a headcount` });
  });
export type TeamRecord = z.infer<typeof teamRecordSchema>;
