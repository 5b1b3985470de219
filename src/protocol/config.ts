import { z } from 'zod';
import {
  asciiNameSchema,
  codeSchema,
  instantSchema,
  levelSchema,
  monthDaySchema,
  nameSchema,
} from './primitives.js';

const named = { name: nameSchema, nameAscii: asciiNameSchema };

export const villageSchema = z.strictObject({ code: codeSchema, ...named });

export const townshipSchema = z.strictObject({
  code: codeSchema,
  ...named,
  villages: z.array(villageSchema),
});
export type Township = z.infer<typeof townshipSchema>;

/** A flood-limit (汛限) level that applies between two days of the year, both inclusive. */
export const floodLimitPeriodSchema = z.strictObject({
  from: monthDaySchema,
  to: monthDaySchema,
  level: levelSchema,
  /** e.g. 主汛期, 后汛期 */
  label: z.string().max(40).optional(),
});
export type FloodLimitPeriod = z.infer<typeof floodLimitPeriodSchema>;

/** A reservoir's characteristic levels, metres above datum, lowest first. */
export const reservoirLevelsSchema = z.strictObject({
  deadLevel: levelSchema,
  normalLevel: levelSchema,
  floodHighLevel: levelSchema.optional(),
  designFloodLevel: levelSchema,
  checkFloodLevel: levelSchema,
  damCrest: levelSchema,
  historicalMax: levelSchema.optional(),
  floodLimits: z.array(floodLimitPeriodSchema).min(1),
  /** How close below 设计洪水位 counts as "near design" (an emergency criterion). */
  designMargin: z.number().min(0).max(50).default(0.5),
});
export type ReservoirLevels = z.infer<typeof reservoirLevelsSchema>;

/** A river gauge's warning lines, metres above datum. */
export const gaugeLevelsSchema = z.strictObject({
  warningLevel: levelSchema,
  guaranteeLevel: levelSchema,
  historicalMax: levelSchema.optional(),
});
export type GaugeLevels = z.infer<typeof gaugeLevelsSchema>;

export const stationSchema = z
  .strictObject({
    code: codeSchema,
    ...named,
    kind: z.enum(['reservoir', 'river']),
    township: codeSchema,
    river: z.string().max(40).optional(),
    /** No reading for this long makes the station stale: never shown as normal. */
    staleAfterMinutes: z.number().positive().max(10_080).default(30),
    /** How far below 警戒 (or 汛限) counts as "approaching" — the blue band. */
    approachMargin: z.number().min(0).max(50).default(0.3),
    /** Rate of rise that raises an alarm, m/h. */
    riseAlarm: z.number().positive().max(100).optional(),
    /** The window over which the rate of rise is fitted. */
    rateWindowMinutes: z.number().positive().max(1440).default(60),
    /** SL 651 remote-terminal address (10 hex digits), for the telemetry gateway. */
    rtuAddress: z
      .string()
      .regex(/^[0-9A-Fa-f]{10}$/)
      .optional(),
    reservoir: reservoirLevelsSchema.optional(),
    gauge: gaugeLevelsSchema.optional(),
  })
  .superRefine((s, ctx) => {
    if (s.kind === 'reservoir' && !s.reservoir) {
      ctx.addIssue({
        code: 'custom',
        path: ['reservoir'],
        message: 'a reservoir needs its characteristic levels',
      });
    }
    if (s.kind === 'river' && !s.gauge) {
      ctx.addIssue({ code: 'custom', path: ['gauge'], message: 'a river gauge needs 警戒 and 保证 levels' });
    }
    if (s.reservoir) checkReservoirOrder(s.reservoir, ctx);
    if (s.gauge && s.gauge.warningLevel >= s.gauge.guaranteeLevel) {
      ctx.addIssue({
        code: 'custom',
        path: ['gauge', 'guaranteeLevel'],
        message: 'must be above warningLevel (保证水位 > 警戒水位)',
      });
    }
  });
export type Station = z.infer<typeof stationSchema>;

// 死水位 ≤ 汛限 ≤ 正常蓄水位 ≤ 防洪高水位 ≤ 设计洪水位 ≤ 校核洪水位 < 坝顶高程 (domain-rules §3.1).
function checkReservoirOrder(r: ReservoirLevels, ctx: z.RefinementCtx): void {
  const chain: [keyof ReservoirLevels, number | undefined][] = [
    ['deadLevel', r.deadLevel],
    ['normalLevel', r.normalLevel],
    ['floodHighLevel', r.floodHighLevel],
    ['designFloodLevel', r.designFloodLevel],
    ['checkFloodLevel', r.checkFloodLevel],
  ];
  let previous: [string, number] | undefined;
  for (const [key, value] of chain) {
    if (value === undefined) continue;
    if (previous && value < previous[1]) {
      ctx.addIssue({ code: 'custom', path: ['reservoir', key], message: `must not be below ${previous[0]}` });
    }
    previous = [key, value];
  }
  if (r.damCrest <= r.checkFloodLevel) {
    ctx.addIssue({
      code: 'custom',
      path: ['reservoir', 'damCrest'],
      message: 'must be above checkFloodLevel',
    });
  }
  r.floodLimits.forEach((p, i) => {
    if (p.level < r.deadLevel || p.level > r.normalLevel) {
      ctx.addIssue({
        code: 'custom',
        path: ['reservoir', 'floodLimits', i, 'level'],
        message: 'must lie between deadLevel and normalLevel',
      });
    }
  });
}

export const itemCategorySchema = z.enum([
  'shelter',
  'bedding',
  'clothing',
  'rescue',
  'flood',
  'power',
  'lighting',
  'food',
  'medical',
  'other',
]);

export const itemSchema = z.strictObject({
  code: codeSchema,
  ...named,
  category: itemCategorySchema,
  /** The counting unit as written in Chinese: 顶, 床, 件, 艘, 条, 台 … */
  unit: z.string().min(1).max(10),
  unitAscii: asciiNameSchema,
  /** Lots expiring within this many days raise a warning. */
  expiryWarningDays: z.int().positive().max(3650).default(90),
  /** A flood item at zero in flood season is critical, not just low. */
  isFloodCritical: z.boolean().default(false),
});
export type Item = z.infer<typeof itemSchema>;

export const warehouseSchema = z.strictObject({
  code: codeSchema,
  ...named,
  tier: z.enum(['county', 'township', 'village']),
  township: codeSchema.optional(),
  areaM2: z.number().positive().optional(),
  /** Minimum stock per item code (Sahana's inv_minimum): below it, an alert. */
  minimums: z.record(codeSchema, z.int().min(0)).default({}),
});
export type Warehouse = z.infer<typeof warehouseSchema>;

export const roleSchema = z.enum(['source', 'officer', 'leader', 'viewer', 'admin']);
export type Role = z.infer<typeof roleSchema>;

/** `'*'` or a list of codes. */
const scopeListSchema = z.union([z.literal('*'), z.array(codeSchema)]);

export const scopeSchema = z.strictObject({
  stations: scopeListSchema.optional(),
  warehouses: scopeListSchema.optional(),
  townships: scopeListSchema.optional(),
});
export type Scope = z.infer<typeof scopeSchema>;

export const tokenSchema = z
  .strictObject({
    /** Who holds it; also the identity under which message ids are deduplicated. */
    name: z.string().min(1).max(64),
    role: roleSchema,
    /** `sha256:` and 64 hex digits, as printed by `dutywatch token new`. Tokens themselves are never stored. */
    hash: z.string().regex(/^sha256:[0-9a-f]{64}$/, 'must be sha256: followed by 64 lowercase hex digits'),
    /** The person acting with this token (officers and leaders), for the audit log. */
    person: codeSchema.optional(),
    /** What a source may report for. */
    scope: scopeSchema.optional(),
    revoked: z.boolean().default(false),
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
  title: z.string().max(40).optional(),
  phone: z.string().max(40).optional(),
});
export type Person = z.infer<typeof personSchema>;

export const shiftSchema = z.strictObject({
  from: instantSchema,
  to: instantSchema,
  officer: codeSchema,
  leader: codeSchema,
});
export type Shift = z.infer<typeof shiftSchema>;

export const serverSettingsSchema = z.strictObject({
  heartbeatSeconds: z.number().positive().max(600).default(15),
  maxPayloadBytes: z
    .int()
    .min(1024)
    .max(16 * 1024 * 1024)
    .default(256 * 1024),
  /** Readings dated further ahead than this are refused (clock trouble at the source). */
  maxClockSkewMinutes: z.number().min(0).max(1440).default(10),
  /** Observations older than this are refused as too old to matter. */
  maxAgeDays: z.number().positive().max(3650).default(30),
});

/** The county configuration file: places, lines, stock norms, people, tokens. */
export const configSchema = z
  .strictObject({
    county: z.strictObject({
      code: codeSchema,
      ...named,
      /** Offset used to show local time and to resolve MM-DD periods, e.g. `+08:00`. */
      utcOffset: z
        .string()
        .regex(/^[+-]\d{2}:\d{2}$/)
        .default('+08:00'),
    }),
    floodSeason: z.strictObject({ from: monthDaySchema, to: monthDaySchema }),
    townships: z.array(townshipSchema).min(1),
    stations: z.array(stationSchema),
    items: z.array(itemSchema),
    warehouses: z.array(warehouseSchema),
    people: z.array(personSchema).default([]),
    roster: z.array(shiftSchema).default([]),
    tokens: z.array(tokenSchema),
    server: serverSettingsSchema.default(serverSettingsSchema.parse({})),
  })
  .superRefine(checkReferences);
export type Config = z.infer<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;

// Cross-references are checked here so a typo in the config stops the collector at start, not at 3 a.m.
function checkReferences(c: Omit<Config, never>, ctx: z.RefinementCtx): void {
  const unique = (
    list: { code?: string; id?: string; name?: string }[],
    key: 'code' | 'id' | 'name',
    at: string,
  ) => {
    const seen = new Set<string>();
    list.forEach((entry, i) => {
      const value = entry[key];
      if (value === undefined) return;
      if (seen.has(value))
        ctx.addIssue({ code: 'custom', path: [at, i, key], message: `duplicate ${key} "${value}"` });
      seen.add(value);
    });
    return seen;
  };
  const townships = unique(c.townships, 'code', 'townships');
  const stations = unique(c.stations, 'code', 'stations');
  const items = unique(c.items, 'code', 'items');
  const warehouses = unique(c.warehouses, 'code', 'warehouses');
  const people = unique(c.people, 'id', 'people');
  unique(c.tokens, 'name', 'tokens');
  const villages = new Set<string>();
  c.townships.forEach((t, i) => {
    t.villages.forEach((v, j) => {
      if (villages.has(v.code)) {
        ctx.addIssue({
          code: 'custom',
          path: ['townships', i, 'villages', j, 'code'],
          message: `duplicate code "${v.code}"`,
        });
      }
      villages.add(v.code);
    });
  });
  const known = (set: Set<string>, value: string | undefined, path: (string | number)[], what: string) => {
    if (value !== undefined && !set.has(value)) {
      ctx.addIssue({ code: 'custom', path, message: `unknown ${what} "${value}"` });
    }
  };
  c.stations.forEach((s, i) => {
    known(townships, s.township, ['stations', i, 'township'], 'township');
  });
  c.warehouses.forEach((w, i) => {
    known(townships, w.township, ['warehouses', i, 'township'], 'township');
    for (const item of Object.keys(w.minimums))
      known(items, item, ['warehouses', i, 'minimums', item], 'item');
  });
  c.roster.forEach((s, i) => {
    known(people, s.officer, ['roster', i, 'officer'], 'person');
    known(people, s.leader, ['roster', i, 'leader'], 'person');
    if (Date.parse(s.to) <= Date.parse(s.from)) {
      ctx.addIssue({ code: 'custom', path: ['roster', i, 'to'], message: 'must be after from' });
    }
  });
  c.tokens.forEach((t, i) => {
    known(people, t.person, ['tokens', i, 'person'], 'person');
    const scopes: [keyof Scope, Set<string>][] = [
      ['stations', stations],
      ['warehouses', warehouses],
      ['townships', townships],
    ];
    for (const [key, set] of scopes) {
      const list = t.scope?.[key];
      if (!Array.isArray(list)) continue;
      list.forEach((code, j) => {
        known(set, code, ['tokens', i, 'scope', key, j], key.slice(0, -1));
      });
    }
  });
}
