import { z } from 'zod';
import { refuseUnsafeText } from './primitives.js';

// Ladder names and alert-class patterns are shown on the consoles and in the audit log.
const ladderNameSchema = z.string().superRefine(refuseUnsafeText('line'));

/** Who a ladder rung alerts, by duty role: resolved to a person from the roster when the rung fires. */
export const rungTargetSchema = z.enum(['officer', 'leader', 'chief', 'government']);
export type RungTarget = z.infer<typeof rungTargetSchema>;

/** One rung: alert `target`, then wait `delayMinutes` before moving to the next rung. */
export const rungSchema = z.strictObject({
  target: rungTargetSchema,
  delayMinutes: z.number().min(0).max(1440),
});
export type Rung = z.infer<typeof rungSchema>;

/** An escalation ladder; `repeat` is how many more times the whole ladder runs after the first. */
export const ladderSchema = z.strictObject({
  steps: z.array(rungSchema).min(1).max(10),
  repeat: z.int().min(0).max(10).default(0),
});
export type Ladder = z.infer<typeof ladderSchema>;

// DESIGN.md: duty officer at 0 → leader on duty at +5 min → bureau chief at +15 → county government at +30.
const DEFAULT_LADDER = {
  steps: [
    { target: 'officer', delayMinutes: 5 },
    { target: 'leader', delayMinutes: 10 },
    { target: 'chief', delayMinutes: 15 },
    { target: 'government', delayMinutes: 30 },
  ],
  repeat: 1,
} as const;

export const escalationSettingsSchema = z.strictObject({
  ladders: z.record(ladderNameSchema, ladderSchema).default({ default: ladderSchema.parse(DEFAULT_LADDER) }),
  /**
   * Which ladder each alert class climbs: the longest matching prefix wins (`water.` matches `water.warning`),
   * `*` is the fallback, and the ladder name `none` means the alert is shown but never escalates.
   */
  classes: z
    .record(ladderNameSchema, ladderNameSchema)
    // A stale roll call is shown, not escalated: hundreds of village teams must not page the chief for one.
    .default({
      '*': 'default',
      'water.blue': 'none',
      'stock.expiring': 'none',
      'cap.minor': 'none',
      'forces.stale': 'none',
    }),
  /** The longest re-check time an acknowledgement may set. */
  maxRecheckHours: z.number().positive().max(72).default(12),
  /** The longest snooze. */
  maxSnoozeHours: z.number().positive().max(72).default(24),
  /** How often deadlines in the database are evaluated. */
  tickSeconds: z.number().positive().max(60).default(1),
  /** An incoming officer who has not accepted the watch this long after the shift change raises an alert. */
  handoverAcceptMinutes: z.number().positive().max(720).default(30),
});
export type EscalationSettings = z.infer<typeof escalationSettingsSchema>;

export const alertSettingsSchema = z.strictObject({
  /** A water alert clears only this far below its line (hysteresis), metres. */
  clearMargin: z.number().min(0).max(5).default(0.05),
  /** …and only after staying clear this long. */
  minHoldMinutes: z.number().min(0).max(1440).default(10),
});
export type AlertSettings = z.infer<typeof alertSettingsSchema>;

export const reportingProfileSchema = z.enum(['default', 'henan']);
export type ReportingProfile = z.infer<typeof reportingProfileSchema>;

export const reportingSettingsSchema = z.strictObject({
  /** Which province's "phone first, written after" rules apply (domain-rules.md §2.3). */
  profile: reportingProfileSchema.default('default'),
  /** Whether missing persons count toward the level with the dead (a local policy). */
  countMissingTowardLevel: z.boolean().default(false),
  /** A reporting clock warns this long before it is due. */
  warnBeforeMinutes: z.number().min(0).max(240).default(10),
  /** Follow-up reports (续报) while an incident is open: every this many hours (halved for 重大 and above). */
  followupHours: z.number().positive().max(168).default(24),
});
export type ReportingSettings = z.infer<typeof reportingSettingsSchema>;
