import { z } from 'zod';
import { responsibleRoleSchema } from './config-notify.js';

// What the consoles and the wall see of call-outs (叫应): the call-out, each recipient, each delivery.

const msSchema = z.number().int();

export const calloutTriggerSchema = z.enum(['station', 'cap', 'incident', 'officer']);
export const recipientStateSchema = z.enum([
  'queued',
  'sent',
  'delivered',
  'answered',
  'phoned',
  'unreachable',
]);
export const answerKindSchema = z.enum(['received', 'on_duty', 'evacuating', 'need_support']);

/** One call-out: why, what it said, when answers are due, whether it is still open. */
export const calloutFeedSchema = z.strictObject({
  id: z.number().int(),
  trigger: calloutTriggerSchema,
  /** The alert that started it, for a trigger. */
  alert: z.number().int().nullable(),
  title: z.string(),
  /** The message as sent (each recipient's personal link stands in as `{link}`). */
  message: z.string(),
  drill: z.boolean(),
  startedBy: z.string(),
  startedAt: msSchema,
  deadlineAt: msSchema,
  closedAt: msSchema.nullable(),
});
export type CalloutFeed = z.infer<typeof calloutFeedSchema>;

/** One person a call-out reaches, and how far they are from answering. */
export const calloutRecipientFeedSchema = z.strictObject({
  id: z.number().int(),
  callout: z.number().int(),
  person: z.string(),
  name: z.string(),
  role: z.union([responsibleRoleSchema, z.literal('duty')]),
  township: z.string().nullable(),
  village: z.string().nullable(),
  place: z.string(),
  phone: z.string().nullable(),
  state: recipientStateSchema,
  sentAt: msSchema.nullable(),
  deliveredAt: msSchema.nullable(),
  answeredAt: msSchema.nullable(),
  answer: answerKindSchema.nullable(),
  /** 已到岗 with how many, 正在转移 N 人. */
  count: z.number().int().nullable(),
  note: z.string().nullable(),
  phonedAt: msSchema.nullable(),
  phonedBy: z.string().nullable(),
  /** Whether the logged call reached them. */
  phonedReached: z.boolean().nullable(),
});
export type CalloutRecipientFeed = z.infer<typeof calloutRecipientFeedSchema>;

/** One message through one channel: to a call-out's recipient, or to the person a ladder rung named. */
export const deliveryFeedSchema = z.strictObject({
  id: z.number().int(),
  recipient: z.number().int().nullable(),
  alert: z.number().int().nullable(),
  person: z.string(),
  name: z.string(),
  channel: z.string(),
  state: z.enum(['pending', 'delivered', 'dead']),
  tries: z.number().int(),
  createdAt: msSchema,
  lastTryAt: msSchema.nullable(),
  doneAt: msSchema.nullable(),
  /** Why the last try failed. */
  error: z.string().nullable(),
});
export type DeliveryFeed = z.infer<typeof deliveryFeedSchema>;
