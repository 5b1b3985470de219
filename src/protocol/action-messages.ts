import { z } from 'zod';
import { calloutCloseSchema, calloutPhonedSchema, calloutStartSchema } from './callout-actions.js';
import { PROTOCOL_VERSION } from './constants.js';
import { codeSchema, instantSchema, lineSchema, messageIdSchema, refuseUnsafeText } from './primitives.js';
import { teamRecordSchema } from './team-actions.js';

const envelope = { v: z.literal(PROTOCOL_VERSION).optional(), id: messageIdSchema };
const alertId = z.int().positive();
const reason = z
  .string()
  .trim()
  .min(1, 'a reason is required')
  .max(500)
  .superRefine(refuseUnsafeText('line'));

/** Acknowledge: I am on it. The re-check time is mandatory; if not confirmed by then, the alert re-triggers. */
export const alertAckSchema = z.strictObject({
  ...envelope,
  type: z.literal('alert.ack'),
  alert: alertId,
  reason,
  recheckAt: instantSchema,
});

/** Still on it: moves an acknowledgement's re-check time. */
export const alertConfirmSchema = z.strictObject({
  ...envelope,
  type: z.literal('alert.confirm'),
  alert: alertId,
  recheckAt: instantSchema,
});

/** Move to the next rung now. */
export const alertEscalateSchema = z.strictObject({
  ...envelope,
  type: z.literal('alert.escalate'),
  alert: alertId,
  reason: reason.optional(),
});

/** Quiet for a while; the expiry is mandatory and announced when it passes. */
export const alertSnoozeSchema = z.strictObject({
  ...envelope,
  type: z.literal('alert.snooze'),
  alert: alertId,
  until: instantSchema,
  reason,
});

/** Close by hand; it will not re-open until its condition has cleared once. */
export const alertResolveSchema = z.strictObject({
  ...envelope,
  type: z.literal('alert.resolve'),
  alert: alertId,
  reason,
});

/** A note in the log, optionally about an alert or an incident; notes go into the handover report. */
export const noteSchema = z.strictObject({
  ...envelope,
  type: z.literal('note'),
  text: z.string().trim().min(1).max(2000).superRefine(refuseUnsafeText('text')),
  alert: alertId.optional(),
  incident: codeSchema.optional(),
});

/** A phone call made: to whom and whether they answered. "No answer" on an alert moves it to the next rung. */
export const callLogSchema = z.strictObject({
  ...envelope,
  type: z.literal('call.log'),
  to: z.string().trim().min(1).max(100).superRefine(refuseUnsafeText('line')),
  outcome: z.enum(['reached', 'no_answer']),
  alert: alertId.optional(),
  note: lineSchema(500).optional(),
});

/** A report sent: closes exactly the obligation named. */
export const reportSentSchema = z.strictObject({
  ...envelope,
  type: z.literal('report.sent'),
  obligation: z.int().positive(),
  channel: z.enum(['phone', 'written']),
  to: z.string().trim().min(1).max(100).superRefine(refuseUnsafeText('line')),
  note: lineSchema(500).optional(),
});

/** The sender takes the watch: starts a shift, or accepts a handover. */
export const shiftStartSchema = z.strictObject({
  ...envelope,
  type: z.literal('shift.start'),
});

/** Changes who is on duty on one local date (leaders and admins only). */
export const dutySetSchema = z.strictObject({
  ...envelope,
  type: z.literal('duty.set'),
  date: z.iso.date(),
  officer: codeSchema,
  leader: codeSchema,
});

/** Every action a console may send on `/watch`; each is answered with an ack or an error. */
export const actionSchema = z.discriminatedUnion('type', [
  alertAckSchema,
  alertConfirmSchema,
  alertEscalateSchema,
  alertSnoozeSchema,
  alertResolveSchema,
  noteSchema,
  callLogSchema,
  reportSentSchema,
  shiftStartSchema,
  dutySetSchema,
  calloutStartSchema,
  calloutPhonedSchema,
  calloutCloseSchema,
  teamRecordSchema,
]);
export type Action = z.infer<typeof actionSchema>;
export type ActionType = Action['type'];
export const ACTION_TYPES = actionSchema.options.map((o) => o.shape.type.value);
