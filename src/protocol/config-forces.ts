import { z } from 'zod';
import { named } from './config-places.js';
import { codeSchema, headcountSchema } from './primitives.js';

/** Who a team answers to: the county, a township (乡级 "1＋4"), a village (村级 "1＋3"), or volunteers. */
export const teamLevelSchema = z.enum(['county', 'township', 'village', 'volunteer']);
export type TeamLevel = z.infer<typeof teamLevelSchema>;

/** What a team is trained and equipped for; the officer picks a team by these at 3 a.m. */
export const specialtySchema = z.enum([
  'water-rescue',
  'flood-fighting',
  'forest-fire',
  'collapse',
  'traffic',
  'hazmat',
  'medical',
  'general',
]);
export type Specialty = z.infer<typeof specialtySchema>;

/** The departments the county team is drawn from (应急, 水利, 公安, 城管, 住建, 交通运输 …). */
export const departmentSchema = z.enum([
  'emergency',
  'water',
  'police',
  'urban-management',
  'housing',
  'transport',
  'fire',
  'health',
  'forestry',
  'township',
  'village',
  'volunteer',
]);

/** One piece of a team's kit; `item` is a stock item code when it is the same thing (救生衣, 冲锋舟 …). */
export const teamEquipmentSchema = z.strictObject({
  name: z.string().min(1).max(100),
  item: codeSchema.optional(),
  quantity: z.int().min(1).max(1_000_000),
});

export const teamSchema = z
  .strictObject({
    code: codeSchema,
    ...named,
    level: teamLevelSchema,
    /** Where the team is based; a county team names the township it musters in. */
    township: codeSchema.optional(),
    village: codeSchema.optional(),
    departments: z.array(departmentSchema).max(20).default([]),
    specialties: z.array(specialtySchema).min(1).max(20),
    /** People on the roll (编制人数). */
    strength: headcountSchema.refine((n) => n > 0, 'must be at least 1'),
    /** At least this many must stay available when a flood or forest-fire alert is open in its township. */
    minimumAvailable: headcountSchema.default(0),
    leader: z.strictObject({ name: z.string().min(1).max(100), phone: z.string().min(3).max(40) }),
    /** How long the team takes to reach an incident in the county; later than this, the officer calls. */
    travelMinutes: z.number().positive().max(1440).default(60),
    equipment: z.array(teamEquipmentSchema).max(100).default([]),
  })
  .superRefine((t, ctx) => {
    if (t.minimumAvailable > t.strength)
      ctx.addIssue({ code: 'custom', path: ['minimumAvailable'], message: 'more than the team has' });
    if (t.level !== 'county' && t.level !== 'volunteer' && t.township === undefined)
      ctx.addIssue({ code: 'custom', path: ['township'], message: `a ${t.level} team needs its township` });
    if (t.level === 'village' && t.village === undefined)
      ctx.addIssue({ code: 'custom', path: ['village'], message: 'a village team needs its village' });
  });
export type Team = z.infer<typeof teamSchema>;

/** The county's rescue forces (应急救援队伍) and the clocks the duty desk keeps on them. */
export const forcesSchema = z.strictObject({
  /** An incident at 较大 or above (or 较大涉险) with no team sent after this long raises an alert. */
  unsentAfterMinutes: z.number().positive().max(1440).default(30),
  /** In flood season, a team whose status is older than this is stale: never counted as available. */
  staleAfterHours: z.number().positive().max(720).default(24),
  teams: z.array(teamSchema).max(2000).default([]),
});
export type Forces = z.infer<typeof forcesSchema>;

type ForcesRefs = {
  forces: Forces;
  townships: { code: string; villages: { code: string }[] }[];
  items: { code: string }[];
  tokens: { scope?: { teams?: '*' | string[] } | undefined }[];
};

/** Cross-references of the forces section, with the field's path, so a typo stops the collector at start. */
export function checkForcesReferences(c: ForcesRefs, ctx: z.RefinementCtx): void {
  const villageOf = new Map<string, string>();
  for (const t of c.townships) for (const v of t.villages) villageOf.set(v.code, t.code);
  const townships = new Set(c.townships.map((t) => t.code));
  const items = new Set(c.items.map((i) => i.code));
  const teams = new Set<string>();
  const issue = (path: (string | number)[], message: string) =>
    ctx.addIssue({ code: 'custom', path, message });
  c.forces.teams.forEach((team, i) => {
    const at = ['forces', 'teams', i];
    if (teams.has(team.code)) issue([...at, 'code'], `duplicate code "${team.code}"`);
    teams.add(team.code);
    if (team.township !== undefined && !townships.has(team.township))
      issue([...at, 'township'], `unknown township "${team.township}"`);
    if (team.village !== undefined && villageOf.get(team.village) !== team.township)
      issue([...at, 'village'], `no village "${team.village}" in township "${team.township ?? ''}"`);
    team.equipment.forEach((e, j) => {
      if (e.item !== undefined && !items.has(e.item))
        issue([...at, 'equipment', j, 'item'], `unknown item "${e.item}"`);
    });
  });
  c.tokens.forEach((t, i) => {
    const list = t.scope?.teams;
    if (!Array.isArray(list)) return;
    list.forEach((code, j) => {
      if (!teams.has(code)) issue(['tokens', i, 'scope', 'teams', j], `unknown team "${code}"`);
    });
  });
}
