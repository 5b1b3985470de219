// One file on purpose (over 250 lines): the reporting clocks' three planners on one set of incidents.
import { describe, expect, it } from 'vitest';
import {
  type ExistingObligation,
  type IncidentFacts,
  type PlannedObligation,
  planNextFollowup,
  planOnChange,
  planOnReport,
} from '../../src/domain/reporting-clocks.js';
import { type ReportingSettings, reportingSettingsSchema } from '../../src/protocol/index.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const T0 = Date.parse('2026-07-01T01:00:00Z');
const DEFAULT = reportingSettingsSchema.parse({});
const HENAN = reportingSettingsSchema.parse({ profile: 'henan' });

function facts(overrides: Partial<IncidentFacts> = {}): IncidentFacts {
  return {
    code: 'INC-1',
    category: 'accident',
    receivedAt: T0,
    level: 4,
    isMajorRisk: false,
    isOpen: true,
    ...overrides,
  };
}

/** Obligations as `kind→target @ minutes from T0`, sorted, so a table row reads like the rule it checks. */
function summary(planned: readonly PlannedObligation[], from = T0): string[] {
  return planned.map((o) => `${o.kind}→${o.target} L${o.level} @${(o.dueAt - from) / MIN}`).sort();
}

let nextId = 1;
function stored(
  kind: ExistingObligation['kind'],
  level: number,
  dueAt: number,
  state: ExistingObligation['state'] = 'open',
) {
  return { id: nextId++, kind, level, state, dueAt, doneAt: state === 'done' ? dueAt - 10 * MIN : null };
}

describe('planOnReport', () => {
  it.each<[string, Partial<IncidentFacts>, ReportingSettings, string[]]>([
    [
      'default 一般: only the statutory city report and a daily follow-up',
      { level: 4 },
      DEFAULT,
      ['followup→city L4 @1440', 'statutory→city L4 @120'],
    ],
    [
      'default 较大: phone 30 and written 60 min',
      { level: 3 },
      DEFAULT,
      ['followup→city L3 @1440', 'phone→city L3 @30', 'statutory→city L3 @120', 'written→city L3 @60'],
    ],
    [
      'default 较大涉险 with no deaths (level 一般): phone 30 and written 60 min',
      { level: 4, isMajorRisk: true },
      DEFAULT,
      ['followup→city L4 @1440', 'phone→city L4 @30', 'statutory→city L4 @120', 'written→city L4 @60'],
    ],
    [
      'default 重大: follow-ups every 12 h',
      { level: 2 },
      DEFAULT,
      ['followup→city L2 @720', 'phone→city L2 @30', 'statutory→city L2 @120', 'written→city L2 @60'],
    ],
    [
      'henan 重大: phone 15 and written 35 min to the province',
      { level: 2 },
      HENAN,
      ['followup→city L2 @720', 'phone→province L2 @15', 'statutory→city L2 @120', 'written→province L2 @35'],
    ],
    [
      'henan 特别重大: as 重大',
      { level: 1, category: 'natural' },
      HENAN,
      ['followup→city L1 @720', 'phone→province L1 @15', 'statutory→city L1 @120', 'written→province L1 @35'],
    ],
    [
      'henan 较大: written 60 min, no phone clock',
      { level: 3 },
      HENAN,
      ['followup→city L3 @1440', 'statutory→city L3 @120', 'written→province L3 @60'],
    ],
    [
      'henan 较大涉险 with no deaths: written 60 min',
      { level: 4, isMajorRisk: true },
      HENAN,
      ['followup→city L4 @1440', 'statutory→city L4 @120', 'written→province L4 @60'],
    ],
    [
      'henan 一般: written within 6 h',
      { level: 4 },
      HENAN,
      ['followup→city L4 @1440', 'statutory→city L4 @120', 'written→city L4 @360'],
    ],
    [
      'a closed incident: reports owed, no follow-up',
      { level: 3, isOpen: false },
      DEFAULT,
      ['phone→city L3 @30', 'statutory→city L3 @120', 'written→city L3 @60'],
    ],
  ])('plans %s', (_label, overrides, settings, expected) => {
    expect(summary(planOnReport(facts(overrides), settings))).toEqual(expected);
  });

  it('warns warnBeforeMinutes before each deadline', () => {
    const planned = planOnReport(facts({ level: 3 }), DEFAULT);
    for (const o of planned) expect(o.dueAt - o.warnAt).toBe(10 * MIN);
  });

  it.each([
    ['henan 重大, 20 min warning', { ...HENAN, warnBeforeMinutes: 20 }, 2],
    ['default 较大, the longest warning', { ...DEFAULT, warnBeforeMinutes: 240 }, 3],
    ['henan 较大涉险, the longest warning', { ...HENAN, warnBeforeMinutes: 240 }, 4],
  ] as const)('never warns before receipt: %s', (_label, settings, level) => {
    const planned = planOnReport(facts({ level, isMajorRisk: true }), settings);
    for (const o of planned) {
      expect(o.warnAt).toBeGreaterThanOrEqual(T0);
      expect(o.warnAt).toBeLessThanOrEqual(o.dueAt);
    }
    expect(planned.find((o) => o.kind === 'phone' || o.kind === 'written')?.warnAt).toBe(T0);
  });
});

describe('planOnChange', () => {
  it('re-arms the clocks when 一般 is upgraded to 较大, counted from the upgrade', () => {
    const upgradeAt = T0 + 3 * HOUR;
    const existing = [stored('statutory', 4, T0 + 2 * HOUR, 'done'), stored('followup', 4, T0 + 24 * HOUR)];
    const plan = planOnChange(
      { level: 4, isMajorRisk: false, isOpen: true },
      facts({ level: 3 }),
      existing,
      DEFAULT,
      upgradeAt,
    );
    expect(summary(plan.create, upgradeAt)).toEqual([
      'phone→city L3 @30',
      'statutory→city L3 @120',
      'written→city L3 @60',
    ]);
    expect(plan.create.find((o) => o.kind === 'phone')?.warnAt).toBe(upgradeAt + 20 * MIN);
    // The daily follow-up interval is the same for 一般 and 较大, so the running one stands.
    expect(plan.supersede).toEqual([]);
  });

  it('supersedes the still-open reports of the lower level (henan 一般 → 较大)', () => {
    const upgradeAt = T0 + HOUR;
    const statutory = stored('statutory', 4, T0 + 2 * HOUR);
    const written = stored('written', 4, T0 + 6 * HOUR);
    const followup = stored('followup', 4, T0 + 24 * HOUR);
    const plan = planOnChange(
      { level: 4, isMajorRisk: false, isOpen: true },
      facts({ level: 3 }),
      [statutory, written, followup],
      HENAN,
      upgradeAt,
    );
    expect(plan.supersede.sort()).toEqual([statutory.id, written.id].sort());
    expect(summary(plan.create, upgradeAt)).toEqual(['statutory→city L3 @60', 'written→province L3 @60']);
  });

  it('never lets an upgrade push a running deadline later', () => {
    // Received 10:00, upgraded 11:50: Art. 11's 2 h still end at 12:00, not 13:50.
    const upgradeAt = T0 + 110 * MIN;
    const statutory = stored('statutory', 4, T0 + 2 * HOUR);
    const plan = planOnChange(
      { level: 4, isMajorRisk: false, isOpen: true },
      facts({ level: 3 }),
      [statutory],
      DEFAULT,
      upgradeAt,
    );
    const renewed = plan.create.find((o) => o.kind === 'statutory');
    expect(renewed).toMatchObject({ level: 3, dueAt: T0 + 2 * HOUR, warnAt: upgradeAt });
    expect(plan.supersede).toEqual([statutory.id]);
  });

  it('pulls the next follow-up in when the incident reaches 重大', () => {
    const upgradeAt = T0 + 2 * HOUR;
    const followup = stored('followup', 3, T0 + 24 * HOUR);
    const plan = planOnChange(
      { level: 3, isMajorRisk: false, isOpen: true },
      facts({ level: 2 }),
      [followup],
      DEFAULT,
      upgradeAt,
    );
    expect(plan.supersede).toContain(followup.id);
    expect(plan.create.find((o) => o.kind === 'followup')).toMatchObject({
      level: 2,
      dueAt: upgradeAt + 12 * HOUR,
    });
  });

  it('re-arms the clocks when an 一般 incident becomes 较大涉险 with no deaths', () => {
    const upgradeAt = T0 + 4 * HOUR;
    const plan = planOnChange(
      { level: 4, isMajorRisk: false, isOpen: true },
      facts({ level: 4, isMajorRisk: true }),
      [stored('statutory', 4, T0 + 2 * HOUR, 'done')],
      DEFAULT,
      upgradeAt,
    );
    expect(summary(plan.create, upgradeAt)).toEqual([
      'phone→city L4 @30',
      'statutory→city L4 @120',
      'written→city L4 @60',
    ]);
  });

  it.each<[string, { level: number; isMajorRisk: boolean; isOpen: boolean }, Partial<IncidentFacts>]>([
    ['a downgrade', { level: 2, isMajorRisk: false, isOpen: true }, { level: 3 }],
    ['losing 较大涉险', { level: 4, isMajorRisk: true, isOpen: true }, { level: 4, isMajorRisk: false }],
    ['an update that changes nothing', { level: 3, isMajorRisk: false, isOpen: true }, { level: 3 }],
  ])('creates and supersedes nothing on %s', (_label, prev, next) => {
    const existing = [
      stored('phone', prev.level, T0 + 30 * MIN),
      stored('followup', prev.level, T0 + 12 * HOUR),
    ];
    expect(planOnChange(prev, facts(next), existing, DEFAULT, T0 + HOUR)).toEqual({
      create: [],
      supersede: [],
    });
  });

  it('supersedes open follow-ups on closing and keeps the reports still owed', () => {
    const written = stored('written', 3, T0 + HOUR);
    const statutory = stored('statutory', 3, T0 + 2 * HOUR);
    const doneFollowup = stored('followup', 3, T0 + 24 * HOUR, 'done');
    const openFollowup = stored('followup', 3, T0 + 48 * HOUR);
    const plan = planOnChange(
      { level: 3, isMajorRisk: false, isOpen: true },
      facts({ level: 3, isOpen: false }),
      [written, statutory, doneFollowup, openFollowup],
      DEFAULT,
      T0 + 30 * HOUR,
    );
    expect(plan).toEqual({ create: [], supersede: [openFollowup.id] });
  });

  it('starts the follow-ups again when a closed incident is reopened', () => {
    const reopenAt = T0 + 72 * HOUR;
    const plan = planOnChange(
      { level: 3, isMajorRisk: false, isOpen: false },
      facts({ level: 3 }),
      [stored('followup', 3, T0 + 24 * HOUR, 'superseded')],
      DEFAULT,
      reopenAt,
    );
    expect(summary(plan.create, reopenAt)).toEqual(['followup→city L3 @1440']);
  });
});

describe('planNextFollowup', () => {
  it.each([
    ['一般, every 24 h', 4, 24],
    ['较大, every 24 h', 3, 24],
    ['重大, every 12 h', 2, 12],
    ['特别重大, every 12 h', 1, 12],
  ] as const)('chains follow-ups for %s from each one sent', (_label, level, hours) => {
    const incident = facts({ level });
    const first = planOnReport(incident, DEFAULT).find((o) => o.kind === 'followup');
    expect(first?.dueAt).toBe(T0 + hours * HOUR);
    // Each report is sent an hour early; the next is due a full interval after it was sent.
    let doneAt = T0 + (hours - 1) * HOUR;
    for (let i = 0; i < 3; i++) {
      const next = planNextFollowup(incident, doneAt, DEFAULT);
      expect(next).toMatchObject({ kind: 'followup', level, dueAt: doneAt + hours * HOUR });
      expect(next?.warnAt).toBe(doneAt + hours * HOUR - 10 * MIN);
      doneAt += hours * HOUR;
    }
  });

  it('uses the configured interval', () => {
    const next = planNextFollowup(facts({ level: 2 }), T0, { ...DEFAULT, followupHours: 8 });
    expect(next?.dueAt).toBe(T0 + 4 * HOUR);
  });

  it('plans nothing once the incident is closed', () => {
    expect(planNextFollowup(facts({ isOpen: false }), T0 + HOUR, DEFAULT)).toBeUndefined();
  });
});
