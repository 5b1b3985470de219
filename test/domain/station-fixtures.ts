import { type Station, stationSchema } from '../../src/protocol/index.js';

/** A river gauge on the Ru (警戒 10, 保证 12, record 13.2) for status tests; `overrides` change its settings. */
export function ruRiverGauge(overrides: Record<string, unknown> = {}): Station {
  return stationSchema.parse({
    code: 'ruhe-1',
    name: '汝河某站',
    nameAscii: 'Ru River gauge',
    kind: 'river',
    township: 't01',
    riseAlarm: 0.3,
    gauge: { warningLevel: 10, guaranteeLevel: 12, historicalMax: 13.2 },
    ...overrides,
  });
}
