import { describe, expect, it } from 'vitest';
import { DEMO_TOKENS } from '../../src/cli/demo.js';
import type { Delta, Snapshot, TeamFeed } from '../../src/protocol/index.js';
import { applyDelta, applySnapshot } from '../../src/state/apply-feed.js';
import { initialWatchState, type WatchState } from '../../src/state/watch-state.js';
import { collectorsPerTest } from '../helpers/collector-per-test.js';
import { manualClock } from '../helpers/start-collector.js';
import { watch } from '../helpers/watch-client.js';
import { connect, request, requestById } from '../helpers/ws-client.js';
import { demoConfigWithTwoTeamSource, linwanReport, standbyStatus } from './demo-forces.js';

const MINUTE = 60_000;
// Near the real time: the id window is trimmed against the wall clock (group-commit), so a hand-moved clock
// set months back would forget ids at once and resends would not be recognised.
const START = Math.floor(Date.now() / MINUTE) * MINUTE;

const collectors = collectorsPerTest();

async function setUp() {
  const clock = manualClock(START);
  const running = await collectors.start({ config: demoConfigWithTwoTeamSource(), clock });
  const { collector } = running;
  const source = await connect(running.url, '/ingest', DEMO_TOKENS.source);
  const watcher = await watch(running.url, DEMO_TOKENS.viewer);
  await watcher.until((f) => f.length >= 1);
  const at = (minutes = 0) => new Date(clock.now() + minutes * MINUTE).toISOString();
  /** The watcher's state, folded from every frame it received, as a console would hold it. */
  const state = (): WatchState =>
    watcher.frames.reduce<WatchState>((s, f) => {
      if (f.type === 'snapshot') return applySnapshot(s, f as unknown as Snapshot, 0);
      if (f.type === 'delta') return applyDelta(s, f as unknown as Delta, 0);
      return s;
    }, initialWatchState);
  /** Sends a message; once stored, lets the feed publish and the engine look. */
  const send = async (msg: object) => {
    const reply = await request(source, msg);
    collector.feed.flush();
    collector.engine.evaluate();
    return reply;
  };
  const teamSeen = async (code: string, test: (t: TeamFeed) => boolean) => {
    collector.feed.flush();
    await watcher.until(() => {
      const team = state().teams.get(code);
      return team !== undefined && test(team);
    });
    return state().teams.get(code) as TeamFeed;
  };
  const advance = (ms: number) => {
    clock.advance(ms);
    collector.engine.tick();
  };
  const alert = (key: string) =>
    collector.engine.snapshotParts(clock.now()).alerts.find((a) => a.key === key && a.state !== 'closed');
  return { clock, source, watcher, at, send, teamSeen, advance, alert, state, collector, url: running.url };
}

describe('rescue forces on the collector', () => {
  it('refuses what contradicts the state, with its code and path', async () => {
    const h = await setUp();
    expect(await h.send(linwanReport(h.at(-5)))).toMatchObject({ type: 'ack' });
    expect(await h.send(standbyStatus('TEAM-T09', 20, h.at()))).toMatchObject({ type: 'ack' });
    const dispatch = { type: 'team.dispatch', team: 'TEAM-T09', incident: 'INC-LINWAN', departedAt: h.at() };

    expect(await h.send({ ...dispatch, id: 'd-too-many', headcount: 21 })).toMatchObject({
      type: 'error',
      code: 'INSUFFICIENT_FORCES',
      path: 'headcount',
    });
    expect(await h.send({ ...dispatch, id: 'd-scope', team: 'TEAM-T05', headcount: 5 })).toMatchObject({
      type: 'error',
      code: 'OUT_OF_SCOPE',
      path: 'team',
    });
    expect(await h.send({ ...dispatch, id: 'd-unknown', incident: 'INC-NONE', headcount: 5 })).toMatchObject({
      type: 'error',
      code: 'UNKNOWN_REFERENCE',
      path: 'incident',
    });
    const arrive = { type: 'team.arrive', team: 'TEAM-T09', incident: 'INC-LINWAN' };
    expect(await h.send({ ...arrive, id: 'a-early', at: h.at() })).toMatchObject({
      code: 'INVALID_STATE',
      path: 'incident',
    });
    expect(await h.send({ ...dispatch, id: 'd-1', headcount: 20 })).toMatchObject({ type: 'ack' });
    // The same message again is a duplicate, not a second dispatch.
    expect(await h.send({ ...dispatch, id: 'd-1', headcount: 20 })).toMatchObject({
      type: 'ack',
      duplicate: true,
    });
    expect(await h.send({ ...dispatch, id: 'd-2', headcount: 1 })).toMatchObject({
      code: 'INVALID_STATE',
      path: 'team',
    });
    expect(await h.send({ ...arrive, id: 'a-before', at: h.at(-1) })).toMatchObject({
      code: 'INVALID_STATE',
      path: 'at',
    });
    // Everything refused left no trace: one dispatch of 20, nobody left on hand.
    const team = await h.teamSeen('TEAM-T09', (t) => t.dispatches.length > 0);
    expect(team).toMatchObject({ available: 0, dispatches: [{ headcount: 20, arrivedAt: null }] });
  });

  it('follows a dispatch, its arrival and its return on the watcher', async () => {
    const h = await setUp();
    await h.send(linwanReport(h.at(-5)));
    await h.send(standbyStatus('TEAM-COUNTY', 80, h.at()));
    let team = await h.teamSeen('TEAM-COUNTY', (t) => t.available === 80);
    expect(team).toMatchObject({ posture: 'standby', reportedAt: START, dispatches: [] });

    const ref = { team: 'TEAM-COUNTY', incident: 'INC-LINWAN' };
    await h.send({ type: 'team.dispatch', id: 'd-1', ...ref, headcount: 30, departedAt: h.at() });
    team = await h.teamSeen('TEAM-COUNTY', (t) => t.dispatches.length === 1);
    expect(team.available).toBe(50);
    expect(team.dispatches[0]).toMatchObject({ ...ref, headcount: 30, departedAt: START, arrivedAt: null });

    h.advance(40 * MINUTE);
    await h.send({ type: 'team.arrive', id: 'a-1', ...ref, at: h.at() });
    team = await h.teamSeen('TEAM-COUNTY', (t) => t.dispatches[0]?.arrivedAt !== null);
    expect(team.dispatches[0]?.arrivedAt).toBe(START + 40 * MINUTE);

    h.advance(3 * 60 * MINUTE);
    await h.send({ type: 'team.return', id: 'r-1', ...ref, at: h.at() });
    team = await h.teamSeen('TEAM-COUNTY', (t) => t.dispatches[0]?.returnedAt !== null);
    expect(team.available).toBe(80);
    expect(team.dispatches[0]?.returnedAt).toBe(START + 220 * MINUTE);
    // Back, the team can go again: a new dispatch to the same incident is accepted.
    expect(
      await h.send({ type: 'team.dispatch', id: 'd-2', ...ref, headcount: 5, departedAt: h.at() }),
    ).toMatchObject({
      type: 'ack',
    });
  });

  it('opens "no team sent" at N minutes after a 较大涉险 report and closes it once a team is sent', async () => {
    const h = await setUp();
    await h.send(linwanReport(h.at(-5)));
    const key = 'forces.unsent:INC-LINWAN';
    h.advance(29 * MINUTE);
    expect(h.alert(key)).toBeUndefined();
    h.advance(MINUTE);
    expect(h.alert(key)).toMatchObject({ severity: 'critical', state: 'triggered' });

    await h.send({
      type: 'team.dispatch',
      id: 'd-1',
      team: 'TEAM-T09',
      incident: 'INC-LINWAN',
      headcount: 15,
      departedAt: h.at(),
    });
    // Clear from the dispatch on; it closes after the usual hold (alerts.minHoldMinutes, 10).
    h.advance(10 * MINUTE);
    expect(h.alert(key)).toBeUndefined();
  });

  it('stores a dispatch and a return reported by phone and entered by the officer, with an audit entry', async () => {
    const h = await setUp();
    await h.send(linwanReport(h.at(-5)));
    await h.send(standbyStatus('TEAM-T09', 20, h.at()));
    const officer = await connect(h.url, '/watch', DEMO_TOKENS.officer);
    const ref = { team: 'TEAM-T09', incident: 'INC-LINWAN' };
    const act = (frame: { id: string } & Record<string, unknown>) => requestById(officer, frame);

    expect(
      await act({ type: 'team.record', id: 'p-0', event: 'dispatch', ...ref, headcount: 21, at: h.at() }),
    ).toMatchObject({
      type: 'error',
      code: 'INSUFFICIENT_FORCES',
      path: 'headcount',
    });
    expect(
      await act({ type: 'team.record', id: 'p-1', event: 'dispatch', ...ref, headcount: 12, at: h.at() }),
    ).toMatchObject({
      type: 'ack',
    });
    let team = await h.teamSeen('TEAM-T09', (t) => t.dispatches.length === 1);
    expect(team).toMatchObject({ available: 8, dispatches: [{ headcount: 12, returnedAt: null }] });
    h.advance(90 * MINUTE);
    expect(await act({ type: 'team.record', id: 'p-2', event: 'return', ...ref, at: h.at() })).toMatchObject({
      type: 'ack',
    });
    team = await h.teamSeen('TEAM-T09', (t) => t.dispatches[0]?.returnedAt !== null);
    expect(team.available).toBe(20);
    h.collector.feed.flush();
    const log = h
      .state()
      .log.filter((e) => e.action.startsWith('team_'))
      .map((e) => [e.action, e.incident, e.actor]);
    expect(log).toEqual([
      ['team_dispatch', 'INC-LINWAN', 'wang.lei'],
      ['team_return', 'INC-LINWAN', 'wang.lei'],
    ]);
    // A viewer watches; it may not record.
    const viewer = await connect(h.url, '/watch', DEMO_TOKENS.viewer);
    expect(
      await requestById(viewer, { type: 'team.record', id: 'v-1', event: 'arrive', ...ref, at: h.at() }),
    ).toMatchObject({ code: 'FORBIDDEN' });
    officer.close();
    viewer.close();
  });
});
