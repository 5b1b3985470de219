// One file on purpose (over 250 lines): the screens' selectors (header, stations, stock, incidents) on one shared
// feed fixture.
import { describe, expect, it } from 'vitest';
import type { Action } from '../../src/state/actions.js';
import { reduce } from '../../src/state/reducer.js';
import { formatClock } from '../../src/state/selectors/context.js';
import { selectHeader } from '../../src/state/selectors/header.js';
import { selectIncidentRows } from '../../src/state/selectors/incidents.js';
import { selectStationRows } from '../../src/state/selectors/stations.js';
import { selectStockRows } from '../../src/state/selectors/stock.js';
import { selectWallSummary } from '../../src/state/selectors/wall-summary.js';
import { initialWatchState, type WatchState } from '../../src/state/watch-state.js';
import { incident, MIN, NIGHT, server, snapshot, stock } from './feed-fixtures.js';

// The local clock is deliberately unrelated to the collector's: selectors must measure against serverNow.
const LOCAL = 1_000_000;
const run = (actions: Action[], from: WatchState = initialWatchState) => actions.reduce(reduce, from);

// Readings every 15 minutes up to `latestMinutesAgo`, rising at `mPerH`.
function trend(latest: number, mPerH: number, latestMinutesAgo = 0) {
  return [60, 45, 30, 15, 0].map((m) => ({
    at: NIGHT - (m + latestMinutesAgo) * MIN,
    level: latest - (mPerH * m) / 60,
  }));
}

describe('selectHeader', () => {
  const state = run([server(snapshot(), LOCAL), { type: 'conn.live', at: LOCAL }]);

  it('shows the county name in either script and the collector time in the county offset', () => {
    expect(selectHeader(state, LOCAL + 5_000, { names: 'zh' })).toMatchObject({
      countyName: '测试县',
      localTime: '02:00:05',
      connection: { status: 'live', text: 'live', age: '5s' },
      freshness: { ageMs: 5_000, text: '5s', isStale: false },
    });
    expect(selectHeader(state, LOCAL, { names: 'ascii' }).countyName).toBe('Test County');
  });

  it('says since when it has been reconnecting, then offline, on the collector clock', () => {
    const drop = LOCAL + 14 * MIN + 5_000;
    const lost = reduce(state, { type: 'conn.lost', at: drop, reason: 'link closed (1006)' });
    const header = selectHeader(lost, drop + 2 * MIN, { names: 'zh' });
    expect(header.connection).toEqual({
      status: 'reconnecting',
      text: 'reconnecting since 02:14:05',
      age: '2m',
    });
    expect(header.freshness).toMatchObject({ text: '16m', isStale: true });
    const offline = reduce(lost, { type: 'conn.offline', at: drop + 10_000 });
    expect(selectHeader(offline, drop + 3 * MIN, { names: 'zh' }).connection.text).toBe(
      'offline since 02:14:05',
    );
  });

  it('explains a refusal', () => {
    const refused = reduce(initialWatchState, {
      type: 'conn.refused',
      at: LOCAL,
      httpStatus: 401,
      reason: 'a valid token is required',
    });
    expect(selectHeader(refused, LOCAL, { names: 'ascii' })).toMatchObject({
      countyName: '--',
      connection: { status: 'refused', text: 'refused (HTTP 401): a valid token is required' },
      freshness: { text: '--', isStale: true },
    });
  });

  it('formats a clock in a fixed offset, not the terminal zone', () => {
    expect(formatClock(Date.parse('2026-07-19T18:14:05Z'), '+08:00')).toBe('02:14:05');
    expect(formatClock(Date.parse('2026-07-19T18:14:05Z'), '-05:30')).toBe('12:44:05');
  });
});

describe('selectStationRows', () => {
  const state = run([
    server(
      snapshot({
        histories: {
          G1: trend(9.5, 0.1),
          // Last reading 40 minutes old: past R1's default 30-minute stale interval.
          R1: trend(101.5, 0.05, 40),
        },
      }),
      LOCAL,
    ),
  ]);

  it('names stations in Chinese or ASCII, and the next line in the same language', () => {
    const [zh] = selectStationRows(state, LOCAL, { names: 'zh' });
    const [ascii] = selectStationRows(state, LOCAL, { names: 'ascii' });
    expect(zh).toMatchObject({ name: '汝河大桥', townshipName: '城关镇', nextLine: { label: '警戒水位' } });
    expect(ascii).toMatchObject({
      name: 'Ruhe Bridge',
      townshipName: 'Chengguan',
      nextLine: { label: 'warning level' },
    });
  });

  it('gives level, rate, next line, time to it, age and sparkline', () => {
    const [g1] = selectStationRows(state, LOCAL, { names: 'ascii' });
    expect(g1).toMatchObject({
      code: 'G1',
      levelText: '9.50',
      rateText: '+0.10 m/h',
      floodColour: 'none',
      condition: 'normal',
      nextLine: { key: 'warning', level: 10, distanceText: '-0.50' },
      ageText: '0s',
      stale: false,
      sparkline: [9.4, 9.425, 9.45, 9.475, 9.5],
    });
    expect(g1?.timeToNextLineText).toMatch(/^(4h59m|5h00m)$/);
  });

  it('flags a station whose last reading is older than its stale interval, whatever its level', () => {
    const r1 = selectStationRows(state, LOCAL, { names: 'zh' })[1];
    expect(r1).toMatchObject({
      code: 'R1',
      stale: true,
      condition: 'stale',
      ageText: '40m',
      overFloodLimit: true,
      floodLimit: { level: 101, label: '主汛期' },
      timeToNextLineText: '--',
    });
  });

  it('measures ages on the collector clock extrapolated from local now', () => {
    const [g1] = selectStationRows(state, LOCAL + 5 * MIN, { names: 'zh' });
    expect(g1?.ageText).toBe('5m');
    const fast = reduce(state, server({ v: 1, type: 'clock', now: NIGHT, clockRate: 60, seq: 0 }, LOCAL));
    expect(selectStationRows(fast, LOCAL + 60_000, { names: 'zh' })[0]?.ageText).toBe('1h00m');
  });

  it('is empty before the first snapshot', () => {
    expect(selectStationRows(initialWatchState, LOCAL, { names: 'zh' })).toEqual([]);
  });
});

describe('selectStockRows', () => {
  const soon = '2026-07-30';
  const state = run([
    server(
      snapshot({
        stock: [
          stock('W1', 'TENT', 12),
          stock('W1', 'BAG', 40),
          stock('W2', 'TENT', 0),
          stock('W2', 'BAG', 5, [{ batch: 'B-7', expiresOn: soon, quantity: 5 }]),
        ],
      }),
      LOCAL,
    ),
  ]);

  it('puts shortfalls first, worst first, then expiring lots, then the rest', () => {
    const rows = selectStockRows(state, LOCAL, { names: 'zh' });
    expect(rows.map((r) => `${r.warehouse}/${r.item}:${r.severity}`)).toEqual([
      'W2/TENT:critical',
      'W1/BAG:low',
      'W2/BAG:ok',
      'W1/TENT:ok',
    ]);
    expect(rows[1]).toMatchObject({
      warehouseName: '县救灾物资储备库',
      itemName: '编织袋',
      quantity: 40,
      minimum: 100,
      shortfall: 60,
      unit: '条',
      isReported: true,
      ageText: '10m',
    });
    expect(rows[2]?.expiringLots).toEqual([
      { batch: 'B-7', expiresOn: soon, quantity: 5, daysLeft: 10, isExpired: false },
    ]);
  });

  it('uses ASCII names and units when asked', () => {
    const [first] = selectStockRows(state, LOCAL, { names: 'ascii' });
    expect(first).toMatchObject({ warehouseName: 'Chengguan store', itemName: 'Tent', unit: 'pcs' });
  });

  it('shows a required item that was never counted as a shortfall of everything', () => {
    const bare = run([server(snapshot(), LOCAL)]);
    const rows = selectStockRows(bare, LOCAL, { names: 'ascii' });
    expect(rows.map((r) => `${r.warehouse}/${r.item}:${r.quantity}/${r.minimum}`)).toEqual([
      'W1/BAG:0/100',
      'W1/TENT:0/10',
      'W2/TENT:0/2',
    ]);
    expect(rows.every((r) => !r.isReported && r.severity === 'critical' && r.ageText === '--')).toBe(true);
  });
});

describe('selectIncidentRows', () => {
  const casualties = { deaths: 0, missing: 0, seriousInjuries: 0, injuries: 0, trapped: 0, evacuated: 0 };
  const state = run([
    server(
      snapshot({
        incidents: [
          incident('I1'),
          incident('I2', { casualties: { ...casualties, deaths: 3, injuries: 2 }, township: 'T2' }),
          incident('I3', { casualties: { ...casualties, deaths: 12 }, status: 'closed' }),
          incident('I4', { casualties: { ...casualties, seriousInjuries: 50 }, occurredAt: NIGHT - 2 * MIN }),
          incident('I5', { casualties: { ...casualties, trapped: 2, missing: 1 } }),
        ],
      }),
      LOCAL,
    ),
  ]);

  it('lists open incidents before closed ones, worst level first', () => {
    const rows = selectIncidentRows(state, LOCAL, { names: 'zh' });
    expect(rows.map((r) => `${r.code}:${r.level}:${r.status}`)).toEqual([
      'I4:2:open',
      'I2:3:open',
      'I1:4:open',
      'I5:4:open',
      'I3:2:closed',
    ]);
  });

  it('names the level, township and casualties in Chinese or English', () => {
    const zh = selectIncidentRows(state, LOCAL, { names: 'zh' })[1];
    const en = selectIncidentRows(state, LOCAL, { names: 'ascii' })[1];
    expect(zh).toMatchObject({
      levelName: '较大',
      levelRoman: 'III',
      townshipName: '河口乡',
      casualtiesText: '死亡3 受伤2',
      ageText: '30m',
      updatedAgeText: '20m',
    });
    expect(en).toMatchObject({
      levelName: 'relatively serious',
      townshipName: 'Hekou',
      casualtiesText: '3 dead, 2 injured',
    });
  });

  it('flags 较大涉险 and applies the missing-persons policy when asked', () => {
    const i5 = selectIncidentRows(state, LOCAL, { names: 'zh' }).find((r) => r.code === 'I5');
    expect(i5).toMatchObject({ majorRisk: ['trappedOrMissing'], majorRiskText: '被困或下落不明3人以上' });
    const strict = run([
      server(
        snapshot({ incidents: [incident('I6', { casualties: { ...casualties, deaths: 2, missing: 1 } })] }),
      ),
    ]);
    expect(selectIncidentRows(strict, LOCAL, { names: 'zh' })[0]?.level).toBe(4);
    expect(selectIncidentRows(strict, LOCAL, { names: 'zh', countMissingTowardLevel: true })[0]?.level).toBe(
      3,
    );
  });
});

describe('selectWallSummary', () => {
  it('sums up the worst: the reservoir against its limit, stations in warning, serious incidents, shortfalls', () => {
    const casualties = { deaths: 3, missing: 0, seriousInjuries: 0, injuries: 0, trapped: 0, evacuated: 0 };
    const state = run([
      server(
        snapshot({
          histories: { G1: trend(10.2, 0.2), R1: trend(101.5, 0.05) },
          incidents: [
            incident('I1'),
            incident('I2', { casualties }),
            incident('I3', { casualties, status: 'closed' }),
          ],
          stock: [stock('W1', 'TENT', 12), stock('W1', 'BAG', 100), stock('W2', 'TENT', 1)],
        }),
        LOCAL,
      ),
      { type: 'conn.live', at: LOCAL },
    ]);
    const summary = selectWallSummary(state, LOCAL, { names: 'ascii' });
    expect(summary.reservoirs).toHaveLength(1);
    expect(summary.reservoirs[0]?.row.code).toBe('R1');
    expect(summary.reservoirs[0]?.overLimitBy).toBeCloseTo(0.5);
    expect(summary).toMatchObject({
      header: { connection: { text: 'live' } },
      worstColour: 'yellow',
      stationsInWarning: 2,
      staleStations: 0,
      openIncidents: 2,
      seriousIncidents: 1,
      worstIncident: { code: 'I2' },
      shortfalls: 1,
      criticalShortfalls: 0,
    });
    // Both are yellow; the faster rise is the one to watch.
    expect(summary.worstStation?.code).toBe('G1');
  });
});
