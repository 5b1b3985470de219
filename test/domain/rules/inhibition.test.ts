import { describe, expect, it } from 'vitest';
import { type InhibitableAlert, inhibitions } from '../../../src/domain/rules/inhibition.js';

const a = (id: number, rank: number, state = 'triggered', group = 'water:ST-RH-02'): InhibitableAlert => ({
  id,
  state,
  inhibit: { group, rank },
});

describe('inhibitions', () => {
  const cases: [string, InhibitableAlert[], [number, number][]][] = [
    ['hides a milder alert behind a worse one', [a(1, 2), a(2, 3)], [[1, 2]]],
    [
      'names the highest rank for every lower one',
      [a(1, 1), a(2, 2), a(3, 4)],
      [
        [1, 3],
        [2, 3],
      ],
    ],
    ['lets equal ranks stand side by side', [a(1, 2), a(2, 2)], []],
    ['names the oldest of several top-ranked alerts', [a(1, 1), a(3, 2), a(2, 2)], [[1, 2]]],
    ['lets a closed alert inhibit nothing', [a(1, 2), a(2, 3, 'closed')], []],
    ['counts acknowledged alerts as open', [a(1, 2), a(2, 3, 'acknowledged')], [[1, 2]]],
    ['keeps groups apart', [a(1, 2), a(2, 3, 'triggered', 'water:ST-RH-01')], []],
    ['ignores alerts without a slot', [{ id: 1, state: 'triggered' }, a(2, 3)], []],
  ];
  it.each(cases)('%s', (_name, alerts, expected) => {
    expect([...inhibitions(alerts)]).toEqual(expected);
  });
});
