import { createStore, type Store } from '../../src/client/store.js';
import type { ObligationFeed, ReadingPoint, Snapshot } from '../../src/protocol/index.js';
import type { Action } from '../../src/state/actions.js';
import { reduce } from '../../src/state/reducer.js';
import { initialWatchState, type WatchState } from '../../src/state/watch-state.js';
import { testConfig } from '../helpers/test-config.js';
import { alertFeed, incident, MIN, NIGHT, server, snapshot, stock } from '../state/feed-fixtures.js';

/** The local clock of the console tests, unrelated to the collector's (selectors must use serverNow). */
export const LOCAL = 5_000_000;

/** A reporting clock of INC-1, due in 20 minutes unless overridden. */
export function obligationFeed(overrides: Partial<ObligationFeed> = {}): ObligationFeed {
  return {
    id: 7,
    incident: 'INC-1',
    kind: 'phone',
    target: 'city',
    level: 3,
    dueAt: NIGHT + 20 * MIN,
    warnAt: NIGHT + 10 * MIN,
    state: 'open',
    doneAt: null,
    doneBy: null,
    doneNote: null,
    ...overrides,
  };
}

/** Readings every 15 minutes, rising to `latest` at `mPerH`. */
export function trend(latest: number, mPerH: number) {
  return [60, 45, 30, 15, 0].map((m) => ({ at: NIGHT - m * MIN, level: latest - (mPerH * m) / 60 }));
}

/** A snapshot of the test county with an alert, an incident with a deadline, stock and readings. */
export function busySnapshot(overrides: Partial<Snapshot> = {}): Snapshot {
  const base = snapshot({
    histories: { G1: trend(12.1, 0.4), R1: trend(100.5, 0.1) },
    stock: [stock('W1', 'TENT', 4), stock('W1', 'BAG', 500)],
    incidents: [
      incident('INC-1', {
        title: '城关镇东村山体滑坡，2人被困',
        casualties: { deaths: 1, missing: 0, seriousInjuries: 0, injuries: 2, trapped: 2, evacuated: 0 },
      }),
    ],
  });
  return {
    ...base,
    // Phones for the ladder and the ladders themselves: prompts say who is called next and how to reach them.
    people: base.people.map((p) => ({ ...p, ...(PHONES[p.id] ? { phone: PHONES[p.id] } : {}) })),
    ladders: testConfig().escalation.ladders,
    alerts: [
      alertFeed(),
      alertFeed({
        id: 3,
        key: 'stock.low:W1/TENT',
        class: 'stock.low',
        severity: 'warning',
        subject: { kind: 'stock', code: 'W1/TENT' },
        title: { zh: '县救灾物资储备库 帐篷 低于最低储备', en: 'County depot tents below minimum' },
        action: { zh: '通知仓库补充', en: 'Ask the warehouse to restock' },
        rung: { target: 'leader', person: 'P2' },
        step: 1,
        openedAt: NIGHT - 20 * MIN,
      }),
    ],
    obligations: [obligationFeed()],
    log: [
      {
        id: 1,
        at: NIGHT - 5 * MIN,
        actor: 'system',
        action: 'created',
        alert: 12,
        incident: null,
        obligation: null,
        text: 'Ruhe Bridge over guaranteed',
      },
      {
        id: 2,
        at: NIGHT - 2 * MIN,
        actor: 'P1',
        action: 'note',
        alert: null,
        incident: 'INC-1',
        obligation: null,
        text: '已派人查看',
      },
    ],
    ...overrides,
  };
}

const PHONES: Readonly<Record<string, string>> = {
  P1: '139-0001-0001',
  P2: '138-0002-0002',
  P3: '137-0003-0003',
};

/** The state after a welcome as officer P1, `snap`, and the link going live, all at local time LOCAL. */
export function liveState(
  snap: Snapshot = busySnapshot(),
  me: { role: 'officer' | 'leader'; person: string } = { role: 'officer', person: 'P1' },
): WatchState {
  const actions: Action[] = [
    server(
      { v: 1, type: 'welcome', token: me.role, role: me.role, person: me.person, version: 'test' },
      LOCAL,
    ),
    server(snap, LOCAL),
    { type: 'conn.live', at: LOCAL },
  ];
  return actions.reduce(reduce, initialWatchState);
}

/** A store holding `state`, advanced by the real reducer. */
export function storeWith(state: WatchState = liveState()): Store<WatchState, Action> {
  return createStore(reduce, state);
}

/**
 * The busy state with gauge G1's snapshot history thinned (issue 19.6) to its oldest and two newest readings, and
 * the whole history the collector would answer `history.get` with.
 */
export function thinnedG1State(): { state: WatchState; whole: ReadingPoint[] } {
  const whole = trend(12.1, 0.4);
  const snap = busySnapshot();
  const stations = snap.stations.map((s) =>
    s.code === 'G1'
      ? { ...s, history: [whole[0], ...whole.slice(-2)] as ReadingPoint[], historyThinned: true as const }
      : s,
  );
  return { state: liveState({ ...snap, stations }), whole };
}
