import { z } from 'zod';
import {
  asciiNameSchema,
  codeSchema,
  levelSchema,
  lineSchema,
  monthDaySchema,
  nameSchema,
} from './primitives.js';

export const named = { name: nameSchema, nameAscii: asciiNameSchema };

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
  label: lineSchema(40).optional(),
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
    river: lineSchema(40).optional(),
    /** No reading for this long makes the station stale: never shown as normal. */
    staleAfterMinutes: z.number().positive().max(10_080).default(30),
    /** How far below 警戒 (or 汛限) counts as "approaching" — the blue band. */
    approachMargin: z.number().min(0).max(50).default(0.3),
    /** Rate of rise that raises an alarm, m/h. */
    riseAlarm: z.number().positive().max(100).optional(),
    /** The window over which the rate of rise is fitted. */
    rateWindowMinutes: z.number().positive().max(1440).default(60),
    /**
     * What the station can physically do: a reading beyond it is held as suspect until the next one confirms it
     * (src/domain/plausibility.ts has the defaults: 0.05 m/min, a 0.5 m band around the median of 5, 10 min).
     */
    plausibility: z
      .strictObject({
        maxChangePerMinute: z.number().positive().max(10).optional(),
        band: z.number().min(0).max(50).optional(),
        medianOf: z.int().min(1).max(50).optional(),
        rateMinSpanMinutes: z.number().min(0).max(1440).optional(),
      })
      .optional(),
    /** SL 651 remote-terminal address (10 hex digits), for the telemetry gateway. */
    rtuAddress: z
      .string()
      .regex(/^[0-9A-Fa-f]{10}$/)
      .optional(),
    /**
     * SL 651 水位基值, metres: the terminal's 5-minute relative levels (DRZ, F5) are the level minus this. Without
     * it the gateway cannot turn them into levels and leaves them out.
     */
    rtuLevelBase: z.number().min(-1000).max(10_000).optional(),
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
    if (s.kind === 'river' && s.reservoir) {
      ctx.addIssue({ code: 'custom', path: ['reservoir'], message: 'a river gauge has no reservoir levels' });
    }
    if (s.kind === 'reservoir' && s.gauge) {
      ctx.addIssue({ code: 'custom', path: ['gauge'], message: 'a reservoir has no 警戒/保证 gauge levels' });
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
