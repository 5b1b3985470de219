import { describe, expect, it } from 'vitest';
import { evaluateConditions } from '../../../src/domain/rules/evaluate.js';
import type { StockFeed } from '../../../src/protocol/index.js';
import { byKey, NOW, ruleInput } from './rules-fixtures.js';

const NOVEMBER = Date.parse('2026-11-20T02:00+08:00');

function line(warehouse: string, item: string, quantity: number, lots: StockFeed['lots'] = []): StockFeed {
  return { warehouse, item, quantity, lots, updatedAt: NOW - 60_000 };
}

const evaluate = (stock: StockFeed[], now = NOW) =>
  byKey(evaluateConditions(ruleInput({ stock }), now).filter((c) => c.class.startsWith('stock.')));

describe('stock rules', () => {
  // WH-T01 keeps ≥150 life jackets (a flood item) and ≥4 floodlights; WH-T02 has no minimum for assault boats.
  const cases: [string, StockFeed, number, string[]][] = [
    ['raise nothing at the minimum', line('WH-T01', 'LIFEJACKET', 150), NOW, []],
    ['flag stock below the minimum', line('WH-T01', 'LIFEJACKET', 149), NOW, ['stock.low:WH-T01:LIFEJACKET']],
    [
      'flag zero stock of a required item as empty and low',
      line('WH-T01', 'LAMP', 0),
      NOVEMBER,
      ['stock.low:WH-T01:LAMP', 'stock.empty:WH-T01:LAMP'],
    ],
    [
      'flag a flood item at zero in flood season with no minimum',
      line('WH-T02', 'BOAT-ASSAULT', 0),
      NOW,
      ['stock.empty:WH-T02:BOAT-ASSAULT'],
    ],
    [
      'ignore a flood item at zero with no minimum out of season',
      line('WH-T02', 'BOAT-ASSAULT', 0),
      NOVEMBER,
      [],
    ],
    ['ignore stock of an unconfigured warehouse', line('WH-NOWHERE', 'LIFEJACKET', 0), NOW, []],
  ];
  it.each(cases)('%s', (_name, stock, now, keys) => {
    expect([...evaluate([stock], now).keys()]).toEqual(keys);
  });

  it('raises nothing for a minimum with no balance ever recorded (unknown is not zero)', () => {
    expect(evaluate([])).toEqual(new Map());
  });

  it('lets empty (rank 2) outrank low (rank 1) for the same warehouse and item', () => {
    const found = evaluate([line('WH-T01', 'LIFEJACKET', 0)]);
    expect(found.get('stock.low:WH-T01:LIFEJACKET')).toMatchObject({
      severity: 'warning',
      worseWhen: 'lower',
      value: 0,
      inhibit: { group: 'stock:WH-T01:LIFEJACKET', rank: 1 },
    });
    expect(found.get('stock.empty:WH-T01:LIFEJACKET')).toMatchObject({
      severity: 'critical',
      inhibit: { group: 'stock:WH-T01:LIFEJACKET', rank: 2 },
      title: { zh: '城关街道应急物资储备库 救生衣 库存为零（最低 150）' },
    });
  });

  it('titles a low line with the quantity, unit and minimum', () => {
    const found = evaluate([line('WH-T01', 'LIFEJACKET', 100)]).get('stock.low:WH-T01:LIFEJACKET');
    expect(found?.title).toEqual({
      zh: '城关街道应急物资储备库 救生衣 低于最低储备：100件（最低 150）',
      en: 'Chengguan Jiedao Chubeiku: Life jacket below minimum: 100 pc (minimum 150)',
    });
  });

  // Bottled water warns 60 days ahead; NOW is 2026-07-20.
  const expiry: [string, StockFeed['lots'], number | undefined][] = [
    [
      'ignores lots expiring after the window',
      [{ batch: 'A', expiresOn: '2026-09-19', quantity: 30 }],
      undefined,
    ],
    [
      'flags a lot on the last day of the window',
      [{ batch: 'A', expiresOn: '2026-09-18', quantity: 30 }],
      30,
    ],
    ['counts expired lots too', [{ batch: 'A', expiresOn: '2026-07-01', quantity: 5 }], 5],
    ['ignores lots without a date', [{ batch: 'A', expiresOn: null, quantity: 30 }], undefined],
    [
      'sums every lot in the window',
      [
        { batch: 'A', expiresOn: '2026-08-15', quantity: 30 },
        { batch: 'B', expiresOn: '2026-07-01', quantity: 5 },
        { batch: 'C', expiresOn: '2027-07-01', quantity: 100 },
      ],
      35,
    ],
  ];
  it.each(expiry)('%s', (_name, lots, value) => {
    const found = evaluate([line('WH-T01', 'WATER', 200, lots)]).get('stock.expiring:WH-T01:WATER');
    expect(found?.value).toBe(value);
  });

  it('is an info alert naming the first date and any expired units', () => {
    const lots = [
      { batch: 'A', expiresOn: '2026-08-15', quantity: 30 },
      { batch: 'B', expiresOn: '2026-07-01', quantity: 5 },
    ];
    const found = evaluate([line('WH-T01', 'WATER', 200, lots)]).get('stock.expiring:WH-T01:WATER');
    expect(found).toMatchObject({ severity: 'info', autoClose: true, worseWhen: 'higher' });
    expect(found?.inhibit).toBeUndefined();
    expect(found?.title.zh).toBe(
      '城关街道应急物资储备库 瓶装水 临期 35箱（最早 2026-07-01 到期，其中 5箱 已过期）',
    );
  });
});
