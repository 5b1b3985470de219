import { describe, expect, it } from 'vitest';
import { type StockLot, stockStatus } from '../../src/domain/stock-status.js';
import { itemSchema, warehouseSchema } from '../../src/protocol/index.js';

const NOW = Date.parse('2026-07-01T23:30+08:00');
const summer = { utcOffset: '+08:00', inFloodSeason: true };
const winter = { utcOffset: '+08:00', inFloodSeason: false };

const warehouse = warehouseSchema.parse({
  code: 'county-main',
  name: '县救灾物资储备库',
  nameAscii: 'County relief warehouse',
  tier: 'county',
  minimums: { tent: 100, lifejacket: 0 },
});
const tent = itemSchema.parse({
  code: 'tent',
  name: '单帐篷',
  nameAscii: 'Tent',
  category: 'shelter',
  unit: '顶',
  unitAscii: 'pcs',
});
const lifejacket = itemSchema.parse({
  code: 'lifejacket',
  name: '救生衣',
  nameAscii: 'Life jacket',
  category: 'flood',
  unit: '件',
  unitAscii: 'pcs',
  isFloodCritical: true,
  expiryWarningDays: 30,
});
const blanket = itemSchema.parse({
  code: 'blanket',
  name: '毛毯',
  nameAscii: 'Blanket',
  category: 'bedding',
  unit: '条',
  unitAscii: 'pcs',
});

describe('stockStatus against the minimum', () => {
  const cases: [string, number, number, boolean, string][] = [
    ['is ok above the minimum', 150, 0, false, 'ok'],
    ['is ok exactly at the minimum', 100, 0, false, 'ok'],
    ['is low one below the minimum', 99, 1, true, 'low'],
    ['is critical at zero with a minimum set', 0, 100, true, 'critical'],
  ];
  it.each(cases)('%s', (_name, quantity, shortfall, below, severity) => {
    const s = stockStatus({ warehouse, item: tent, quantity, lots: [] }, NOW, summer);
    expect(s).toMatchObject({ quantity, minimum: 100, shortfall, isBelowMinimum: below, severity });
  });

  it('treats an item without a minimum as minimum 0', () => {
    const s = stockStatus({ warehouse, item: blanket, quantity: 0, lots: [] }, NOW, summer);
    expect(s).toMatchObject({ minimum: 0, shortfall: 0, isBelowMinimum: false, severity: 'ok' });
  });

  it('makes a flood-critical item at zero critical in flood season', () => {
    const s = stockStatus({ warehouse, item: lifejacket, quantity: 0, lots: [] }, NOW, summer);
    expect(s.severity).toBe('critical');
  });

  it('leaves a flood-critical item at zero ok out of flood season when no minimum is set', () => {
    const s = stockStatus({ warehouse, item: lifejacket, quantity: 0, lots: [] }, NOW, winter);
    expect(s.severity).toBe('ok');
  });
});

describe('stockStatus expiry', () => {
  // NOW is late on 07-01 local (already 07-01 15:30 UTC); the 30-day window ends on 07-31.
  const lots: StockLot[] = [
    { batch: 'edge', expiresOn: '2026-07-31', quantity: 10 },
    { batch: 'beyond', expiresOn: '2026-08-01', quantity: 10 },
    { batch: 'today', expiresOn: '2026-07-01', quantity: 5 },
    { batch: 'expired', expiresOn: '2026-06-30', quantity: 7 },
    { batch: 'empty', expiresOn: '2026-06-01', quantity: 0 },
    { batch: 'no-date', quantity: 50 },
  ];
  const s = stockStatus({ warehouse, item: lifejacket, quantity: 82, lots }, NOW, summer);

  it('lists lots within the window, soonest first, including the edge day and expired lots', () => {
    expect(s.expiringLots.map((l) => [l.batch, l.daysLeft, l.isExpired])).toEqual([
      ['expired', -1, true],
      ['today', 0, false],
      ['edge', 30, false],
    ]);
  });

  it('sums the quantity in expired lots', () => {
    expect(s.expiredQuantity).toBe(7);
  });

  it('keeps severity about quantity, not expiry', () => {
    expect(s.severity).toBe('ok');
  });
});
