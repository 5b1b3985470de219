import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type ConfigInput, configSchema } from '../../src/protocol/index.js';

const FILE = join(import.meta.dirname, '../../fixtures/county/demo-county.json');
const demo = (): ConfigInput => JSON.parse(readFileSync(FILE, 'utf8'));

/** The paths of every issue when the demo county is changed by `edit`. */
function issues(edit: (c: ConfigInput & { forces: { teams: Record<string, unknown>[] } }) => void): string[] {
  const input = demo() as ConfigInput & { forces: { teams: Record<string, unknown>[] } };
  edit(input);
  const result = configSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => i.path.join('.'));
}

describe('forces in the county config', () => {
  it('gives the demo county the teams of the half-year report', () => {
    const { forces } = configSchema.parse(demo());
    const county = forces.teams.filter((t) => t.level === 'county');
    expect(county.map((t) => [t.strength, t.departments.length])).toEqual([[105, 6]]);
    const townships = forces.teams.filter((t) => t.level === 'township');
    expect(townships).toHaveLength(18);
    expect(townships.every((t) => t.strength >= 20)).toBe(true);
    const villages = forces.teams.filter((t) => t.level === 'village');
    expect(villages.length).toBeGreaterThan(0);
    expect(villages.every((t) => t.strength >= 10)).toBe(true);
    expect(forces.teams.some((t) => t.level === 'volunteer' && t.specialties.includes('water-rescue'))).toBe(
      true,
    );
    expect(forces.unsentAfterMinutes).toBe(30);
  });

  it.each<[string, (c: { forces: { teams: Record<string, unknown>[] } }) => void, string]>([
    [
      'an unknown township',
      (c) => Object.assign(c.forces.teams[2] ?? {}, { township: 'T99' }),
      'forces.teams.2.township',
    ],
    [
      'a village of another township',
      (c) => Object.assign(c.forces.teams[2] ?? {}, { level: 'village', village: 'V0907' }),
      'forces.teams.2.village',
    ],
    [
      'a duplicate code',
      (c) => Object.assign(c.forces.teams[3] ?? {}, { code: 'TEAM-COUNTY' }),
      'forces.teams.3.code',
    ],
    [
      'an unknown stock item',
      (c) =>
        Object.assign(c.forces.teams[0] ?? {}, { equipment: [{ name: 'x', item: 'NOPE', quantity: 1 }] }),
      'forces.teams.0.equipment.0.item',
    ],
    [
      'a minimum above the strength',
      (c) => Object.assign(c.forces.teams[0] ?? {}, { minimumAvailable: 106 }),
      'forces.teams.0.minimumAvailable',
    ],
    [
      'a township team without its township',
      (c) => Object.assign(c.forces.teams[2] ?? {}, { township: undefined }),
      'forces.teams.2.township',
    ],
  ])('refuses %s with the field path', (_name, edit, path) => {
    expect(issues(edit)).toEqual([path]);
  });

  it('refuses a token scoped to an unknown team', () => {
    const path = issues((c) => {
      const token = (c as unknown as ConfigInput).tokens[0];
      if (token) token.scope = { teams: ['TEAM-NOPE'] };
    });
    expect(path).toEqual(['tokens.0.scope.teams.0']);
  });
});
