import { z } from 'zod';
import { PROTOCOL_VERSION } from './constants.js';
import { codeSchema, headcountSchema, instantSchema, messageIdSchema, textSchema } from './primitives.js';

// The same envelope as every ingest message: ids are deduplicated per token on the same path.
const envelope = {
  v: z.literal(PROTOCOL_VERSION).optional(),
  id: messageIdSchema,
};

/** Whether a team is on standby (待命) or stood down (解除待命, e.g. after a night's work). */
export const teamPostureSchema = z.enum(['standby', 'stood-down']);
export type TeamPosture = z.infer<typeof teamPostureSchema>;

/**
 * A team's roll call (点名): how many people are on hand and ready to go now, not counting those already out
 * on a dispatch. It replaces the figure the collector keeps; dispatches and returns move it in between.
 */
export const teamStatusSchema = z.strictObject({
  ...envelope,
  type: z.literal('team.status'),
  team: codeSchema,
  available: headcountSchema,
  posture: teamPostureSchema,
  at: instantSchema,
  note: textSchema(500).optional(),
});
export type TeamStatus = z.infer<typeof teamStatusSchema>;

/** People of a team sent to an incident. A team has at most one dispatch open per incident. */
export const teamDispatchSchema = z.strictObject({
  ...envelope,
  type: z.literal('team.dispatch'),
  team: codeSchema,
  incident: codeSchema,
  headcount: headcountSchema.refine((n) => n > 0, 'must be at least 1'),
  departedAt: instantSchema,
  note: textSchema(500).optional(),
});
export type TeamDispatch = z.infer<typeof teamDispatchSchema>;

/** The team's open dispatch to the incident reached the scene. */
export const teamArriveSchema = z.strictObject({
  ...envelope,
  type: z.literal('team.arrive'),
  team: codeSchema,
  incident: codeSchema,
  at: instantSchema,
});
export type TeamArrive = z.infer<typeof teamArriveSchema>;

/** The team's open dispatch to the incident came back (or was recalled on the way): its people are available. */
export const teamReturnSchema = z.strictObject({
  ...envelope,
  type: z.literal('team.return'),
  team: codeSchema,
  incident: codeSchema,
  at: instantSchema,
  note: textSchema(500).optional(),
});
export type TeamReturn = z.infer<typeof teamReturnSchema>;

export type TeamMessage = TeamStatus | TeamDispatch | TeamArrive | TeamReturn;
