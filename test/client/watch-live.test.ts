import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createStore, type Store } from '../../src/client/store.js';
import { connectWatch, type WatchConnection } from '../../src/client/watch-connection.js';
import type { ServerMessage } from '../../src/protocol/index.js';
import type { Action } from '../../src/state/actions.js';
import { reduce } from '../../src/state/reducer.js';
import { initialWatchState, type WatchState } from '../../src/state/watch-state.js';
import { type RunningCollector, startCollector } from '../helpers/start-collector.js';
import { TOKENS } from '../helpers/test-config.js';
import { streamReadings } from '../helpers/watch-client.js';
import { connect, replies } from '../helpers/ws-client.js';

let running: RunningCollector | undefined;
let connections: WatchConnection[] = [];
afterEach(async () => {
  await Promise.all(connections.map((c) => c.close()));
  connections = [];
  await running?.stop();
  running = undefined;
});

/** A watcher as the console runs one: a store, a connection, and a record of what came in and where it went. */
function watcher(
  url: string,
  token: string,
  options: { store?: Store<WatchState, Action>; outageMs?: number } = {},
) {
  const store = options.store ?? createStore(reduce, initialWatchState);
  const messages: ServerMessage[] = [];
  const urls: string[] = [];
  // Records each URL dialled, to prove a resume asked for `since`.
  class RecordingWebSocket extends WebSocket {
    constructor(address: string, protocols: string, options: WebSocket.ClientOptions) {
      super(address, protocols, options);
      urls.push(address);
    }
  }
  const connection = connectWatch({
    url,
    token,
    getState: store.getState,
    dispatch: (action) => {
      // The welcome opens every connection; these tests follow the feed after it.
      if (action.type === 'server' && action.msg.type !== 'welcome') messages.push(action.msg);
      store.dispatch(action);
    },
    // A pinned jitter makes the first retry wait exactly `outageMs`.
    backoff: { initialMs: options.outageMs ?? 20, maxMs: 1000 },
    random: () => 1,
    WebSocketImpl: RecordingWebSocket as unknown as typeof WebSocket,
  });
  connections.push(connection);
  return { store, connection, messages, urls };
}

async function until(test: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const start = Date.now();
  while (!test()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Sends messages on /ingest and waits for every ack. */
async function ingest(url: string, messages: object[]): Promise<void> {
  const ws = await connect(url, '/ingest', TOKENS.source);
  const inbox = replies(ws);
  for (const m of messages) ws.send(JSON.stringify(m));
  const all = await inbox.waitFor(messages.length);
  ws.close();
  expect(all.filter((r) => r.type !== 'ack')).toEqual([]);
}

const iso = (msAgo: number) => new Date(Date.now() - msAgo).toISOString();
const casualties = { deaths: 0, missing: 0, seriousInjuries: 0, injuries: 0, trapped: 3, evacuated: 20 };

/** Balances and incidents, so the comparison covers every kind of change, not only readings. */
function otherChanges(tag: string): object[] {
  return [
    {
      type: 'stock.count',
      id: `${tag}-c1`,
      warehouse: 'W1',
      item: 'TENT',
      quantity: 7,
      at: iso(60_000),
      lots: [],
    },
    {
      type: 'stock.count',
      id: `${tag}-c2`,
      warehouse: 'W2',
      item: 'TENT',
      quantity: 1,
      at: iso(60_000),
      lots: [],
    },
    {
      type: 'incident.report',
      id: `${tag}-r1`,
      incident: `INC-${tag}`,
      category: 'natural',
      kind: 'landslide',
      title: '山体滑坡',
      township: 'T1',
      occurredAt: iso(30 * 60_000),
      casualties,
      directLossYuan: 50_000,
    },
    {
      type: 'incident.update',
      id: `${tag}-u1`,
      incident: `INC-${tag}`,
      at: iso(60_000),
      casualties: { deaths: 3 },
    },
  ];
}

/** The parts of the state that do not depend on when or how they were received. */
function picture(state: WatchState) {
  return {
    epoch: state.epoch,
    seq: state.seq,
    needsResync: state.needsResync,
    histories: Object.fromEntries([...state.stations].map(([code, s]) => [code, s.history])),
    stock: [...state.stock.entries()].sort(([a], [b]) => a.localeCompare(b)),
    incidents: [...state.incidents.entries()].sort(([a], [b]) => a.localeCompare(b)),
  };
}

const types = (messages: ServerMessage[]) => messages.map((m) => m.type).filter((t) => t !== 'clock');

describe('connectWatch against a real collector', () => {
  it('receives a snapshot, then deltas, and keeps up with every change', async () => {
    running = await startCollector();
    const w = watcher(running.url, TOKENS.viewer);
    await until(() => w.store.getState().connection.status === 'live' && w.messages.length > 0, 'snapshot');
    await streamReadings(running.url, TOKENS.source, 50);
    await ingest(running.url, otherChanges('a'));
    running.collector.feed.flush();
    const collector = running.collector;
    await until(() => w.store.getState().seq === collector.feed.seq, 'the last delta');
    expect(types(w.messages)[0]).toBe('snapshot');
    expect(new Set(types(w.messages).slice(1))).toEqual(new Set(['delta']));
    const state = w.store.getState();
    expect(state.stations.get('G1')?.history).toHaveLength(50);
    expect(state.stock.get('W1/TENT')?.quantity).toBe(7);
    expect(state.incidents.get('INC-a')?.casualties.deaths).toBe(3);
    expect(state.needsResync).toBe(false);
  });

  it('resumes a watcher cut mid-stream with since, ending exactly where one that never disconnected ends', async () => {
    running = await startCollector();
    const collector = running.collector;
    const steady = watcher(running.url, TOKENS.viewer);
    const cut = watcher(running.url, TOKENS.officer, { outageMs: 150 });
    await until(() => [steady, cut].every((w) => w.store.getState().seq !== undefined), 'both snapshots');
    let seqAtCut: number | undefined;
    let seqAtResume: number | undefined;
    let wasDown = false;
    const unsubscribe = cut.store.subscribe((s) => {
      // Cut once the stream is flowing, so deltas are missed while the link is down.
      if (seqAtCut === undefined && (s.seq ?? 0) >= 3) {
        seqAtCut = s.seq;
        cut.connection.drop();
      }
      if (s.connection.status === 'reconnecting') wasDown = true;
      if (wasDown && seqAtResume === undefined && s.connection.status === 'live')
        seqAtResume = collector.feed.seq;
    });
    await Promise.all([
      streamReadings(running.url, TOKENS.source, 3000, { window: 20 }),
      streamReadings(running.url, TOKENS.source, 1000, { station: 'R1', idPrefix: 'r1', window: 5 }),
      ingest(running.url, otherChanges('b')),
    ]);
    unsubscribe();
    collector.feed.flush();
    await until(
      () => [steady, cut].every((w) => w.store.getState().seq === collector.feed.seq),
      'both watchers at the last seq',
    );
    // The collector moved on while the link was down: those deltas reached the watcher only through the resume.
    expect(seqAtResume).toBeGreaterThan(seqAtCut ?? Number.POSITIVE_INFINITY);
    expect(cut.urls).toHaveLength(2);
    expect(cut.urls[1]).toMatch(/[?&]since=\d+&epoch=\w+/);
    expect(types(cut.messages).filter((t) => t === 'snapshot')).toHaveLength(1);
    expect(picture(cut.store.getState())).toEqual(picture(steady.store.getState()));
    expect(picture(steady.store.getState()).histories['G1']).toHaveLength(400);
  });

  it('resyncs a watcher that comes back after the kept window with a snapshot, and ends in the same state', async () => {
    // One delta per commit and one message per commit: 10,050 readings outrun the feed's 10,000-delta window.
    running = await startCollector({ feedIntervalMs: 0 });
    const collector = running.collector;
    const steady = watcher(running.url, TOKENS.viewer);
    const away = watcher(running.url, TOKENS.officer);
    await until(() => [steady, away].every((w) => w.store.getState().seq !== undefined), 'both snapshots');
    await ingest(running.url, otherChanges('c'));
    await until(() => away.store.getState().seq === collector.feed.seq, 'the first changes');
    await away.connection.close();
    await streamReadings(running.url, TOKENS.source, 10_050, { window: 1 });
    const back = watcher(running.url, TOKENS.officer, { store: away.store });
    await until(
      () => [steady, back].every((w) => w.store.getState().seq === collector.feed.seq),
      'both watchers at the last seq',
    );
    expect(back.urls[0]).toMatch(/[?&]since=\d+&epoch=\w+/);
    expect(back.messages[0]).toMatchObject({ type: 'snapshot', resync: true });
    expect(picture(back.store.getState())).toEqual(picture(steady.store.getState()));
  }, 60_000);

  it('reaches refused for an unknown token and for a role that may not watch', async () => {
    running = await startCollector();
    const unknown = watcher(running.url, 'not-a-token');
    const source = watcher(running.url, TOKENS.source);
    await until(
      () => [unknown, source].every((w) => w.store.getState().connection.status === 'refused'),
      'refused',
    );
    expect(unknown.store.getState().connection).toMatchObject({ status: 'refused', httpStatus: 401 });
    expect(source.store.getState().connection).toMatchObject({ status: 'refused', httpStatus: 403 });
    expect(source.store.getState().connection).toMatchObject({ reason: expect.stringMatching(/source/) });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect([unknown.urls.length, source.urls.length]).toEqual([1, 1]);
  });
});
