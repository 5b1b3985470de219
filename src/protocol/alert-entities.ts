import { z } from 'zod';
import { rungTargetSchema } from './config-alerting.js';
import { codeSchema } from './primitives.js';

const msSchema = z.number().int();

export const alertSeveritySchema = z.enum(['critical', 'warning', 'info']);
export type AlertSeverity = z.infer<typeof alertSeveritySchema>;

export const alertStateSchema = z.enum(['triggered', 'acknowledged', 'closed']);
export type AlertState = z.infer<typeof alertStateSchema>;

/** What an alert is about. */
export const alertSubjectSchema = z.strictObject({
  kind: z.enum([
    'station',
    'stock',
    'incident',
    'obligation',
    'source',
    'duty',
    'cap',
    'system',
    'notify',
    'team',
  ]),
  code: z.string(),
});
export type AlertSubject = z.infer<typeof alertSubjectSchema>;

/** Text in both languages the consoles speak. */
export const bilingualSchema = z.strictObject({ zh: z.string(), en: z.string() });
export type Bilingual = z.infer<typeof bilingualSchema>;

/** An alert as the consoles and the wall see it. */
export const alertFeedSchema = z.strictObject({
  id: z.number().int(),
  /** One open alert per key: `water.warning:ST-RH-02`. */
  key: z.string(),
  /** The rule that raised it: `water.warning`, `stock.low`, `report.overdue` … */
  class: z.string(),
  severity: alertSeveritySchema,
  subject: alertSubjectSchema,
  title: bilingualSchema,
  /** What to do, in both languages. */
  action: bilingualSchema,
  /** The measured value that triggered it, where there is one (a level, a quantity). */
  value: z.number().nullable(),
  state: alertStateSchema,
  openedAt: msSchema,
  updatedAt: msSchema,
  closedAt: msSchema.nullable(),
  /** The rung reached (0 = first), how many times the ladder has wrapped, and who that rung alerted. */
  step: z.number().int(),
  loop: z.number().int(),
  rung: z.strictObject({ target: rungTargetSchema, person: z.string().nullable() }).nullable(),
  nextEscalationAt: msSchema.nullable(),
  ladder: z.string(),
  ack: z.strictObject({ by: z.string(), at: msSchema, reason: z.string(), recheckAt: msSchema }).nullable(),
  snooze: z.strictObject({ by: z.string(), until: msSchema, reason: z.string() }).nullable(),
  /** The condition got worse after the acknowledgement: the acknowledger should look again. */
  hasNewData: z.boolean(),
  /** A worse alert on the same subject that hides this one while it lasts. */
  inhibitedBy: z.number().int().nullable(),
  /** An exercise (CAP status Exercise or Test): it climbs the whole ladder, but nobody real is to be called. */
  drill: z.literal(true).optional(),
});
export type AlertFeed = z.infer<typeof alertFeedSchema>;

export const obligationKindSchema = z.enum(['statutory', 'phone', 'written', 'followup']);
export type ObligationKind = z.infer<typeof obligationKindSchema>;

/** A reporting clock: a report owed to a higher level by a deadline. */
export const obligationFeedSchema = z.strictObject({
  id: z.number().int(),
  incident: codeSchema,
  kind: obligationKindSchema,
  /** Who the report goes to: the city bureau, the province … */
  target: z.enum(['city', 'province', 'ministry', 'county_gov']),
  /** The incident level (1–4) the obligation was created for. */
  level: z.number().int().min(1).max(4),
  dueAt: msSchema,
  warnAt: msSchema,
  state: z.enum(['open', 'done', 'superseded']),
  doneAt: msSchema.nullable(),
  doneBy: z.string().nullable(),
  /** How and to whom it was sent, as the officer recorded it. */
  doneNote: z.string().nullable(),
});
export type ObligationFeed = z.infer<typeof obligationFeedSchema>;

/** One line of the audit log: who did what, when, and why. */
export const auditEntrySchema = z.strictObject({
  id: z.number().int(),
  at: msSchema,
  /** A person id, a token name, or `system`. */
  actor: z.string(),
  action: z.string(),
  alert: z.number().int().nullable(),
  incident: z.string().nullable(),
  obligation: z.number().int().nullable(),
  text: z.string(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

/** Who holds the watch now, and any handover waiting to be accepted. */
export const watchDutySchema = z.strictObject({
  /** The officer first on every ladder: the outgoing one until the incoming one accepts. */
  officer: z.string(),
  leader: z.string(),
  since: msSchema,
  /** The pair the roster puts on duty now, and when their shift runs. */
  roster: z.strictObject({
    officer: z.string(),
    leader: z.string(),
    shiftStart: msSchema,
    shiftEnd: msSchema,
  }),
  handover: z.strictObject({ from: z.string(), to: z.string(), since: msSchema }).nullable(),
});
export type WatchDuty = z.infer<typeof watchDutySchema>;
