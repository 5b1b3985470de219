import { describe, expect, it } from 'vitest';
import type { HistoryReply, ReadingPoint } from '../../src/protocol/index.js';
import { reduce } from '../../src/state/reducer.js';
import { selectStationRows } from '../../src/state/selectors/stations.js';
import type { WatchState } from '../../src/state/watch-state.js';
import { LOCAL, thinnedG1State } from '../console/console-fixtures.js';

// The answer to `history.get` (issue 19.6) replaces a station's thinned snapshot history with the whole one, and
// the feed carries on from it: a delta repeating a reading the answer holds keeps it once.

const MIN = 60_000;

const thinnedState = thinnedG1State;

const answer = (state: WatchState, history: ReadingPoint[], station = 'G1'): HistoryReply => ({
  v: 1,
  type: 'history',
  id: 'h-1',
  station,
  seq: state.seq ?? 0,
  history,
});

describe('a station history answer', () => {
  it('replaces the thinned history with the whole one and clears the mark', () => {
    const { state, whole } = thinnedState();
    expect(state.stations.get('G1')?.historyThinned).toBe(true);
    const next = reduce(state, { type: 'server', msg: answer(state, whole), at: LOCAL + 10 });
    expect(next.stations.get('G1')?.history).toEqual(whole);
    expect(next.stations.get('G1')?.historyThinned).toBeUndefined();
    const row = selectStationRows(next, LOCAL, { names: 'zh' }).find((r) => r.code === 'G1');
    expect(row?.isHistoryThinned).toBe(false);
    expect(row?.sparkline).toEqual(whole.map((p) => p.level));
    expect(next.lastHeardAt).toBe(LOCAL + 10);
  });

  it('keeps a reading once when the next delta repeats the newest one the answer holds', () => {
    const { state, whole } = thinnedState();
    const answered = reduce(state, { type: 'server', msg: answer(state, whole), at: LOCAL });
    const newest = whole.at(-1) as ReadingPoint;
    const later = { at: newest.at + 15 * MIN, level: newest.level + 0.1 };
    const next = reduce(answered, {
      type: 'server',
      msg: {
        v: 1,
        type: 'delta',
        epoch: state.epoch as string,
        seq: (state.seq as number) + 1,
        now: later.at,
        changes: [
          { kind: 'reading', station: 'G1', reading: newest },
          { kind: 'reading', station: 'G1', reading: later },
        ],
      },
      at: LOCAL + 20,
    });
    expect(next.stations.get('G1')?.history).toEqual([...whole, later]);
  });

  it('keeps a reading this client holds that is newer than the answer', () => {
    const { state, whole } = thinnedState();
    const older = whole.slice(0, -1);
    const next = reduce(state, { type: 'server', msg: answer(state, older), at: LOCAL });
    expect(next.stations.get('G1')?.history).toEqual(whole);
  });

  it('changes no station for a station the picture does not have', () => {
    const { state, whole } = thinnedState();
    const next = reduce(state, { type: 'server', msg: answer(state, whole, 'NOPE'), at: LOCAL });
    expect(next.stations).toBe(state.stations);
  });
});
