import { describe, expect, it } from 'vitest';
import {
  type IncidentLevel,
  incidentLevel,
  LEVEL_NAMES,
  majorRiskFlags,
} from '../../src/domain/incident-level.js';

const none = { deaths: 0, missing: 0, seriousInjuries: 0 };
const strict = { countMissingTowardLevel: false };
const combined = { countMissingTowardLevel: true };

describe('incidentLevel', () => {
  const cases: [string, Partial<typeof none>, number, IncidentLevel][] = [
    ['stays 一般 with nothing reported', {}, 0, 4],
    ['stays 一般 at 2 deaths', { deaths: 2 }, 0, 4],
    ['reaches 较大 at exactly 3 deaths', { deaths: 3 }, 0, 3],
    ['stays 较大 at 9 deaths', { deaths: 9 }, 0, 3],
    ['reaches 重大 at exactly 10 deaths', { deaths: 10 }, 0, 2],
    ['stays 重大 at 29 deaths', { deaths: 29 }, 0, 2],
    ['reaches 特别重大 at exactly 30 deaths', { deaths: 30 }, 0, 1],
    ['stays 一般 at 9 serious injuries', { seriousInjuries: 9 }, 0, 4],
    ['reaches 较大 at exactly 10 serious injuries', { seriousInjuries: 10 }, 0, 3],
    ['stays 较大 at 49 serious injuries', { seriousInjuries: 49 }, 0, 3],
    ['reaches 重大 at exactly 50 serious injuries', { seriousInjuries: 50 }, 0, 2],
    ['stays 重大 at 99 serious injuries', { seriousInjuries: 99 }, 0, 2],
    ['reaches 特别重大 at exactly 100 serious injuries', { seriousInjuries: 100 }, 0, 1],
    ['stays 一般 at 9,999,999 yuan', {}, 9_999_999, 4],
    ['reaches 较大 at exactly 10,000,000 yuan', {}, 10_000_000, 3],
    ['stays 较大 at 49,999,999 yuan', {}, 49_999_999, 3],
    ['reaches 重大 at exactly 50,000,000 yuan', {}, 50_000_000, 2],
    ['stays 重大 at 99,999,999 yuan', {}, 99_999_999, 2],
    ['reaches 特别重大 at exactly 100,000,000 yuan', {}, 100_000_000, 1],
    [
      'takes 重大 from 10 deaths over 较大 from 12 serious injuries',
      { deaths: 10, seriousInjuries: 12 },
      0,
      2,
    ],
    ['takes 特别重大 from the loss over 较大 from 3 deaths', { deaths: 3 }, 150_000_000, 1],
    ['takes 较大 from 2 deaths plus 10 serious injuries', { deaths: 2, seriousInjuries: 10 }, 0, 3],
    ['ignores missing persons when the policy keeps them apart', { deaths: 2, missing: 5 }, 0, 4],
  ];
  it.each(cases)('%s', (_name, c, loss, expected) => {
    expect(incidentLevel({ ...none, ...c }, loss, strict)).toBe(expected);
  });

  const withMissing: [string, Partial<typeof none>, IncidentLevel][] = [
    ['reaches 较大 at 2 deaths and 1 missing', { deaths: 2, missing: 1 }, 3],
    ['reaches 重大 at 0 deaths and 10 missing', { missing: 10 }, 2],
    ['reaches 特别重大 at 25 deaths and 5 missing', { deaths: 25, missing: 5 }, 1],
    ['stays 一般 at 1 death and 1 missing', { deaths: 1, missing: 1 }, 4],
  ];
  it.each(withMissing)('%s when missing persons count toward the level', (_name, c, expected) => {
    expect(incidentLevel({ ...none, ...c }, 0, combined)).toBe(expected);
  });

  it('applies an override table of bounds', () => {
    const bounds = [
      { deaths: 20, seriousInjuries: 80, directLossYuan: 8e7 },
      { deaths: 5, seriousInjuries: 30, directLossYuan: 3e7 },
      { deaths: 1, seriousInjuries: 5, directLossYuan: 5e6 },
    ] as const;
    expect(incidentLevel({ ...none, deaths: 1 }, 0, strict, bounds)).toBe(3);
    expect(incidentLevel({ ...none, deaths: 5 }, 0, strict, bounds)).toBe(2);
  });
});

describe('LEVEL_NAMES', () => {
  it('names every level in Chinese and English', () => {
    expect(LEVEL_NAMES[1]).toMatchObject({ zh: '特别重大', roman: 'I' });
    expect(LEVEL_NAMES[4]).toMatchObject({ zh: '一般', en: 'ordinary', roman: 'IV' });
  });
});

describe('majorRiskFlags', () => {
  const base = { missing: 0, trapped: 0, evacuated: 0 };
  const cases: [string, Partial<typeof base> & { atRisk?: number }, string[]][] = [
    ['flags nothing for a quiet incident', {}, []],
    ['flags nothing at 9 people at risk', { atRisk: 9 }, []],
    ['flags 10 people at risk', { atRisk: 10 }, ['atRisk']],
    ['treats an unreported at-risk count as zero', { trapped: 1 }, []],
    ['flags 3 trapped', { trapped: 3 }, ['trappedOrMissing']],
    ['flags 3 missing', { missing: 3 }, ['trappedOrMissing']],
    ['flags 2 trapped and 1 missing together', { trapped: 2, missing: 1 }, ['trappedOrMissing']],
    ['flags nothing at 2 trapped or missing', { trapped: 1, missing: 1 }, []],
    ['flags nothing at 499 evacuated', { evacuated: 499 }, []],
    ['flags 500 evacuated', { evacuated: 500 }, ['evacuated']],
    [
      'lists every criterion that holds',
      { atRisk: 12, trapped: 4, evacuated: 800 },
      ['atRisk', 'trappedOrMissing', 'evacuated'],
    ],
  ];
  it.each(cases)('%s', (_name, c, expected) => {
    expect(majorRiskFlags({ ...base, ...c })).toEqual(expected);
  });

  it('uses overridden thresholds', () => {
    const thresholds = { atRisk: 5, trappedOrMissing: 1, evacuated: 100 };
    expect(majorRiskFlags({ ...base, atRisk: 5, trapped: 1, evacuated: 100 }, thresholds)).toEqual([
      'atRisk',
      'trappedOrMissing',
      'evacuated',
    ]);
  });
});
