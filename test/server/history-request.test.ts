import { describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { createStore } from '../../src/client/store.js';
import { connectWatch } from '../../src/client/watch-connection.js';
import { configSchema, type ReadingPoint } from '../../src/protocol/index.js';
import { reduce } from '../../src/state/reducer.js';
import { initialWatchState } from '../../src/state/watch-state.js';
import { collectorsPerTest } from '../helpers/collector-per-test.js';
import { sendSixHoursOfG1 } from '../helpers/six-hours-of-g1.js';
import { TOKENS, testConfigInput } from '../helpers/test-config.js';
import { connect } from '../helpers/ws-client.js';

// Issue 19.6, through a real collector: past its history budget a snapshot thins each station's older day; a
// watcher asks for one station's whole history with `history.get` and gets every reading the collector holds; a
// relay (`/watch?history=full`) gets snapshots that are never thinned, the first and every resync alike.

const { start, ingest } = collectorsPerTest();

type Station = { code: string; history: ReadingPoint[]; historyThinned?: true };
type Frame = {
  type: string;
  id?: string;
  code?: string;
  path?: string;
  seq?: number;
  resync?: boolean;
  stations?: Station[];
  history?: ReadingPoint[];
};

async function collectorWithSixHours(rateLimit?: { perSecond: number; burst: number }) {
  const input = testConfigInput();
  const config = configSchema.parse({
    ...input,
    server: {
      ...input.server,
      snapshotHistoryPoints: 10,
      ...(rateLimit
        ? { actionRateLimitPerSecond: rateLimit.perSecond, actionRateLimitBurst: rateLimit.burst }
        : {}),
    },
  });
  const running = await start({ config });
  const sent = await sendSixHoursOfG1(await ingest(running.url, TOKENS.gauges));
  return { running, sent };
}

/** A `/watch` socket with its frames recorded (the welcome included). */
async function openWatch(url: string, query = '') {
  const ws = await connect(url, `/watch${query}`, TOKENS.viewer);
  const frames: Frame[] = [];
  ws.on('message', (data) => frames.push(JSON.parse(String(data)) as Frame));
  const until = async (test: () => boolean) => {
    for (let i = 0; i < 400 && !test(); i += 1) await new Promise((r) => setTimeout(r, 25));
    if (!test()) throw new Error(`timed out; ${frames.length} frames`);
  };
  const snapshots = () => frames.filter((f) => f.type === 'snapshot');
  const g1 = (frame: Frame) => (frame.stations ?? []).find((s) => s.code === 'G1') as Station;
  return { ws, frames, until, snapshots, g1 };
}

const levels = (points: readonly ReadingPoint[]) => points.map((p) => [p.at, p.level, p.rain]);

async function ask(ws: WebSocket, frames: Frame[], frame: { id: string; [key: string]: unknown }) {
  ws.send(JSON.stringify(frame));
  for (let i = 0; i < 400 && !frames.some((f) => f.id === frame.id); i += 1) {
    await new Promise((r) => setTimeout(r, 25));
  }
  return frames.find((f) => f.id === frame.id) as Frame;
}

describe('history.get on /watch', () => {
  it("answers with the station's every reading when the snapshot thinned it, and writes nothing", async () => {
    const { running, sent } = await collectorWithSixHours();
    const w = await openWatch(running.url);
    await w.until(() => w.snapshots().length === 1);
    const snapshot = w.snapshots()[0] as Frame;
    expect(w.g1(snapshot).historyThinned).toBe(true);
    expect(w.g1(snapshot).history.length).toBeLessThan(sent.length);

    const reply = await ask(w.ws, w.frames, { v: 1, type: 'history.get', id: 'h-1', station: 'G1' });
    expect(reply).toMatchObject({ v: 1, type: 'history', id: 'h-1', station: 'G1' });
    expect(levels(reply.history as ReadingPoint[])).toEqual(levels(sent));
    // Its seq is the last feed frame sent before it: deltas after it carry on from there.
    const before = w.frames.slice(0, w.frames.indexOf(reply)).filter((f) => typeof f.seq === 'number');
    expect(reply.seq).toBe(before.at(-1)?.seq);
    // A read, not an action: the same id asked again is answered again, never acked as a duplicate.
    w.frames.length = 0;
    const again = await ask(w.ws, w.frames, { type: 'history.get', id: 'h-1', station: 'G1' });
    expect(again).toMatchObject({ type: 'history', id: 'h-1' });
  });

  it('names an unknown station and a malformed request with stable codes, and keeps serving', async () => {
    const { running } = await collectorWithSixHours();
    const w = await openWatch(running.url);
    await w.until(() => w.snapshots().length === 1);
    expect(await ask(w.ws, w.frames, { type: 'history.get', id: 'h-2', station: 'NOPE' })).toMatchObject({
      type: 'error',
      code: 'UNKNOWN_REFERENCE',
      path: 'station',
    });
    expect(await ask(w.ws, w.frames, { type: 'history.get', id: 'h-3' })).toMatchObject({
      type: 'error',
      code: 'INVALID_MESSAGE',
      path: 'station',
    });
    expect(
      await ask(w.ws, w.frames, { type: 'history.get', id: 'h-4', station: 'G1', extra: 1 }),
    ).toMatchObject({ type: 'error', code: 'INVALID_MESSAGE', path: 'extra' });
    expect(await ask(w.ws, w.frames, { type: 'history.get', id: 'h-5', station: 'G1' })).toMatchObject({
      type: 'history',
      station: 'G1',
    });
  });

  it("counts against the token's action rate limit", async () => {
    const { running } = await collectorWithSixHours({ perSecond: 0.001, burst: 2 });
    const w = await openWatch(running.url);
    await w.until(() => w.snapshots().length === 1);
    const answers = [];
    for (const id of ['h-1', 'h-2', 'h-3']) {
      answers.push(await ask(w.ws, w.frames, { type: 'history.get', id, station: 'G1' }));
    }
    expect(answers.map((a) => a.code ?? a.type)).toEqual(['history', 'history', 'RATE_LIMITED']);
  });

  it('reaches a console through connectWatch: the store holds the whole history afterwards', async () => {
    const { running, sent } = await collectorWithSixHours();
    const store = createStore(reduce, initialWatchState);
    const connection = connectWatch({
      url: running.url,
      token: TOKENS.viewer,
      dispatch: (event) => store.dispatch(event),
      getState: () => store.getState(),
    });
    try {
      for (let i = 0; i < 400 && store.getState().connection.status !== 'live'; i += 1) {
        await new Promise((r) => setTimeout(r, 25));
      }
      for (let i = 0; i < 400 && store.getState().seq === undefined; i += 1) {
        await new Promise((r) => setTimeout(r, 25));
      }
      expect(store.getState().stations.get('G1')?.historyThinned).toBe(true);
      const answer = await connection.readHistory('G1', 'h-1');
      expect(answer.type).toBe('history');
      const g1 = store.getState().stations.get('G1');
      expect(g1?.historyThinned).toBeUndefined();
      expect(levels(g1?.history ?? [])).toEqual(levels(sent));
      expect(await connection.readHistory('NOPE', 'h-2')).toMatchObject({ code: 'UNKNOWN_REFERENCE' });
    } finally {
      await connection.close();
    }
  });
});

describe('/watch?history=full (relays)', () => {
  it('sends snapshots that are never thinned: the first, and a resync', async () => {
    const { running, sent } = await collectorWithSixHours();
    const full = await openWatch(running.url, '?history=full');
    await full.until(() => full.snapshots().length === 1);
    const first = full.snapshots()[0] as Frame;
    expect(full.g1(first).historyThinned).toBeUndefined();
    expect(levels(full.g1(first).history)).toEqual(levels(sent));

    // A resume the feed cannot serve (another epoch) is answered with a resync snapshot, also whole.
    const resync = await openWatch(running.url, `?since=${first.seq}&epoch=gone&history=full`);
    await resync.until(() => resync.snapshots().length === 1);
    const again = resync.snapshots()[0] as Frame;
    expect(again.resync).toBe(true);
    expect(levels(resync.g1(again).history)).toEqual(levels(sent));

    // The same moment, a screen's snapshot is thinned: the two kinds are cached apart.
    const screen = await openWatch(running.url);
    await screen.until(() => screen.snapshots().length === 1);
    expect(screen.g1(screen.snapshots()[0] as Frame).historyThinned).toBe(true);
  });
});
