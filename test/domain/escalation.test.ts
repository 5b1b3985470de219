// One file on purpose (over 250 lines): the escalation ladder's four operations (choose, start/advance,
// escalate now, restart) against the same ladders.
import { describe, expect, it } from 'vitest';
import {
  advanceIfDue,
  escalateNow,
  type FiredRung,
  type LadderState,
  ladderFor,
  type ResolveTarget,
  restartLadder,
  startLadder,
} from '../../src/domain/escalation.js';
import { escalationSettingsSchema, type Ladder, type RungTarget } from '../../src/protocol/index.js';

const MIN = 60_000;
const T0 = Date.parse('2026-07-01T02:00:00Z');
const DEFAULTS = escalationSettingsSchema.parse({});
const DEFAULT_LADDER = DEFAULTS.ladders['default'] as Ladder;

const PEOPLE: Record<RungTarget, string> = {
  officer: 'zhang',
  leader: 'li',
  chief: 'wang',
  government: 'gov-office',
};
const everyone: ResolveTarget = (target) => PEOPLE[target];
const without =
  (...vacant: RungTarget[]): ResolveTarget =>
  (target) =>
    vacant.includes(target) ? undefined : PEOPLE[target];

type Firing = { minute: number; step: number; loop: number; person: string | undefined; isSkipped: boolean };

/** Ticks once a second like the collector (tickSeconds 1) and records every rung fired, in minutes from T0. */
function runTicks(ladder: Ladder, resolve: ResolveTarget, untilMinute: number) {
  const start = startLadder(ladder, T0, resolve);
  let state = start.state;
  const firings: Firing[] = [];
  const record = (now: number, fired: FiredRung[]) => {
    for (const f of fired) {
      firings.push({
        minute: (now - T0) / MIN,
        step: f.step,
        loop: f.loop,
        person: f.person,
        isSkipped: f.isSkipped,
      });
    }
  };
  record(T0, start.fired);
  let exhaustedAt: number | undefined;
  for (let now = T0 + 1000; now <= T0 + untilMinute * MIN; now += 1000) {
    const move = advanceIfDue(ladder, state, now, resolve);
    if (!move) continue;
    state = move.state;
    record(now, move.fired);
    if (state.isExhausted && exhaustedAt === undefined) exhaustedAt = (now - T0) / MIN;
  }
  return { firings, state, exhaustedAt };
}

describe('ladderFor', () => {
  const settings = escalationSettingsSchema.parse({
    ladders: {
      default: DEFAULT_LADDER,
      flood: { steps: [{ target: 'leader', delayMinutes: 5 }] },
      dam: { steps: [{ target: 'chief', delayMinutes: 5 }] },
    },
    classes: {
      '*': 'default',
      'water.': 'flood',
      'water.dam.': 'dam',
      stock: 'default',
      'stock.expiring': 'none',
      'source.heartbeat': 'flood',
    },
  });

  it.each([
    ['water.warning', 'flood'],
    ['water.dam.break', 'dam'],
    ['source.heartbeat', 'flood'],
    ['stock.low', 'default'],
    ['stockpile.low', 'default'],
    ['report.overdue', 'default'],
    ['water', 'default'],
  ])('sends %s up the %s ladder', (alertClass, name) => {
    expect(ladderFor(settings, alertClass)?.name).toBe(name);
  });

  it('returns the ladder itself with its name', () => {
    expect(ladderFor(settings, 'water.dam.break')?.ladder).toEqual({
      steps: [{ target: 'chief', delayMinutes: 5 }],
      repeat: 0,
    });
  });

  it.each(['stock.expiring', 'stock.expiring.soon'])('never escalates %s, mapped to none', (alertClass) => {
    expect(ladderFor(settings, alertClass)).toBeUndefined();
  });

  it('escalates nothing without a fallback when no key matches', () => {
    const noFallback = escalationSettingsSchema.parse({ classes: { 'water.': 'default' } });
    expect(ladderFor(noFallback, 'stock.low')).toBeUndefined();
  });

  it('uses the default config: everything climbs the default ladder except expiring stock', () => {
    expect(ladderFor(DEFAULTS, 'water.warning')?.name).toBe('default');
    expect(ladderFor(DEFAULTS, 'stock.expiring')).toBeUndefined();
  });
});

describe('startLadder and advanceIfDue', () => {
  it('walks the whole default ladder at the configured minutes, repeats once, then is exhausted', () => {
    const { firings, state, exhaustedAt } = runTicks(DEFAULT_LADDER, everyone, 180);
    expect(firings).toEqual([
      { minute: 0, step: 0, loop: 0, person: 'zhang', isSkipped: false },
      { minute: 5, step: 1, loop: 0, person: 'li', isSkipped: false },
      { minute: 15, step: 2, loop: 0, person: 'wang', isSkipped: false },
      { minute: 30, step: 3, loop: 0, person: 'gov-office', isSkipped: false },
      { minute: 60, step: 0, loop: 1, person: 'zhang', isSkipped: false },
      { minute: 65, step: 1, loop: 1, person: 'li', isSkipped: false },
      { minute: 75, step: 2, loop: 1, person: 'wang', isSkipped: false },
      { minute: 90, step: 3, loop: 1, person: 'gov-office', isSkipped: false },
    ]);
    // The government office gets its 30 minutes to answer before the ladder gives up.
    expect(exhaustedAt).toBe(120);
    expect(state).toEqual({ step: 3, loop: 1, nextAt: null, isExhausted: true });
  });

  it.each([0, 2])('runs the ladder 1 + repeat times with repeat %i', (repeat) => {
    const { firings } = runTicks({ ...DEFAULT_LADDER, repeat }, everyone, 400);
    expect(firings).toHaveLength(4 * (repeat + 1));
    expect(firings.filter((f) => f.step === 0).map((f) => f.loop)).toEqual([...Array(repeat + 1).keys()]);
  });

  it('fires rung 0 at once and sets the next deadline from its delay', () => {
    expect(startLadder(DEFAULT_LADDER, T0, everyone)).toEqual({
      state: { step: 0, loop: 0, nextAt: T0 + 5 * MIN, isExhausted: false },
      fired: [{ step: 0, loop: 0, target: 'officer', person: 'zhang', isSkipped: false }],
    });
  });

  it.each([
    ['a millisecond early', 5 * MIN - 1, false],
    ['exactly on time', 5 * MIN, true],
    ['late', 6 * MIN, true],
  ])('moves %s: %s', (_label, offset, isMoved) => {
    const { state } = startLadder(DEFAULT_LADDER, T0, everyone);
    expect(advanceIfDue(DEFAULT_LADDER, state, T0 + offset, everyone) !== undefined).toBe(isMoved);
  });

  it('fires the overdue rung once after 40 minutes of down-time, then waits its full delay', () => {
    const { state } = startLadder(DEFAULT_LADDER, T0, everyone);
    const restart = T0 + 40 * MIN;
    const move = advanceIfDue(DEFAULT_LADDER, state, restart, everyone);
    expect(move?.fired).toEqual([{ step: 1, loop: 0, target: 'leader', person: 'li', isSkipped: false }]);
    expect(move?.state).toEqual({ step: 1, loop: 0, nextAt: restart + 10 * MIN, isExhausted: false });
    if (!move) return;
    expect(advanceIfDue(DEFAULT_LADDER, move.state, restart + 1000, everyone)).toBeUndefined();
  });

  it('skips a vacant leader at once, reports it, and fires the chief in the same tick', () => {
    const { state } = startLadder(DEFAULT_LADDER, T0, without('leader'));
    const move = advanceIfDue(DEFAULT_LADDER, state, T0 + 5 * MIN, without('leader'));
    expect(move?.fired).toEqual([
      { step: 1, loop: 0, target: 'leader', person: undefined, isSkipped: true },
      { step: 2, loop: 0, target: 'chief', person: 'wang', isSkipped: false },
    ]);
    expect(move?.state.nextAt).toBe(T0 + 20 * MIN);
  });

  it('skips a vacant officer at start and waits the leader delay', () => {
    const move = startLadder(DEFAULT_LADDER, T0, without('officer'));
    expect(move.fired.map((f) => [f.target, f.isSkipped])).toEqual([
      ['officer', true],
      ['leader', false],
    ]);
    expect(move.state).toEqual({ step: 1, loop: 0, nextAt: T0 + 10 * MIN, isExhausted: false });
  });

  it('becomes exhausted at once when the last rung of the last run is vacant', () => {
    const ladder = { ...DEFAULT_LADDER, repeat: 0 };
    const atChief: LadderState = { step: 2, loop: 0, nextAt: T0, isExhausted: false };
    const move = advanceIfDue(ladder, atChief, T0, without('government'));
    expect(move?.fired.map((f) => f.isSkipped)).toEqual([true]);
    expect(move?.state).toEqual({ step: 3, loop: 0, nextAt: null, isExhausted: true });
  });

  it('terminates when every rung is vacant: each fires once as skipped, then the last delay is waited', () => {
    const nobody: ResolveTarget = () => undefined;
    const start = startLadder(DEFAULT_LADDER, T0, nobody);
    expect(start.fired.map((f) => [f.step, f.loop, f.isSkipped])).toEqual([
      [0, 0, true],
      [1, 0, true],
      [2, 0, true],
      [3, 0, true],
    ]);
    expect(start.state).toEqual({ step: 3, loop: 0, nextAt: T0 + 30 * MIN, isExhausted: false });

    const second = advanceIfDue(DEFAULT_LADDER, start.state, T0 + 30 * MIN, nobody);
    expect(second?.fired.map((f) => [f.step, f.loop])).toEqual([
      [0, 1],
      [1, 1],
      [2, 1],
      [3, 1],
    ]);
    // The repeat cap is reached on the last vacant rung: nobody is left to wait for.
    expect(second?.state).toEqual({ step: 3, loop: 1, nextAt: null, isExhausted: true });
  });

  it('stops a vacant ladder after one pass even when the pass wraps past the last rung', () => {
    const nobody: ResolveTarget = () => undefined;
    const atLeader: LadderState = { step: 1, loop: 0, nextAt: T0, isExhausted: false };
    const move = advanceIfDue(DEFAULT_LADDER, atLeader, T0, nobody);
    expect(move?.fired.map((f) => [f.step, f.loop])).toEqual([
      [2, 0],
      [3, 0],
      [0, 1],
      [1, 1],
    ]);
    expect(move?.state).toEqual({ step: 1, loop: 1, nextAt: T0 + 10 * MIN, isExhausted: false });
  });

  it('reaches the roster when it is filled between passes', () => {
    const start = startLadder(DEFAULT_LADDER, T0, () => undefined);
    const move = advanceIfDue(DEFAULT_LADDER, start.state, T0 + 30 * MIN, everyone);
    expect(move?.fired).toEqual([{ step: 0, loop: 1, target: 'officer', person: 'zhang', isSkipped: false }]);
  });

  it('never moves an exhausted ladder by itself', () => {
    const done: LadderState = { step: 3, loop: 1, nextAt: null, isExhausted: true };
    expect(advanceIfDue(DEFAULT_LADDER, done, T0 + 1000 * MIN, everyone)).toBeUndefined();
  });

  it('wraps cleanly when the ladder was edited to fewer rungs under a running alert', () => {
    const short: Ladder = { steps: [{ target: 'officer', delayMinutes: 5 }], repeat: 3 };
    const onOldRung: LadderState = { step: 3, loop: 0, nextAt: T0, isExhausted: false };
    expect(advanceIfDue(short, onOldRung, T0, everyone)?.state).toEqual({
      step: 0,
      loop: 1,
      nextAt: T0 + 5 * MIN,
      isExhausted: false,
    });
  });
});

describe('escalateNow', () => {
  it.each<[string, LadderState, Partial<FiredRung>, LadderState]>([
    [
      'mid-ladder, before the wait is over',
      { step: 1, loop: 0, nextAt: T0 + 10 * MIN, isExhausted: false },
      { step: 2, loop: 0, target: 'chief' },
      { step: 2, loop: 0, nextAt: T0 + 15 * MIN, isExhausted: false },
    ],
    [
      'from the last rung of the last run, past the repeat cap',
      { step: 3, loop: 1, nextAt: T0 + 10 * MIN, isExhausted: false },
      { step: 0, loop: 2, target: 'officer' },
      { step: 0, loop: 2, nextAt: T0 + 5 * MIN, isExhausted: false },
    ],
    [
      'past exhaustion',
      { step: 3, loop: 1, nextAt: null, isExhausted: true },
      { step: 0, loop: 2, target: 'officer' },
      { step: 0, loop: 2, nextAt: T0 + 5 * MIN, isExhausted: false },
    ],
  ])('moves one rung at once %s', (_label, state, fired, next) => {
    const move = escalateNow(DEFAULT_LADDER, state, T0, everyone);
    expect(move.fired).toEqual([expect.objectContaining(fired)]);
    expect(move.state).toEqual(next);
  });

  it('climbs the revived ladder to the end and is exhausted again', () => {
    const done: LadderState = { step: 3, loop: 1, nextAt: null, isExhausted: true };
    let { state } = escalateNow(DEFAULT_LADDER, done, T0, everyone);
    const steps: number[] = [];
    for (let minute = 1; minute <= 120; minute++) {
      const move = advanceIfDue(DEFAULT_LADDER, state, T0 + minute * MIN, everyone);
      if (!move) continue;
      state = move.state;
      steps.push(...move.fired.map((f) => f.step));
    }
    expect(steps).toEqual([1, 2, 3]);
    expect(state.isExhausted).toBe(true);
  });

  it('skips vacant rungs on the way, ignoring the cap', () => {
    const done: LadderState = { step: 3, loop: 1, nextAt: null, isExhausted: true };
    const move = escalateNow(DEFAULT_LADDER, done, T0, without('officer'));
    expect(move.fired.map((f) => [f.step, f.loop, f.isSkipped])).toEqual([
      [0, 2, true],
      [1, 2, false],
    ]);
  });
});

describe('restartLadder', () => {
  it('starts again from rung 0, loop 0, whatever the old state', () => {
    const restart = T0 + 200 * MIN;
    expect(restartLadder(DEFAULT_LADDER, restart, everyone)).toEqual(
      startLadder(DEFAULT_LADDER, restart, everyone),
    );
    expect(restartLadder(DEFAULT_LADDER, restart, everyone).state).toEqual({
      step: 0,
      loop: 0,
      nextAt: restart + 5 * MIN,
      isExhausted: false,
    });
  });
});
