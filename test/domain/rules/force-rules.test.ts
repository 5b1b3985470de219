import { describe, expect, it } from 'vitest';
import type { CapWarning } from '../../../src/domain/cap-warning.js';
import { forceConditions, threatenedTownships } from '../../../src/domain/rules/force-rules.js';
import { isTeamStale, teamStanding } from '../../../src/domain/team-standing.js';
import type { DispatchFeed, TeamFeed } from '../../../src/protocol/index.js';
import { DEMO, HOUR, incident, MIN, NOW, ruleInput } from './rules-fixtures.js';

/** A demo team with a roll call taken `age` ago. */
function team(code: string, over: Partial<TeamFeed> = {}, age = HOUR): TeamFeed {
  const config = DEMO.forces.teams.find((t) => t.code === code);
  if (!config) throw new Error(`no team ${code} in the demo county`);
  return {
    ...config,
    available: config.strength,
    posture: 'standby',
    reportedAt: NOW - age,
    dispatches: [],
    ...over,
  };
}

function dispatch(incidentCode: string, over: Partial<DispatchFeed> = {}): DispatchFeed {
  return {
    id: 1,
    team: 'TEAM-T05',
    incident: incidentCode,
    headcount: 10,
    departedAt: NOW - 10 * MIN,
    arrivedAt: null,
    returnedAt: null,
    ...over,
  };
}

const keys = (input: Parameters<typeof forceConditions>[0], now = NOW) =>
  forceConditions(input, now).map((c) => c.key);

// T05 湖滨镇 holds the reservoir; its over-limit alert is keyed by the station.
const reservoir = DEMO.stations.find((s) => s.township === 'T05' && s.kind === 'reservoir');
const floodInT05 = new Set([`reservoir.over_limit:${reservoir?.code}`]);

describe('forces.short — below the minimum while flood or fire threatens the township', () => {
  const min = team('TEAM-T05').minimumAvailable; // 10
  const cases: [string, Partial<TeamFeed>, ReadonlySet<string>, boolean][] = [
    ['one below the minimum, flood alert open', { available: min - 1 }, floodInT05, true],
    ['exactly the minimum, flood alert open', { available: min }, floodInT05, false],
    ['one below the minimum, nothing open', { available: min - 1 }, new Set(), false],
    ['stale roll call counts as nobody', { available: 30, reportedAt: NOW - 24 * HOUR }, floodInT05, true],
    ['an alert in another township', { available: 0 }, new Set(['water.warning:NOPE']), false],
  ];
  it.each(cases)('%s', (_name, over, open, fires) => {
    const found = keys(ruleInput({ teams: [team('TEAM-T05', over)], openAlertKeys: open }));
    expect(found.includes('forces.short:TEAM-T05')).toBe(fires);
  });

  it('counts a county team short when any township is threatened', () => {
    const county = team('TEAM-COUNTY', { available: 29 }); // minimum 30
    expect(keys(ruleInput({ teams: [county], openAlertKeys: floodInT05 }))).toContain(
      'forces.short:TEAM-COUNTY',
    );
  });

  it('takes an open flood incident, and a forest-fire CAP warning naming the township, as threats', () => {
    const flood = incident('INC-F', {}, { kind: 'flood', township: 'T09' });
    expect([...threatenedTownships(ruleInput({ incidents: [flood] }), NOW)]).toEqual(['T09']);
    const fire: CapWarning = {
      id: 1,
      sender: 's',
      identifier: 'i',
      status: 'Actual',
      drill: false,
      state: 'active',
      event: '森林火险',
      headline: null,
      areaDesc: '马店乡、板桥乡',
      urgency: 'Expected',
      severity: 'Severe',
      certainty: 'Likely',
      senderName: null,
      instruction: null,
      expiresAt: NOW + HOUR,
      openedAt: NOW - HOUR,
      updatedAt: NOW - HOUR,
    };
    expect([...threatenedTownships(ruleInput({ capWarnings: [fire] }), NOW)].sort()).toEqual(['T13', 'T16']);
    expect(threatenedTownships(ruleInput({ capWarnings: [{ ...fire, expiresAt: NOW }] }), NOW).size).toBe(0);
  });
});

describe('forces.unsent — a 较大 incident with nobody sent after N minutes (default 30)', () => {
  const serious = (receivedAgo: number, over = {}) =>
    incident('INC-9', { deaths: 3 }, { receivedAt: NOW - receivedAgo, ...over });
  const cases: [string, ReturnType<typeof incident>, DispatchFeed[], boolean][] = [
    ['29 min 59 s after the report', serious(30 * MIN - 1000), [], false],
    ['exactly 30 min after the report', serious(30 * MIN), [], true],
    ['30 min, one team sent', serious(30 * MIN), [dispatch('INC-9')], false],
    [
      '30 min, a team sent and already back',
      serious(30 * MIN),
      [dispatch('INC-9', { returnedAt: NOW })],
      false,
    ],
    ['30 min, a team sent elsewhere', serious(30 * MIN), [dispatch('INC-OTHER')], true],
    [
      'an 一般 incident after an hour',
      incident('INC-9', { deaths: 1 }, { receivedAt: NOW - HOUR }),
      [],
      false,
    ],
    [
      'a 较大涉险 incident (3 trapped) after 30 min',
      incident('INC-9', { trapped: 3 }, { receivedAt: NOW - 30 * MIN }),
      [],
      true,
    ],
    ['a closed incident', serious(HOUR, { status: 'closed' }), [], false],
  ];
  it.each(cases)('%s', (_name, feed, dispatches, fires) => {
    const input = ruleInput({ incidents: [feed], teams: [team('TEAM-T05', { dispatches })] });
    expect(keys(input).includes('forces.unsent:INC-9')).toBe(fires);
  });

  it('waits the configured N minutes', () => {
    const config = { ...DEMO, forces: { ...DEMO.forces, unsentAfterMinutes: 45 } };
    const feed = serious(44 * MIN);
    expect(keys(ruleInput({ config, incidents: [feed] }))).not.toContain('forces.unsent:INC-9');
    expect(keys(ruleInput({ config, incidents: [feed] }), NOW + MIN)).toContain('forces.unsent:INC-9');
  });
});

describe('forces.late — not arrived within the travel time', () => {
  const travel = team('TEAM-T05').travelMinutes; // 30
  const cases: [string, Partial<DispatchFeed>, boolean][] = [
    ['one second short of the travel time', { departedAt: NOW - travel * MIN + 1000 }, false],
    ['exactly the travel time', { departedAt: NOW - travel * MIN }, true],
    ['arrived', { departedAt: NOW - 2 * HOUR, arrivedAt: NOW - HOUR }, false],
    ['came back without arriving', { departedAt: NOW - 2 * HOUR, returnedAt: NOW - HOUR }, false],
  ];
  it.each(cases)('%s', (_name, over, fires) => {
    const input = ruleInput({ teams: [team('TEAM-T05', { dispatches: [dispatch('INC-9', over)] })] });
    expect(keys(input).includes('forces.late:TEAM-T05:INC-9')).toBe(fires);
  });
});

describe('forces.stale — no roll call for a day in flood season', () => {
  const cases: [string, number | null, number, boolean][] = [
    ['23 h 59 min old in July', NOW - 24 * HOUR + MIN, NOW, false],
    ['24 h old in July', NOW - 24 * HOUR, NOW, true],
    ['never reported, collector up 24 h', null, NOW, true],
    ['never reported, collector up 23 h', null, NOW - HOUR, false],
    [
      '48 h old in December',
      Date.parse('2026-12-01T00:00+08:00'),
      Date.parse('2026-12-03T00:00+08:00'),
      false,
    ],
  ];
  it.each(cases)('%s', (_name, reportedAt, now, fires) => {
    const input = ruleInput({ teams: [team('TEAM-T05', { reportedAt })], startedAt: NOW - 24 * HOUR });
    expect(keys(input, now).includes('forces.stale:TEAM-T05')).toBe(fires);
  });

  it('never shows a stale team as available, whatever the season', () => {
    expect(isTeamStale(NOW - 24 * HOUR, NOW, 24)).toBe(true);
    expect(teamStanding(team('TEAM-T05', {}, 24 * HOUR), NOW, 24).available).toBeNull();
    expect(teamStanding(team('TEAM-T05', {}, 23 * HOUR), NOW, 24).available).toBe(team('TEAM-T05').strength);
    const out = team('TEAM-T05', {
      dispatches: [dispatch('A'), dispatch('B', { headcount: 4, returnedAt: NOW })],
    });
    expect(teamStanding(out, NOW, 24).dispatched).toBe(10);
  });
});
