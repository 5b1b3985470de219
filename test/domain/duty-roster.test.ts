import { describe, expect, it } from 'vitest';
import { resolveDutyRole, rosterAt } from '../../src/domain/duty-roster.js';
import type { Duty, RungTarget } from '../../src/protocol/index.js';

const DUTY: Duty = {
  handoverAt: '08:30',
  anchor: '2026-07-01',
  rotation: [
    { officer: 'o-a', leader: 'l-a' },
    { officer: 'o-b', leader: 'l-b' },
    { officer: 'o-c', leader: 'l-c' },
  ],
  bureauChief: 'chief',
  governmentDutyOffice: 'gov-office',
};
const NONE = new Map<string, { officer: string; leader: string }>();
const at = (local: string) => Date.parse(`${local}+08:00`);

describe('rosterAt', () => {
  it.each([
    ['at the anchor handover', '2026-07-01T08:30', '2026-07-01', 'o-a'],
    [
      'a minute before the anchor handover: still the previous shift',
      '2026-07-01T08:29',
      '2026-06-30',
      'o-c',
    ],
    ['in the evening', '2026-07-01T22:00', '2026-07-01', 'o-a'],
    ['across local midnight: the same shift', '2026-07-02T00:30', '2026-07-01', 'o-a'],
    ['just before the next handover', '2026-07-02T08:29:59', '2026-07-01', 'o-a'],
    ['at the next handover', '2026-07-02T08:30', '2026-07-02', 'o-b'],
    ['two days on', '2026-07-03T12:00', '2026-07-03', 'o-c'],
    ['a full rotation on', '2026-07-04T12:00', '2026-07-04', 'o-a'],
    ['one day before the anchor', '2026-06-30T12:00', '2026-06-30', 'o-c'],
    ['two days before the anchor', '2026-06-29T12:00', '2026-06-29', 'o-b'],
    ['a full rotation before the anchor', '2026-06-28T12:00', '2026-06-28', 'o-a'],
    ['a year before the anchor', '2025-07-01T12:00', '2025-07-01', 'o-b'],
    ['across a year end (183 days on)', '2027-01-01T07:00', '2026-12-31', 'o-a'],
  ])('picks the shift %s', (_label, local, date, officer) => {
    const entry = rosterAt(DUTY, NONE, at(local), '+08:00');
    expect(entry.date).toBe(date);
    expect(entry.officer).toBe(officer);
    expect(entry.leader).toBe(officer.replace('o-', 'l-'));
  });

  it('bounds the shift from handover to handover in local time', () => {
    const entry = rosterAt(DUTY, NONE, at('2026-07-02T03:00'), '+08:00');
    expect(entry).toEqual({
      date: '2026-07-01',
      officer: 'o-a',
      leader: 'l-a',
      shiftStart: at('2026-07-01T08:30'),
      shiftEnd: at('2026-07-02T08:30'),
    });
  });

  it('changes the date at local midnight, not UTC midnight, with a midnight handover', () => {
    const midnight = { ...DUTY, handoverAt: '00:00' };
    // 23:59 local on 07-01 is 15:59 UTC the same day; 00:00 local on 07-02 is 16:00 UTC on 07-01.
    expect(rosterAt(midnight, NONE, at('2026-07-01T23:59'), '+08:00').date).toBe('2026-07-01');
    expect(rosterAt(midnight, NONE, at('2026-07-02T00:00'), '+08:00')).toMatchObject({
      date: '2026-07-02',
      officer: 'o-b',
      shiftStart: Date.parse('2026-07-01T16:00:00Z'),
    });
  });

  it('reads the handover time in the configured offset', () => {
    const now = Date.parse('2026-07-01T10:00:00Z');
    expect(rosterAt(DUTY, NONE, now, '+08:00').date).toBe('2026-07-01');
    expect(rosterAt(DUTY, NONE, now, '-05:00')).toMatchObject({
      date: '2026-06-30',
      shiftStart: Date.parse('2026-06-30T13:30:00Z'),
    });
  });

  it('lets an override for the shift date replace the pair, and only on that date', () => {
    const overrides = new Map([['2026-07-02', { officer: 'o-swap', leader: 'l-swap' }]]);
    expect(rosterAt(DUTY, overrides, at('2026-07-03T08:00'), '+08:00')).toMatchObject({
      date: '2026-07-02',
      officer: 'o-swap',
      leader: 'l-swap',
    });
    expect(rosterAt(DUTY, overrides, at('2026-07-03T08:30'), '+08:00').officer).toBe('o-c');
    expect(rosterAt(DUTY, overrides, at('2026-07-02T08:00'), '+08:00').officer).toBe('o-a');
  });

  it('throws on a malformed offset, a config error', () => {
    expect(() => rosterAt(DUTY, NONE, at('2026-07-01T12:00'), 'UTC+8')).toThrow(RangeError);
  });
});

describe('resolveDutyRole', () => {
  const watch = { officer: 'o-outgoing', leader: 'l-a' };

  it.each<[RungTarget, string]>([
    ['officer', 'o-outgoing'],
    ['leader', 'l-a'],
    ['chief', 'chief'],
    ['government', 'gov-office'],
  ])('resolves %s to %s', (target, person) => {
    expect(resolveDutyRole(target, watch, DUTY)).toBe(person);
  });

  it('reports a vacant role as undefined so the ladder skips it loudly', () => {
    expect(resolveDutyRole('leader', { officer: 'o-a', leader: '' }, DUTY)).toBeUndefined();
  });
});
