// One file on purpose (over 250 lines): the relay's translation of every feed kind, and its table, in one place.
import { describe, expect, it } from 'vitest';
import {
  type FeedChange,
  type IncidentFeed,
  ingestMessageSchema,
  type Snapshot,
  singleIngestMessageSchema,
} from '../../src/protocol/index.js';
import {
  type Derived,
  type IncidentMark,
  inTimeOrder,
  isDerivedAtCity,
  RELAY_KINDS,
  type RelayKind,
  snapshotChanges,
  TRANSLATORS,
  type TranslateContext,
  translateChange,
} from '../../src/relay/translate.js';

const T0 = Date.UTC(2026, 6, 20, 2, 0); // 2026-07-20T02:00:00Z
const ALL = new Set<RelayKind>(RELAY_KINDS);

function ctx(
  overrides: Partial<TranslateContext> = {},
  known: Record<string, IncidentMark> = {},
): TranslateContext {
  return {
    stations: undefined,
    minLevel: 4,
    countMissingTowardLevel: false,
    horizon: T0 - 7 * 86_400_000,
    forwarded: (code) => known[code],
    capIssuer: { sender: 'dutywatch-relay' },
    ...overrides,
  };
}

function incident(overrides: Partial<IncidentFeed> = {}): IncidentFeed {
  return {
    code: 'T1-20260720-01',
    category: 'natural',
    kind: 'flood',
    title: '城关镇东村内涝',
    township: 'T1',
    village: 'T1V1',
    location: null,
    occurredAt: T0 - 3_600_000,
    receivedAt: T0 - 3_000_000,
    updatedAt: T0 - 3_000_000,
    casualties: { deaths: 0, missing: 0, seriousInjuries: 0, injuries: 1, trapped: 4, evacuated: 30 },
    directLossYuan: 0,
    status: 'open',
    updates: 0,
    ...overrides,
  };
}

const reading = (station: string, at: number, level: number, sensorFault?: boolean): FeedChange => ({
  kind: 'reading',
  station,
  reading: sensorFault ? { at, level, sensorFault } : { at, level },
});

const bodies = (derived: Derived[]) => derived.map((d) => JSON.parse(d.body) as Record<string, unknown>);

describe('translate: readings', () => {
  it('turns a reading into a reading message whose id is station + observation time', () => {
    const [d, ...rest] = translateChange(reading('G1', T0, 9.87), ALL, ctx());
    expect(rest).toEqual([]);
    expect(d?.id).toBe('rd:G1:2026-07-20T02:00:00.000Z');
    expect(d?.kind).toBe('readings');
    expect(d?.aboutAt).toBe(T0);
    expect(JSON.parse(d?.body ?? '')).toEqual({
      type: 'reading',
      id: 'rd:G1:2026-07-20T02:00:00.000Z',
      station: 'G1',
      observedAt: '2026-07-20T02:00:00.000Z',
      level: 9.87,
    });
  });

  it('derives the same id and the same bytes every time (a restart or resync sends nothing new)', () => {
    const a = translateChange(reading('R1', T0 + 250, 101.5, true), ALL, ctx());
    const b = translateChange(reading('R1', T0 + 250, 101.5, true), ALL, ctx());
    expect(a).toEqual(b);
    expect(bodies(a)[0]?.['sensorFault']).toBe(true);
  });

  it('forwards the rain a station reported, and none where it reported none', () => {
    const [withRain] = translateChange(
      { kind: 'reading', station: 'G1', reading: { at: T0, level: 9.87, rain: 12.5 } },
      ALL,
      ctx(),
    );
    expect(JSON.parse(withRain?.body ?? '')['rain']).toBe(12.5);
    expect(
      JSON.parse(translateChange(reading('G1', T0, 9.87), ALL, ctx())[0]?.body ?? ''),
    ).not.toHaveProperty('rain');
  });

  it('forwards only the chosen stations, only the chosen kinds, and nothing older than the horizon', () => {
    expect(translateChange(reading('R1', T0, 100), ALL, ctx({ stations: new Set(['G1']) }))).toEqual([]);
    expect(translateChange(reading('G1', T0, 9), ALL, ctx({ stations: new Set(['G1']) }))).toHaveLength(1);
    expect(translateChange(reading('G1', T0, 9), new Set<RelayKind>(['incidents']), ctx())).toEqual([]);
    expect(translateChange(reading('G1', T0, 9), ALL, ctx({ horizon: T0 + 1 }))).toEqual([]);
  });
});

describe('translate: incidents', () => {
  it('reports an incident the first time it is seen, with its figures as they stand', () => {
    const [d] = translateChange({ kind: 'incident', incident: incident() }, ALL, ctx());
    expect(d?.id).toBe('ir:T1-20260720-01');
    expect(d?.incident).toEqual({ code: 'T1-20260720-01', updatedAt: T0 - 3_000_000, updates: 0 });
    expect(JSON.parse(d?.body ?? '')).toEqual({
      type: 'incident.report',
      id: 'ir:T1-20260720-01',
      incident: 'T1-20260720-01',
      category: 'natural',
      kind: 'flood',
      title: '城关镇东村内涝',
      township: 'T1',
      village: 'T1V1',
      occurredAt: '2026-07-20T01:00:00.000Z',
      casualties: { deaths: 0, missing: 0, seriousInjuries: 0, injuries: 1, trapped: 4, evacuated: 30 },
      directLossYuan: 0,
      status: 'open',
    });
  });

  it('sends every later state as an update (id from code, update count and updatedAt), closing included', () => {
    const reported = { code: 'T1-20260720-01', updatedAt: T0 - 3_000_000, updates: 0 };
    const closed = incident({ updatedAt: T0, updates: 2, status: 'closed', directLossYuan: 1_200_000 });
    const [d] = translateChange(
      { kind: 'incident', incident: closed },
      ALL,
      ctx({}, { [reported.code]: reported }),
    );
    expect(d?.id).toBe('iu:T1-20260720-01:2:2026-07-20T02:00:00.000Z');
    expect(JSON.parse(d?.body ?? '')).toEqual({
      type: 'incident.update',
      id: d?.id,
      incident: 'T1-20260720-01',
      at: '2026-07-20T02:00:00.000Z',
      casualties: closed.casualties,
      directLossYuan: 1_200_000,
      status: 'closed',
    });
  });

  it('sends nothing for a state already forwarded or older (a resync snapshot)', () => {
    const mark = { code: 'T1-20260720-01', updatedAt: T0, updates: 2 };
    const known = { [mark.code]: mark };
    for (const seen of [
      incident({ updatedAt: T0, updates: 2 }),
      incident({ updatedAt: T0 - 1, updates: 1 }),
    ]) {
      expect(translateChange({ kind: 'incident', incident: seen }, ALL, ctx({}, known))).toEqual([]);
    }
    // Two updates committed in the same millisecond are still two states.
    const same = translateChange(
      { kind: 'incident', incident: incident({ updatedAt: T0, updates: 3 }) },
      ALL,
      ctx({}, known),
    );
    expect(same).toHaveLength(1);
  });

  it('reports an incident only once it reaches --min-level, then follows it whatever its level', () => {
    const minor = incident();
    const serious = incident({
      updatedAt: T0,
      updates: 1,
      casualties: { ...minor.casualties, deaths: 3 }, // 3 deaths: level 3 (较大)
    });
    expect(translateChange({ kind: 'incident', incident: minor }, ALL, ctx({ minLevel: 3 }))).toEqual([]);
    const [report] = translateChange({ kind: 'incident', incident: serious }, ALL, ctx({ minLevel: 3 }));
    expect(bodies(report ? [report] : [])[0]?.['type']).toBe('incident.report');
    expect(translateChange({ kind: 'incident', incident: serious }, ALL, ctx({ minLevel: 2 }))).toEqual([]);

    // Missing persons count toward the level only under the county's rule.
    const missing = incident({ casualties: { ...minor.casualties, missing: 3 } });
    expect(translateChange({ kind: 'incident', incident: missing }, ALL, ctx({ minLevel: 3 }))).toEqual([]);
    expect(
      translateChange(
        { kind: 'incident', incident: missing },
        ALL,
        ctx({ minLevel: 3, countMissingTowardLevel: true }),
      ),
    ).toHaveLength(1);

    // Once reported, a later, less serious state is still forwarded (the city must not keep stale figures).
    const mark = { code: minor.code, updatedAt: T0, updates: 1 };
    const calmer = incident({ updatedAt: T0 + 60_000, updates: 2 });
    expect(
      translateChange(
        { kind: 'incident', incident: calmer },
        ALL,
        ctx({ minLevel: 3 }, { [minor.code]: mark }),
      ),
    ).toHaveLength(1);
  });
});

describe('translate: alerts the city raises itself (issue 14)', () => {
  const station = { kind: 'station' as const, code: 'G1' };
  const incidentSubject = { kind: 'incident' as const, code: 'INC-1' };
  const kinds = (...k: RelayKind[]) => new Set<RelayKind>(k);

  it("leaves out a station alert when that station's readings go up, and sends it when they do not", () => {
    expect(isDerivedAtCity(station, ctx(), kinds('readings', 'alerts'))).toBe(true);
    expect(isDerivedAtCity(station, ctx({ stations: new Set(['R1']) }), kinds('readings', 'alerts'))).toBe(
      false,
    );
    expect(isDerivedAtCity(station, ctx(), kinds('alerts'))).toBe(false);
  });

  it('leaves out an incident alert when incidents go up; stock always goes as CAP', () => {
    expect(isDerivedAtCity(incidentSubject, ctx(), kinds('incidents', 'alerts'))).toBe(true);
    expect(isDerivedAtCity(incidentSubject, ctx(), kinds('readings', 'alerts'))).toBe(false);
    expect(isDerivedAtCity({ kind: 'stock', code: 'W1:TENT' }, ctx(), ALL)).toBe(false);
  });
});

describe('translate: the table', () => {
  it('has one entry per forwarded kind and ignores feed changes it has no entry for', () => {
    expect(Object.keys(TRANSLATORS).sort()).toEqual(['alert', 'incident', 'reading']);
    expect(new Set(Object.values(TRANSLATORS).map((t) => t.relayKind))).toEqual(new Set(RELAY_KINDS));
    const stock: FeedChange = {
      kind: 'stock',
      stock: { warehouse: 'W1', item: 'TENT', quantity: 5, lots: [], updatedAt: T0 },
    };
    expect(translateChange(stock, ALL, ctx())).toEqual([]);
  });

  it('writes every message in the collector’s normalised form, valid, so alone or in a batch it hashes alike', () => {
    const derived = [
      ...translateChange(reading('G1', T0, 9.5), ALL, ctx()),
      ...translateChange({ kind: 'incident', incident: incident({ location: '东组' }) }, ALL, ctx()),
      ...translateChange(
        { kind: 'incident', incident: incident({ updatedAt: T0, updates: 1 }) },
        ALL,
        ctx({}, { 'T1-20260720-01': { code: 'T1-20260720-01', updatedAt: 0, updates: 0 } }),
      ),
    ];
    expect(derived).toHaveLength(3);
    for (const d of derived) {
      const parsed = singleIngestMessageSchema.parse(JSON.parse(d.body));
      expect(JSON.stringify(parsed)).toBe(d.body);
      expect(ingestMessageSchema.safeParse(JSON.parse(d.body)).success).toBe(true);
      expect(d.id.length).toBeLessThanOrEqual(128);
    }
  });

  it('turns a snapshot into its readings oldest first, then its incidents', () => {
    const snapshot = {
      stations: [
        { code: 'R1', history: [{ at: T0 + 2, level: 100 }] },
        {
          code: 'G1',
          history: [
            { at: T0, level: 9 },
            { at: T0 + 2, level: 9.1 },
          ],
        },
      ],
      incidents: [incident()],
      alerts: [],
    } as unknown as Snapshot;
    const changes = snapshotChanges(snapshot);
    expect(changes.map((c) => (c.kind === 'reading' ? `${c.station}@${c.reading.at - T0}` : c.kind))).toEqual(
      ['G1@0', 'G1@2', 'R1@2', 'incident'],
    );
  });

  it('forwards from a thinned snapshot history only readings observed as they are, not its span points', () => {
    const MIN_MS = 60_000;
    const snapshot = {
      stations: [
        {
          code: 'G1',
          rateWindowMinutes: 30,
          historyThinned: true,
          history: [
            { at: T0, level: 9 },
            { at: T0 + 300 * MIN_MS, level: 9.2, rain: 4.5 },
            { at: T0 + 600 * MIN_MS, level: 9.3 },
            { at: T0 + 640 * MIN_MS, level: 9.4 },
          ],
        },
      ],
      incidents: [],
      alerts: [],
    } as unknown as Snapshot;
    const label = (c: FeedChange) =>
      c.kind === 'reading' ? `${c.station}@${(c.reading.at - T0) / MIN_MS}` : c.kind;
    expect(snapshotChanges(snapshot).map(label)).toEqual(['G1@0', 'G1@600', 'G1@640']);
  });

  it("puts a delta's readings, grouped by station as the county's feed sends them, back in observation order", () => {
    const reading = (station: string, dt: number) =>
      ({ kind: 'reading', station, reading: { at: T0 + dt, level: 1 } }) as FeedChange;
    const delta = [
      reading('R1', 0),
      reading('R1', 2),
      { kind: 'incident', incident: incident() } as FeedChange,
      reading('G1', 1),
      reading('G1', 2),
    ];
    const label = (c: FeedChange) => (c.kind === 'reading' ? `${c.station}@${c.reading.at - T0}` : c.kind);
    expect(inTimeOrder(delta).map(label)).toEqual(['R1@0', 'G1@1', 'incident', 'G1@2', 'R1@2']);
    expect(delta.map(label)).toEqual(['R1@0', 'R1@2', 'incident', 'G1@1', 'G1@2']);
  });
});
