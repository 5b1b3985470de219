import { z } from 'zod';
import { named } from './config-places.js';
import { asciiNameSchema, codeSchema, lineSchema } from './primitives.js';

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
  unit: lineSchema(10).min(1),
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
