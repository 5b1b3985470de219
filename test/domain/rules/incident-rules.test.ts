import { describe, expect, it } from 'vitest';
import { evaluateConditions } from '../../../src/domain/rules/evaluate.js';
import { configSchema, type IncidentFeed } from '../../../src/protocol/index.js';
import { alertBook, byKey, demoCountyInput, incident, MIN, NOW, ruleInput } from './rules-fixtures.js';

const evaluate = (incidents: IncidentFeed[], config = ruleInput().config) =>
  byKey(
    evaluateConditions(ruleInput({ config, incidents }), NOW).filter((c) => c.class.startsWith('incident.')),
  );

describe('incident rules', () => {
  const cases: [string, IncidentFeed, string[]][] = [
    ['greet a new 一般 incident', incident('INC-1', { deaths: 2 }), ['incident.new:INC-1']],
    [
      'make 3 deaths reportable at level III',
      incident('INC-1', { deaths: 3 }),
      ['incident.reportable:INC-1:L3'],
    ],
    [
      'make 10 deaths reportable at level II',
      incident('INC-1', { deaths: 10 }),
      ['incident.reportable:INC-1:L2'],
    ],
    [
      'make a loss of 1000万 reportable',
      incident('INC-1', {}, { directLossYuan: 10_000_000 }),
      ['incident.reportable:INC-1:L3'],
    ],
    [
      'flag 3 trapped as a major risk',
      incident('INC-1', { trapped: 3 }),
      ['incident.new:INC-1', 'incident.major_risk:INC-1'],
    ],
    [
      'flag 2 trapped and 1 missing as a major risk',
      incident('INC-1', { trapped: 2, missing: 1 }),
      ['incident.new:INC-1', 'incident.major_risk:INC-1'],
    ],
    [
      'stop greeting an 一般 incident received 60 min ago',
      incident('INC-1', { deaths: 1 }, { receivedAt: NOW - 60 * MIN }),
      [],
    ],
    [
      'raise nothing for a closed incident',
      incident('INC-1', { deaths: 5, trapped: 4 }, { status: 'closed' }),
      [],
    ],
  ];
  it.each(cases)('%s', (_name, feed, keys) => {
    expect([...evaluate([feed]).keys()]).toEqual(keys);
  });

  it('counts missing persons toward the level when the policy says so', () => {
    const input = demoCountyInput();
    input.reporting = { countMissingTowardLevel: true };
    const found = evaluate([incident('INC-1', { deaths: 2, missing: 1 })], configSchema.parse(input));
    expect(found.has('incident.reportable:INC-1:L3')).toBe(true);
  });

  it('makes reportable alerts critical, manual to close, and ranked 5 − level', () => {
    const l3 = evaluate([incident('INC-1', { deaths: 3 })]).get('incident.reportable:INC-1:L3');
    expect(l3).toMatchObject({
      severity: 'critical',
      autoClose: false,
      value: 3,
      inhibit: { group: 'incident:INC-1', rank: 2 },
      subject: { kind: 'incident', code: 'INC-1' },
      title: {
        zh: '某矿山透水事故（湖滨镇） 达到较大（III级）事故标准：死亡 3 人',
        en: 'Incident INC-1 (Hubin Zhen) reaches level III (relatively serious): 3 dead',
      },
    });
    const l1 = evaluate([incident('INC-1', { deaths: 30 })]).get('incident.reportable:INC-1:L1');
    expect(l1?.inhibit?.rank).toBe(4);
  });

  it('makes major risk and new incidents critical and warning, both closed by hand', () => {
    const found = evaluate([incident('INC-1', { trapped: 3 })]);
    expect(found.get('incident.major_risk:INC-1')).toMatchObject({
      severity: 'critical',
      autoClose: false,
      title: { en: 'Incident INC-1 (Hubin Zhen) major risk: 3+ trapped or missing' },
    });
    expect(found.get('incident.new:INC-1')).toMatchObject({
      severity: 'warning',
      autoClose: false,
      inhibit: { group: 'incident:INC-1', rank: 1 },
    });
  });

  it('opens a new alert on an upgrade from 一般 to 较大, which hides the earlier one', () => {
    const book = alertBook();
    const base = ruleInput({ startedAt: NOW });
    book.tick({ ...base, incidents: [incident('INC-1', { deaths: 2 })] }, NOW);
    expect([...book.open.keys()]).toEqual(['incident.new:INC-1']);
    book.tick({ ...base, incidents: [incident('INC-1', { deaths: 3 })] }, NOW + 5 * MIN);
    // Upgrading makes the 一般 condition clear, but a human must still close its alert.
    expect([...book.open.keys()]).toEqual(['incident.new:INC-1', 'incident.reportable:INC-1:L3']);
    expect(book.inhibitedKeys()).toEqual(new Map([['incident.new:INC-1', 'incident.reportable:INC-1:L3']]));
    book.tick({ ...base, incidents: [incident('INC-1', { deaths: 10 })] }, NOW + 10 * MIN);
    expect(book.events.filter((e) => e.kind === 'open').map((e) => e.key)).toEqual([
      'incident.new:INC-1',
      'incident.reportable:INC-1:L3',
      'incident.reportable:INC-1:L2',
    ]);
    expect(book.inhibitedKeys().get('incident.reportable:INC-1:L3')).toBe('incident.reportable:INC-1:L2');
  });

  it('lets alerts of a closed incident go clear but leaves closing them to a person', () => {
    const book = alertBook();
    const base = ruleInput({ startedAt: NOW });
    book.tick({ ...base, incidents: [incident('INC-1', { deaths: 3 })] }, NOW);
    const closed = incident('INC-1', { deaths: 3 }, { status: 'closed' });
    book.tick({ ...base, incidents: [closed] }, NOW + MIN);
    book.tick({ ...base, incidents: [closed] }, NOW + 60 * MIN);
    expect(book.open.get('incident.reportable:INC-1:L3')?.clearSince).toBe(NOW + MIN);
    expect(book.events.some((e) => e.kind === 'close')).toBe(false);
  });
});
