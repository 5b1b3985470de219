// One file on purpose (over 250 lines): the 叫应 domain (who is reached, each recipient's states, the chase,
// drills and message text) on one fixed clock.
import { describe, expect, it } from 'vitest';
import { afterFailure } from '../../src/domain/callout/backoff.js';
import { chaseList, silentVillages } from '../../src/domain/callout/chase.js';
import { cleanText, drillRecipients, fillTemplate, messageText } from '../../src/domain/callout/message.js';
import {
  isOverdue,
  nextRecipientState,
  type RecipientEvent,
  type RecipientState,
} from '../../src/domain/callout/recipient-state.js';
import { planRecipients, townshipsInArea } from '../../src/domain/callout/recipients.js';
import { calloutFor } from '../../src/domain/callout/triggers.js';
import { type Config, type ConfigInput, configSchema } from '../../src/protocol/index.js';
import { SHAKOU } from '../callout/callout-config.js';
import { testConfigInput } from '../helpers/test-config.js';

const MIN = 60_000;
const T0 = Date.parse('2026-07-19T18:00:00Z');

function county(): Config {
  const input = testConfigInput();
  input.townships = [...input.townships, SHAKOU];
  const person = (id: string, role: string, place: Record<string, string>, drill = false) => ({
    id,
    name: id,
    role,
    ...place,
    phone: '13800000000',
    channels: [],
    drill,
  });
  return configSchema.parse({
    ...input,
    notify: {
      responsible: [
        person('v-zhou', 'village.flood', { village: 'T3V1' }),
        person('v-zhou-info', 'village.informant', { village: 'T3V1' }),
        person('v-he', 'village.flood', { village: 'T3V2' }),
        person('v-dong', 'village.flood', { village: 'T1V1' }),
        person('t3-head', 'township.head', { township: 'T3' }, true),
        person('t3-flood', 'township.flood', { township: 'T3' }),
        person('t1-head', 'township.head', { township: 'T1' }),
        person('t2-head', 'township.head', { township: 'T2' }),
        person('g1-patrol', 'project.patrol', { station: 'G1' }),
        person('r1-patrol', 'project.patrol', { station: 'R1' }),
        person('commander', 'county.commander', {}, true),
      ],
      areas: { G1: { townships: [], villages: ['T3V1'] } },
      groups: { hq: { name: '县防指', members: ['commander', 'P2'] } },
    },
  } as ConfigInput);
}

const ids = (list: { person: string }[]) => list.map((r) => r.person);

describe('who a call-out reaches', () => {
  const c = county();
  it.each([
    // The gauge's own township (T1) but not its villages; the village it threatens and that village's township.
    [
      'a station: its township, its area, its project, the county',
      { kind: 'station', station: 'G1' } as const,
      ['commander', 't1-head', 't3-head', 't3-flood', 'g1-patrol', 'v-zhou', 'v-zhou-info'],
    ],
    [
      'a township: its persons and all its villages',
      { kind: 'places', townships: ['T3'], villages: [] } as const,
      ['commander', 't3-head', 't3-flood', 'v-he', 'v-zhou', 'v-zhou-info'],
    ],
    [
      'a village: its persons and its township, not the other villages',
      { kind: 'places', townships: [], villages: ['T3V2'] } as const,
      ['commander', 't3-head', 't3-flood', 'v-he'],
    ],
    [
      'named persons: a responsible person and a duty officer',
      { kind: 'persons', persons: ['commander', 'P2'] } as const,
      ['commander', 'P2'],
    ],
  ])('%s', (_what, target, expected) => {
    expect(ids(planRecipients(c, target))).toEqual(expected);
  });

  it('says where each answers for and keeps their phone', () => {
    const plan = planRecipients(c, { kind: 'places', townships: [], villages: ['T3V1'] });
    const zhou = plan.find((r) => r.person === 'v-zhou');
    expect(zhou).toMatchObject({
      place: '沙口镇周店村',
      township: 'T3',
      village: 'T3V1',
      phone: '13800000000',
    });
  });

  it('leaves out the county when asked to', () => {
    expect(ids(planRecipients(c, { kind: 'places', townships: ['T2'], villages: [] }, false))).toEqual([
      't2-head',
    ]);
  });

  it.each([
    ['沙口镇、城关镇', ['T1', 'T3']],
    ['Shakou township', ['T3']],
    ['测试县全境', ['T1', 'T2', 'T3']],
    ['邻县', []],
  ])('a CAP area "%s" covers %j', (area, expected) => {
    expect(townshipsInArea(area, c.county, c.townships).sort()).toEqual(expected);
  });
});

describe('a recipient moves queued → sent → delivered → answered | phoned | unreachable', () => {
  const answer = (count: number | null = null): RecipientEvent => ({
    type: 'answered',
    answer: 'on_duty',
    count,
  });
  it.each<[RecipientState, RecipientEvent, RecipientState | string]>([
    ['queued', { type: 'attempted' }, 'sent'],
    ['sent', { type: 'attempted' }, 'sent'],
    ['sent', { type: 'delivered' }, 'delivered'],
    ['queued', { type: 'delivered' }, 'delivered'],
    ['delivered', { type: 'attempted' }, 'delivered'],
    ['sent', { type: 'gave_up', allGaveUp: false }, 'sent'],
    ['sent', { type: 'gave_up', allGaveUp: true }, 'unreachable'],
    ['delivered', { type: 'gave_up', allGaveUp: true }, 'delivered'],
    ['delivered', answer(12), 'answered'],
    ['sent', answer(), 'answered'],
    ['unreachable', answer(), 'answered'],
    ['phoned', answer(), 'answered'],
    ['answered', answer(), 'refused: already answered'],
    [
      'delivered',
      { type: 'answered', answer: 'evacuating', count: null },
      'refused: evacuating needs how many people',
    ],
    ['delivered', { type: 'answered', answer: 'evacuating', count: 40 }, 'answered'],
    ['unreachable', { type: 'phoned', reached: true }, 'phoned'],
    ['delivered', { type: 'phoned', reached: false }, 'phoned'],
    ['answered', { type: 'phoned', reached: true }, 'refused: already answered'],
  ])('%s + %j → %s', (state, event, expected) => {
    const step = nextRecipientState(state, event);
    expect(step.ok ? step.state : `refused: ${step.reason}`).toBe(expected);
  });

  it.each<[RecipientState, number, boolean]>([
    ['delivered', T0 + 5 * MIN - 1, false],
    ['delivered', T0 + 5 * MIN, true],
    ['unreachable', T0 + 6 * MIN, true],
    ['answered', T0 + 6 * MIN, false],
    ['phoned', T0 + 6 * MIN, false],
  ])('%s at %i is overdue: %s', (state, now, expected) => {
    expect(isOverdue(state, T0 + 5 * MIN, now)).toBe(expected);
  });
});

describe('the chase', () => {
  const r = (
    id: number,
    state: RecipientState,
    role: 'county.commander' | 'township.head' | 'village.flood',
    village: string | null = null,
  ) => ({
    id,
    state,
    role,
    place: `p${id}`,
    name: `n${id}`,
    township: 'T3',
    village,
  });
  const list = [
    r(1, 'answered', 'county.commander'),
    r(2, 'delivered', 'village.flood', 'T3V1'),
    r(3, 'unreachable', 'village.flood', 'T3V2'),
    r(4, 'delivered', 'county.commander'),
    r(5, 'sent', 'township.head'),
    r(6, 'phoned', 'village.flood', 'T3V2'),
  ];
  const deadline = T0 + 5 * MIN;

  it('lists nobody before the deadline', () => {
    expect(chaseList(list, deadline, deadline - 1)).toEqual([]);
  });

  it('lists exactly those not settled at the deadline, worst first', () => {
    expect(chaseList(list, deadline, deadline).map((x) => x.id)).toEqual([3, 5, 4, 2]);
  });

  it('tells a township head which of their villages are silent', () => {
    expect(silentVillages(list, 'T3', deadline, deadline)).toEqual(['T3V1', 'T3V2']);
    expect(silentVillages(list, 'T1', deadline, deadline)).toEqual([]);
  });
});

describe('drills and message text', () => {
  const c = county();
  it('a drill reaches only persons marked for drills, and says 【演练】 first', () => {
    const plan = planRecipients(c, { kind: 'station', station: 'G1' });
    expect(ids(drillRecipients(plan, true))).toEqual(['commander', 't3-head']);
    expect(drillRecipients(plan, false)).toHaveLength(plan.length);
    expect(messageText('水位超保证', {}, true)).toBe('【演练】水位超保证');
    expect(messageText('【演练】水位超保证', {}, true)).toBe('【演练】水位超保证');
    expect(messageText('水位超保证', {}, false)).toBe('水位超保证');
  });

  it('fills placeholders and appends the link a template leaves out', () => {
    expect(
      fillTemplate('{title}，{minutes}分钟内回复：{link}', { title: 'A', minutes: '5', link: 'L' }),
    ).toBe('A，5分钟内回复：L');
    expect(fillTemplate('{title}', { title: 'A', link: 'L' })).toBe('A L');
    expect(fillTemplate('{nope}', {})).toBe('{nope}');
  });

  it('carries no control characters', () => {
    expect(cleanText('a\u0007b\r\nc\u001b[31md\u202Ee')).toBe('a b\nc [31md e');
  });
});

describe('retries', () => {
  const policy = { maxTries: 4, backoffSeconds: 2, maxBackoffSeconds: 10 };
  it.each([
    [1, false, 0, 1000],
    [1, false, 0.999, 1999],
    [2, false, 0, 2000],
    [3, false, 0.5, 6000],
    [3, false, 1, 8000],
  ])('after try %i (permanent %s, random %f) waits %i ms', (tries, permanent, random, wait) => {
    expect(afterFailure(tries, permanent, policy, random)).toEqual({ giveUp: false, waitMs: wait });
  });
  it('caps the wait, and gives up when tries run out or the failure is permanent', () => {
    expect(afterFailure(3, false, { ...policy, maxTries: 9, maxBackoffSeconds: 5 }, 1)).toEqual({
      giveUp: false,
      waitMs: 5000,
    });
    expect(afterFailure(4, false, policy, 0)).toEqual({ giveUp: true });
    expect(afterFailure(1, true, policy, 0)).toEqual({ giveUp: true });
  });
});

describe('what starts a call-out', () => {
  const triggers = county().notify.triggers;
  const alert = (cls: string, kind: string, code: string) => ({
    class: cls,
    subject: { kind, code },
    title: 't',
    drill: false,
  });
  it.each([
    ['a gauge at 保证', alert('water.guarantee', 'station', 'G1'), {}, 'station:G1'],
    ['a gauge at 警戒 only', alert('water.warning', 'station', 'G1'), {}, undefined],
    [
      'a reservoir over 汛限, rising',
      alert('reservoir.over_limit', 'station', 'R1'),
      { isRising: true },
      'station:R1',
    ],
    [
      'a reservoir over 汛限, falling',
      alert('reservoir.over_limit', 'station', 'R1'),
      { isRising: false },
      undefined,
    ],
    [
      'a Severe CAP warning over townships',
      alert('cap.severe', 'cap', 's/1'),
      { cap: { severity: 'Severe', townships: ['T3'] } },
      'cap:s/1',
    ],
    [
      'a Moderate CAP warning',
      alert('cap.moderate', 'cap', 's/2'),
      { cap: { severity: 'Moderate', townships: ['T3'] } },
      undefined,
    ],
    [
      'an Extreme CAP warning naming no township',
      alert('cap.severe', 'cap', 's/3'),
      { cap: { severity: 'Extreme', townships: [] } },
      undefined,
    ],
    [
      'an incident at 较大',
      alert('incident.reportable', 'incident', 'INC-1'),
      { incident: { township: 'T3', village: 'T3V1' } },
      'incident:INC-1',
    ],
    [
      'a new 一般 incident',
      alert('incident.new', 'incident', 'INC-2'),
      { incident: { township: 'T3', village: null } },
      undefined,
    ],
  ])('%s', (_what, opened, facts, key) => {
    expect(calloutFor(opened, facts, triggers)?.key).toBe(key);
  });

  it('an incident reaches its village (and so its township)', () => {
    const decision = calloutFor(
      alert('incident.reportable', 'incident', 'I'),
      { incident: { township: 'T3', village: 'T3V1' } },
      triggers,
    );
    expect(decision?.target).toEqual({ kind: 'places', townships: [], villages: ['T3V1'] });
  });

  it('a disabled trigger starts nothing', () => {
    const off = { ...triggers, station: { ...triggers.station, enabled: false } };
    expect(calloutFor(alert('water.guarantee', 'station', 'G1'), {}, off)).toBeUndefined();
  });
});
