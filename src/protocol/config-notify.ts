import { z } from 'zod';
import { channelConfigSchema, secretRefSchema } from './config-channels.js';
import { asciiNameSchema, codeSchema, nameSchema } from './primitives.js';

// The `notify` section (issue 16, 叫应): who is reached off the screen, through which channels, on which
// triggers, with what words, and how long each has to answer. Cross-references are checked in
// `checkNotifyReferences`, so a typo stops the collector at start with the field's path.

/** A channel's name as persons refer to it: `wecom-shakou`, `sms-gateway`. */
export const channelNameSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9_.-]*$/, 'must be lowercase letters, digits and _ . - only');

/**
 * The responsible persons (责任人) a call-out reaches, by level: the county flood-control headquarters (县防指
 * commander and deputies); per township its party and government heads (党政主要负责人) and flood responsible
 * person (防汛责任人); per village its flood responsible person (村防汛责任人) and disaster information officer
 * (灾害信息员); per water project (a reservoir, a dike section at a gauge) its 行政/技术/巡查 responsible persons.
 */
export const responsibleRoleSchema = z.enum([
  'county.commander',
  'county.deputy',
  'township.head',
  'township.flood',
  'village.flood',
  'village.informant',
  'project.administrative',
  'project.technical',
  'project.patrol',
]);
export type ResponsibleRole = z.infer<typeof responsibleRoleSchema>;

/** A mobile or desk number as people dial it: digits, spaces, +, -, parentheses. */
export const phoneSchema = z
  .string()
  .min(3)
  .max(40)
  .regex(/^[0-9+() -]+$/, 'must be digits, spaces and + - ( ) only');

export const responsiblePersonSchema = z
  .strictObject({
    id: codeSchema,
    name: nameSchema,
    nameAscii: asciiNameSchema.optional(),
    role: responsibleRoleSchema,
    /** The township of a township-level person. */
    township: codeSchema.optional(),
    /** The village of a village-level person (its township follows from the village). */
    village: codeSchema.optional(),
    /** The station (reservoir, or the gauge of a dike section) of a water project's person. */
    station: codeSchema.optional(),
    phone: phoneSchema,
    email: z.email().max(200).optional(),
    /** Channels tried, all of them, for every message to this person. None: the officer must phone. */
    channels: z.array(channelNameSchema).max(10).default([]),
    /** Takes part in drills: only drill-marked persons receive a drill's messages. */
    drill: z.boolean().default(false),
  })
  .superRefine((p, ctx) => {
    const level = p.role.split('.')[0] as 'county' | 'township' | 'village' | 'project';
    const needs = {
      county: undefined,
      township: 'township',
      village: 'village',
      project: 'station',
    } as const;
    const wanted = needs[level];
    for (const key of ['township', 'village', 'station'] as const) {
      if (key === wanted && p[key] === undefined)
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: `a ${p.role} names the ${key} they answer for`,
        });
      if (key !== wanted && p[key] !== undefined)
        ctx.addIssue({ code: 'custom', path: [key], message: `a ${p.role} does not answer for a ${key}` });
    }
  });
export type ResponsiblePerson = z.infer<typeof responsiblePersonSchema>;

/** How a person on the duty roster (config `people`) is reached when a ladder rung names them. */
export const dutyContactSchema = z.strictObject({
  channels: z.array(channelNameSchema).min(1).max(10),
  email: z.email().max(200).optional(),
  drill: z.boolean().default(false),
});
export type DutyContact = z.infer<typeof dutyContactSchema>;

/** The places a station threatens (its evacuation area): a condition on it reaches their responsible persons. */
export const evacuationAreaSchema = z.strictObject({
  townships: z.array(codeSchema).default([]),
  villages: z.array(codeSchema).default([]),
});
export type EvacuationArea = z.infer<typeof evacuationAreaSchema>;

/** A named list of persons (responsible or duty), for call-outs the officer starts. */
export const notifyGroupSchema = z.strictObject({
  name: nameSchema,
  members: z.array(codeSchema).min(1).max(1000),
});

export const capSeveritySchema = z.enum(['Extreme', 'Severe', 'Moderate', 'Minor']);

/** What starts a call-out by itself. */
export const calloutTriggersSchema = z.strictObject({
  /** A station alert of one of these classes reaches the station's evacuation area. */
  station: z
    .strictObject({
      enabled: z.boolean().default(true),
      classes: z
        .array(z.string().min(1).max(64))
        .default(['water.guarantee', 'water.record', 'reservoir.near_design', 'reservoir.over_check']),
      /** A reservoir over its 汛限 level while rising also starts one. */
      overFloodLimitRising: z.boolean().default(true),
    })
    .prefault({}),
  /** A CAP warning of one of these severities whose areaDesc names townships reaches them. */
  cap: z
    .strictObject({
      enabled: z.boolean().default(true),
      severities: z.array(capSeveritySchema).min(1).default(['Extreme', 'Severe']),
    })
    .prefault({}),
  /** An incident at 较大 or above reaches its township and village. */
  incident: z.strictObject({ enabled: z.boolean().default(true) }).prefault({}),
});
export type CalloutTriggers = z.infer<typeof calloutTriggersSchema>;

const template = z
  .string()
  .min(1)
  .max(1000)
  .refine((t) => !/[\p{Cc}]/u.test(t.replace(/\n/g, '')), 'may not contain control characters');

/**
 * Message templates, Chinese by default. Placeholders: {title} (what happened), {area} (the places concerned),
 * {minutes} (time to answer), {link} (the personal answer link; appended when a template leaves it out).
 */
export const templatesSchema = z.strictObject({
  station: template.default(
    '【叫应】{title}。请{area}防汛责任人立即到岗，组织巡查和转移准备，{minutes}分钟内点击回复：{link}',
  ),
  cap: template.default('【叫应】{title}。请{area}立即部署防范，{minutes}分钟内点击回复：{link}'),
  incident: template.default('【叫应】{title}。请{area}立即核实并组织处置，{minutes}分钟内点击回复：{link}'),
  officer: template.default('【叫应】{title}。{minutes}分钟内点击回复：{link}'),
  rung: template.default('【值班提醒】{title}：{action}'),
});
export type Templates = z.infer<typeof templatesSchema>;

export const deliverySettingsSchema = z.strictObject({
  /** Attempts per delivery before it is dead-lettered (通知未送达 on the console). */
  maxTries: z.int().min(1).max(20).default(6),
  /** Backoff before the second try; it doubles each try (with jitter) up to `maxBackoffSeconds`. */
  backoffSeconds: z.number().min(0.01).max(600).default(2),
  maxBackoffSeconds: z.number().min(0.01).max(3600).default(120),
  /** Deliveries in flight at once, all channels together. */
  concurrency: z.int().min(1).max(256).default(32),
  /**
   * Attempts started per second at most, all channels together: gateways limit senders, and a call-out to hundreds
   * sent as fast as a loopback peer answers held ingest acks behind it (issue 16). 160 sends 300 in about 2 s.
   */
  maxPerSecond: z.int().min(1).max(10_000).default(160),
});
export type DeliverySettings = z.infer<typeof deliverySettingsSchema>;

export const notifySettingsSchema = z.strictObject({
  channels: z.record(channelNameSchema, channelConfigSchema).default({}),
  responsible: z.array(responsiblePersonSchema).default([]),
  /** Channels of the duty staff (config `people`, by id): ladder rungs reach their phones through these. */
  duty: z.record(codeSchema, dutyContactSchema).default({}),
  /** Evacuation areas by station code. */
  areas: z.record(codeSchema, evacuationAreaSchema).default({}),
  groups: z.record(codeSchema, notifyGroupSchema).default({}),
  triggers: calloutTriggersSchema.prefault({}),
  templates: templatesSchema.prefault({}),
  /** Each recipient has this long to answer before the officer is told to phone them (local rules: 5). */
  deadlineMinutes: z.number().min(1).max(240).default(5),
  /** A call-out nobody closes closes by itself after this long; its links expire with it. */
  closeAfterHours: z.number().min(1).max(24).default(24),
  delivery: deliverySettingsSchema.prefault({}),
  /**
   * The key from which answer links are derived (HMAC). Absent: a random key in a file beside the database
   * (`<db>.link-key`), so a copy of the database alone cannot answer for anyone.
   */
  linkSecret: secretRefSchema.optional(),
});
export type NotifySettings = z.infer<typeof notifySettingsSchema>;

/** What the cross-reference check needs of the rest of the config. */
type Known = {
  townships: { code: string; villages: { code: string }[] }[];
  stations: { code: string }[];
  people: { id: string }[];
  notify: NotifySettings;
};

/** Every code in `notify` names something configured; ids are unique across responsible and duty persons. */
export function checkNotifyReferences(c: Known, ctx: z.RefinementCtx): void {
  const n = c.notify;
  const townships = new Set(c.townships.map((t) => t.code));
  const villages = new Set(c.townships.flatMap((t) => t.villages.map((v) => v.code)));
  const stations = new Set(c.stations.map((s) => s.code));
  const people = new Set(c.people.map((p) => p.id));
  const channels = new Set(Object.keys(n.channels));
  const issue = (path: (string | number)[], message: string) =>
    ctx.addIssue({ code: 'custom', path: ['notify', ...path], message });
  const known = (set: Set<string>, value: string | undefined, path: (string | number)[], what: string) => {
    if (value !== undefined && !set.has(value)) issue(path, `unknown ${what} "${value}"`);
  };
  const ids = new Set<string>();
  n.responsible.forEach((p, i) => {
    if (ids.has(p.id) || people.has(p.id)) issue(['responsible', i, 'id'], `duplicate person id "${p.id}"`);
    ids.add(p.id);
    known(townships, p.township, ['responsible', i, 'township'], 'township');
    known(villages, p.village, ['responsible', i, 'village'], 'village');
    known(stations, p.station, ['responsible', i, 'station'], 'station');
    p.channels.forEach((ch, j) => {
      known(channels, ch, ['responsible', i, 'channels', j], 'channel');
    });
  });
  for (const [id, contact] of Object.entries(n.duty)) {
    known(people, id, ['duty', id], 'person');
    contact.channels.forEach((ch, j) => {
      known(channels, ch, ['duty', id, 'channels', j], 'channel');
    });
  }
  for (const [station, area] of Object.entries(n.areas)) {
    known(stations, station, ['areas', station], 'station');
    area.townships.forEach((t, j) => {
      known(townships, t, ['areas', station, 'townships', j], 'township');
    });
    area.villages.forEach((v, j) => {
      known(villages, v, ['areas', station, 'villages', j], 'village');
    });
  }
  for (const [g, group] of Object.entries(n.groups)) {
    group.members.forEach((m, j) => {
      if (!ids.has(m) && !people.has(m)) issue(['groups', g, 'members', j], `unknown person "${m}"`);
    });
  }
}
