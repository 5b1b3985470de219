import { describe, expect, it } from 'vitest';
import { evaluateConditions, stationConditions } from '../../../src/domain/rules/evaluate.js';
import { obligationFeed } from '../../state/feed-fixtures.js';
import { HOUR, incident, MIN, NOW, ruleInput, steady } from './rules-fixtures.js';

// A busy night: the reservoir over its limit and near design, a river at 保证, low stock, a 较大 accident with
// people trapped, an overdue report and a handover nobody has accepted.
const busy = ruleInput({
  histories: new Map([
    ['ST-RES-01', steady(54.6)],
    ['ST-RH-02', steady(43.7)],
  ]),
  stock: [{ warehouse: 'WH-T01', item: 'LIFEJACKET', quantity: 0, lots: [], updatedAt: NOW - HOUR }],
  incidents: [incident('INC-1', { deaths: 3, trapped: 4 })],
  obligations: [obligationFeed(1, { warnAt: NOW - 20 * MIN, dueAt: NOW - 10 * MIN })],
  handover: { from: 'wang.lei', to: 'li.jing', since: NOW - 2 * HOUR },
});

describe('evaluateConditions', () => {
  it('emits each key once', () => {
    const keys = evaluateConditions(busy, NOW).map((c) => c.key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('gives the same answer for the same input and instant', () => {
    expect(evaluateConditions(busy, NOW)).toEqual(evaluateConditions(busy, NOW));
  });

  it('lists every subject of a busy night in a fixed order', () => {
    expect(evaluateConditions(busy, NOW).map((c) => c.key)).toEqual([
      'reservoir.over_limit:ST-RES-01',
      'reservoir.over_flood_high:ST-RES-01',
      'reservoir.near_design:ST-RES-01',
      'water.blue:ST-RH-02',
      'water.warning:ST-RH-02',
      'water.guarantee:ST-RH-02',
      'station.stale:ST-RH-01',
      'station.stale:ST-BRH-01',
      'station.stale:ST-BRH-02',
      'source.silent:demo-telemetry',
      'stock.low:WH-T01:LIFEJACKET',
      'stock.empty:WH-T01:LIFEJACKET',
      'incident.reportable:INC-1:L3',
      'incident.major_risk:INC-1',
      'report.overdue:1',
      'duty.handover:li.jing',
    ]);
  });

  it('writes a title and an action in both languages for every condition', () => {
    for (const c of evaluateConditions(busy, NOW)) {
      expect([c.title.zh, c.title.en, c.action.zh, c.action.en].every((t) => t.length > 0)).toBe(true);
      // English titles go to the Linux console, which cannot draw CJK.
      expect(c.title.en).toMatch(/^[\x20-\x7e]+$/);
      expect(c.action.en).toMatch(/^[\x20-\x7e]+$/);
    }
  });
});

describe('stationConditions', () => {
  const isAbout = (codes: ReadonlySet<string>) => (c: { subject: { kind: string; code: string } }) =>
    c.subject.kind === 'station' && codes.has(c.subject.code);

  it.each([
    ['one station over its lines', ['ST-RES-01']],
    ['a river at 保证 and a stale one', ['ST-RH-02', 'ST-RH-01']],
    ['every station', busy.config.stations.map((s) => s.code)],
    ['none', []],
  ])('gives exactly the full pass’s conditions about %s', (_, codes) => {
    const scope = new Set(codes);
    expect(stationConditions(busy, NOW, scope)).toEqual(evaluateConditions(busy, NOW).filter(isAbout(scope)));
  });

  it('judges only the stations asked for', () => {
    expect(stationConditions(busy, NOW, new Set(['ST-RES-01'])).map((c) => c.key)).toEqual([
      'reservoir.over_limit:ST-RES-01',
      'reservoir.over_flood_high:ST-RES-01',
      'reservoir.near_design:ST-RES-01',
    ]);
  });
});
