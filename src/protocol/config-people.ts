import { z } from 'zod';
import { named } from './config-places.js';
import { codeSchema, lineSchema } from './primitives.js';

export const roleSchema = z.enum(['source', 'officer', 'leader', 'viewer', 'admin']);
export type Role = z.infer<typeof roleSchema>;

/** `'*'` or a list of codes. */
const scopeListSchema = z.union([z.literal('*'), z.array(codeSchema)]);

export const scopeSchema = z.strictObject({
  stations: scopeListSchema.optional(),
  warehouses: scopeListSchema.optional(),
  townships: scopeListSchema.optional(),
  /** The rescue teams a source may report status and dispatches for. */
  teams: scopeListSchema.optional(),
  /** The CAP `sender`s a source may pass on alerts for (`hsas@dhs.gov`, a GB/T 35965.1 agency id …). */
  capSenders: z.union([z.literal('*'), z.array(lineSchema(200).min(1))]).optional(),
});
export type Scope = z.infer<typeof scopeSchema>;

export const tokenSchema = z
  .strictObject({
    /** Who holds it; also the identity under which message ids are deduplicated. */
    name: lineSchema(64).min(1),
    role: roleSchema,
    /** `sha256:` and 64 hex digits, as printed by `dutywatch token new`. Tokens themselves are never stored. */
    hash: z.string().regex(/^sha256:[0-9a-f]{64}$/, 'must be sha256: followed by 64 lowercase hex digits'),
    /** The person acting with this token (officers and leaders), for the audit log. */
    person: codeSchema.optional(),
    /** What a source may report for. */
    scope: scopeSchema.optional(),
    revoked: z.boolean().default(false),
    /** A source expected to report at least this often; silence longer than this raises an alert. */
    heartbeatMinutes: z.number().positive().max(10_080).optional(),
  })
  .superRefine((t, ctx) => {
    if (t.role === 'source' && !t.scope) {
      ctx.addIssue({ code: 'custom', path: ['scope'], message: 'a source token needs a scope' });
    }
  });
export type Token = z.infer<typeof tokenSchema>;

export const personSchema = z.strictObject({
  id: codeSchema,
  ...named,
  /** e.g. 值班员, 带班领导, 局长 */
  title: lineSchema(40).optional(),
  phone: lineSchema(40).optional(),
});
export type Person = z.infer<typeof personSchema>;

/** One pair on duty for a day: the duty officer (值班员) and the leader on duty (带班领导). */
export const dutyPairSchema = z.strictObject({ officer: codeSchema, leader: codeSchema });
export type DutyPair = z.infer<typeof dutyPairSchema>;

/**
 * The duty roster: daily shifts that change at `handoverAt` local time, rotating through `rotation` from `anchor`
 * (the local date on which `rotation[0]` is on duty). Admins and leaders may change it at run time.
 */
export const dutySchema = z.strictObject({
  handoverAt: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM')
    .default('08:30'),
  anchor: z.iso.date(),
  rotation: z.array(dutyPairSchema).min(1),
  /** Third rung of the default ladder (局长). */
  bureauChief: codeSchema,
  /** Fourth rung: the county government duty office (县政府总值班室). */
  governmentDutyOffice: codeSchema,
});
export type Duty = z.infer<typeof dutySchema>;
