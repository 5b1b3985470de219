import { describe, expect, it } from 'vitest';
import { HISTORY_MAX_POINTS, HISTORY_WINDOW_MS } from '../../src/protocol/index.js';
import type { Action } from '../../src/state/actions.js';
import { serverNow } from '../../src/state/clock.js';
import { reduce } from '../../src/state/reducer.js';
import { initialWatchState, stockKey, type WatchState } from '../../src/state/watch-state.js';
import { delta, EPOCH, incident, MIN, NIGHT, reading, server, snapshot, stock } from './feed-fixtures.js';

const run = (actions: Action[], from: WatchState = initialWatchState) => actions.reduce(reduce, from);
const levels = (state: WatchState, station: string) =>
  state.stations.get(station)?.history.map((p) => p.level);

describe('reduce › snapshot', () => {
  it('replaces every piece of data, even what the previous snapshot had and this one lacks', () => {
    const before = run([
      server(snapshot({ seq: 5, stock: [stock('W1', 'TENT', 3)], incidents: [incident('I1')] })),
      server(delta(6, [reading('G1', NIGHT, 9.5)])),
    ]);
    const after = reduce(before, server(snapshot({ seq: 2, epoch: 'ep-2', resync: true }), NIGHT + MIN));
    expect(after.seq).toBe(2);
    expect(after.epoch).toBe('ep-2');
    expect(after.stock.size).toBe(0);
    expect(after.incidents.size).toBe(0);
    expect(levels(after, 'G1')).toEqual([]);
    expect([...after.stations.keys()]).toEqual(['G1', 'R1']);
  });

  it('clears needsResync and takes the clock, rate included', () => {
    const flagged = run([server(snapshot({ seq: 1 })), server(delta(3, []))]);
    expect(flagged.needsResync).toBe(true);
    const state = reduce(flagged, server(snapshot({ seq: 3, now: NIGHT + 5_000, clockRate: 60 }), 1_000));
    expect(state.needsResync).toBe(false);
    expect(state.clock).toEqual({ serverNow: NIGHT + 5_000, localAt: 1_000, rate: 60 });
    expect(state.lastHeardAt).toBe(1_000);
  });
});

describe('reduce › delta', () => {
  const base = run([server(snapshot({ seq: 10, histories: { G1: [{ at: NIGHT - 10 * MIN, level: 9 }] } }))]);

  it('appends readings, replaces balances and incidents by key, and advances seq', () => {
    const state = run(
      [
        server(
          delta(11, [reading('G1', NIGHT - 5 * MIN, 9.2), { kind: 'stock', stock: stock('W1', 'TENT', 4) }]),
        ),
        server(
          delta(12, [
            reading('G1', NIGHT, 9.4),
            { kind: 'stock', stock: stock('W1', 'TENT', 12) },
            { kind: 'incident', incident: incident('I1', { updates: 2 }) },
          ]),
        ),
      ],
      base,
    );
    expect(state.seq).toBe(12);
    expect(levels(state, 'G1')).toEqual([9, 9.2, 9.4]);
    expect(state.stock.get(stockKey('W1', 'TENT'))?.quantity).toBe(12);
    expect(state.stock.size).toBe(1);
    expect(state.incidents.get('I1')?.updates).toBe(2);
  });

  it('does not apply a delta after a gap and flags needsResync', () => {
    const state = reduce(base, server(delta(12, [reading('G1', NIGHT, 11)])));
    expect(state.needsResync).toBe(true);
    expect(state.seq).toBe(10);
    expect(levels(state, 'G1')).toEqual([9]);
  });

  it('ignores a delta it already has, without asking for a resync', () => {
    const state = reduce(base, server(delta(10, [reading('G1', NIGHT, 11)])));
    expect(state.needsResync).toBe(false);
    expect(state.seq).toBe(10);
    expect(levels(state, 'G1')).toEqual([9]);
  });

  it('flags needsResync for a delta from another collector run', () => {
    const state = reduce(base, server(delta(11, [reading('G1', NIGHT, 11)], { epoch: 'other' })));
    expect(state.needsResync).toBe(true);
    expect(levels(state, 'G1')).toEqual([9]);
  });

  it('flags needsResync for a delta before any snapshot', () => {
    expect(reduce(initialWatchState, server(delta(1, []))).needsResync).toBe(true);
  });

  it('clears needsResync once the missing delta arrives on the resumed link', () => {
    const gap = reduce(base, server(delta(12, [])));
    const resumed = run([server(delta(11, [])), server(delta(12, []))], gap);
    expect(resumed.needsResync).toBe(false);
    expect(resumed.seq).toBe(12);
  });

  it('keeps the clock rate from the snapshot and takes the delta time', () => {
    const fast = run([
      server(snapshot({ seq: 0, clockRate: 60 }), 0),
      server(delta(1, [], { now: NIGHT + MIN }), 500),
    ]);
    expect(fast.clock).toEqual({ serverNow: NIGHT + MIN, localAt: 500, rate: 60 });
  });

  it('does not turn the clock back for deltas replayed on a resume', () => {
    const synced = run([server(snapshot({ seq: 0 }), 0)]);
    const replayed = reduce(synced, server(delta(1, [], { now: NIGHT + 1_000 }), 60_000));
    expect(replayed.seq).toBe(1);
    expect(serverNow(replayed, 60_000)).toBe(NIGHT + 60_000);
    const current = reduce(replayed, server(delta(2, [], { now: NIGHT + 59_500 }), 60_000));
    expect(current.clock).toEqual({ serverNow: NIGHT + 59_500, localAt: 60_000, rate: 1 });
  });

  it('leaves the previous state untouched', () => {
    const history = base.stations.get('G1')?.history;
    reduce(base, server(delta(11, [reading('G1', NIGHT, 9.9)])));
    expect(base.stations.get('G1')?.history).toBe(history);
    expect(history).toHaveLength(1);
  });

  it('drops a reading for a station the snapshot did not have', () => {
    const state = reduce(base, server(delta(11, [reading('NOPE', NIGHT, 1)])));
    expect(state.seq).toBe(11);
    expect(state.stations.has('NOPE')).toBe(false);
  });
});

describe('reduce › history bounds', () => {
  it(`keeps at most ${HISTORY_MAX_POINTS} readings, the newest`, () => {
    const changes = Array.from({ length: HISTORY_MAX_POINTS + 5 }, (_, i) =>
      reading('G1', NIGHT + i * 1000, i),
    );
    const state = run([server(snapshot()), server(delta(1, changes))]);
    const history = levels(state, 'G1') ?? [];
    expect(history).toHaveLength(HISTORY_MAX_POINTS);
    expect(history[0]).toBe(5);
    expect(history.at(-1)).toBe(HISTORY_MAX_POINTS + 4);
  });

  it('drops readings older than the window before the newest one', () => {
    const old = NIGHT - HISTORY_WINDOW_MS - MIN;
    const state = run([
      server(snapshot({ histories: { G1: [{ at: old, level: 1 }] } })),
      server(delta(1, [reading('G1', NIGHT - HISTORY_WINDOW_MS, 2), reading('G1', NIGHT, 3)])),
    ]);
    expect(levels(state, 'G1')).toEqual([2, 3]);
  });

  it('inserts a late reading in time order', () => {
    const state = run([
      server(snapshot()),
      server(
        delta(1, [reading('G1', NIGHT, 3), reading('G1', NIGHT - 2 * MIN, 1), reading('G1', NIGHT - MIN, 2)]),
      ),
    ]);
    expect(levels(state, 'G1')).toEqual([1, 2, 3]);
  });
});

describe('reduce › clock', () => {
  const base = run([server(snapshot({ seq: 4 }), 0)]);

  it('resets the clock sync on an idle feed', () => {
    const state = reduce(
      base,
      server({ v: 1, type: 'clock', now: NIGHT + 30_000, clockRate: 2, seq: 4 }, 10_000),
    );
    expect(state.clock).toEqual({ serverNow: NIGHT + 30_000, localAt: 10_000, rate: 2 });
    expect(state.needsResync).toBe(false);
    expect(state.lastHeardAt).toBe(10_000);
  });

  it('flags needsResync when the collector is ahead of the last delta seen', () => {
    const state = reduce(base, server({ v: 1, type: 'clock', now: NIGHT, clockRate: 1, seq: 5 }));
    expect(state.needsResync).toBe(true);
  });

  it('estimates the collector time from the last sync and its rate', () => {
    expect(serverNow(base, 2_000)).toBe(NIGHT + 2_000);
    const fast = reduce(base, server({ v: 1, type: 'clock', now: NIGHT, clockRate: 60, seq: 4 }, 1_000));
    expect(serverNow(fast, 2_000)).toBe(NIGHT + 60_000);
    expect(serverNow(initialWatchState, 1234)).toBe(1234);
  });

  it('counts a reply as a sign of life and changes nothing else', () => {
    const state = reduce(base, server({ v: 1, type: 'ack', id: 'a1' }, 7));
    expect(state).toEqual({ ...base, lastHeardAt: 7 });
  });
});

describe('reduce › connection', () => {
  it('goes connecting → live → reconnecting since the drop → offline, keeping the time of the drop', () => {
    let state = reduce(initialWatchState, { type: 'conn.connecting', at: 1, attempt: 0 });
    expect(state.connection).toEqual({ status: 'connecting', since: 1, attempt: 0 });
    state = reduce(state, { type: 'conn.live', at: 2 });
    expect(state.connection).toEqual({ status: 'live', since: 2 });
    state = reduce(state, { type: 'conn.lost', at: 100, reason: 'link closed (1006)' });
    expect(state.connection).toEqual({
      status: 'reconnecting',
      since: 100,
      attempt: 0,
      reason: 'link closed (1006)',
    });
    state = reduce(state, { type: 'conn.connecting', at: 150, attempt: 1 });
    state = reduce(state, { type: 'conn.lost', at: 200, reason: 'ECONNREFUSED' });
    expect(state.connection).toMatchObject({
      status: 'reconnecting',
      since: 100,
      attempt: 1,
      reason: 'ECONNREFUSED',
    });
    state = reduce(state, { type: 'conn.offline', at: 10_100 });
    expect(state.connection).toMatchObject({ status: 'offline', since: 100 });
    state = reduce(state, { type: 'conn.connecting', at: 20_000, attempt: 4 });
    expect(state.connection).toMatchObject({ status: 'offline', since: 100, attempt: 4 });
    state = reduce(state, { type: 'conn.live', at: 30_000 });
    expect(state.connection).toEqual({ status: 'live', since: 30_000 });
  });

  it('ignores a late offline once the link is back', () => {
    const live = reduce(initialWatchState, { type: 'conn.live', at: 5 });
    expect(reduce(live, { type: 'conn.offline', at: 6 })).toBe(live);
  });

  it('stays refused when the socket closes after the refusal', () => {
    const refused = reduce(initialWatchState, {
      type: 'conn.refused',
      at: 3,
      httpStatus: 401,
      reason: 'bad token',
    });
    expect(refused.connection).toEqual({ status: 'refused', since: 3, httpStatus: 401, reason: 'bad token' });
    expect(reduce(refused, { type: 'conn.lost', at: 4, reason: 'closed' })).toBe(refused);
    expect(reduce(refused, { type: 'conn.offline', at: 5 })).toBe(refused);
  });

  it('keeps the data through a drop', () => {
    const state = run([
      server(snapshot({ seq: 3, incidents: [incident('I1')] })),
      { type: 'conn.lost', at: 9, reason: 'x' },
    ]);
    expect(state.seq).toBe(3);
    expect(state.epoch).toBe(EPOCH);
    expect(state.incidents.has('I1')).toBe(true);
  });
});
