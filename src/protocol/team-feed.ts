import { z } from 'zod';
import { teamSchema } from './config-forces.js';
import { codeSchema } from './primitives.js';
import { teamPostureSchema } from './team-messages.js';

const msSchema = z.number().int();

/** One dispatch of a team to an incident, open until the team is back. */
export const dispatchFeedSchema = z.strictObject({
  id: z.number().int(),
  team: codeSchema,
  incident: codeSchema,
  headcount: z.number().int(),
  departedAt: msSchema,
  arrivedAt: msSchema.nullable(),
  returnedAt: msSchema.nullable(),
});
export type DispatchFeed = z.infer<typeof dispatchFeedSchema>;

/**
 * A team's configuration with its state: the last roll call (null when none was ever reported: unknown, never
 * shown as available) and its dispatches — the open ones and those that came back within the last day.
 */
export const teamFeedSchema = z.strictObject({
  ...teamSchema.shape,
  available: z.number().int().nullable(),
  posture: teamPostureSchema.nullable(),
  reportedAt: msSchema.nullable(),
  dispatches: z.array(dispatchFeedSchema),
});
export type TeamFeed = z.infer<typeof teamFeedSchema>;

/** The clocks the desk keeps on the forces, as configured (`forces` in the county file). */
export const forcesSettingsFeedSchema = z.strictObject({
  unsentAfterMinutes: z.number(),
  staleAfterHours: z.number(),
});
export type ForcesSettingsFeed = z.infer<typeof forcesSettingsFeedSchema>;
