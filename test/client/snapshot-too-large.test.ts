import { afterEach, describe, expect, it } from 'vitest';
import { type WebSocket, WebSocketServer } from 'ws';
import { createStore } from '../../src/client/store.js';
import { connectWatch, type WatchConnectionOptions } from '../../src/client/watch-connection.js';
import { SUBPROTOCOL } from '../../src/protocol/index.js';
import type { Action } from '../../src/state/actions.js';
import { reduce } from '../../src/state/reducer.js';
import { selectHeader } from '../../src/state/selectors/header.js';
import { linkBanner } from '../../src/state/selectors/wall-header.js';
import { WALL_WORDS } from '../../src/state/selectors/wall-words.js';
import { initialWatchState } from '../../src/state/watch-state.js';
import { type RunningCollector, startCollector } from '../helpers/start-collector.js';
import { TOKENS } from '../helpers/test-config.js';
import { snapshot } from '../state/feed-fixtures.js';

// Issue 13 item 3: a watch client that refused a 117 MB snapshot reconnected every 2–3 s, forever and silently.

async function until(test: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!test()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

let cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

/** A watch client whose every dispatched action and warning is kept. */
function watcher(url: string, token: string, extra: Partial<WatchConnectionOptions>) {
  const store = createStore(reduce, initialWatchState);
  const actions: Action[] = [];
  const warnings: string[] = [];
  const connection = connectWatch({
    url,
    token,
    dispatch: (action) => {
      actions.push(action);
      store.dispatch(action);
    },
    getState: store.getState,
    backoff: { initialMs: 5, maxMs: 40 },
    onWarning: (m) => warnings.push(m),
    ...extra,
  });
  cleanups.push(() => connection.close());
  return { store, actions, warnings };
}

describe('a watch client that cannot take the snapshot', () => {
  it('says so on every screen and in its log, and backs off instead of looping silently', async () => {
    const running: RunningCollector = await startCollector();
    cleanups.push(() => running.stop());
    // The test county's snapshot is a few KiB, over a 1 KiB bound: every attempt is refused the same way.
    const { store, actions, warnings } = watcher(running.url, TOKENS.viewer, { maxFrameBytes: 1024 });
    await until(() => warnings.length >= 4, 'four refused snapshots');

    expect(warnings[0]).toMatch(
      /^the collector's snapshot is larger than this client takes \(1 KiB\); retrying in [\d.]+ s \(attempt 1\)\. Ask the bureau to check server\.snapshotMaxIncidents/,
    );
    expect(warnings.slice(0, 4).map((w) => /attempt (\d+)/.exec(w)?.[1])).toEqual(['1', '2', '3', '4']);
    // Each retry is counted, so the backoff grows; once a snapshot was refused the link is not called live
    // again (the first open was, before anything came), and it goes offline.
    const attempts = actions.flatMap((a) => (a.type === 'conn.connecting' ? [a.attempt] : []));
    expect(attempts.slice(0, 4)).toEqual([0, 1, 2, 3]);
    const firstLoss = actions.findIndex((a) => a.type === 'conn.lost');
    expect(actions.slice(firstLoss).some((a) => a.type === 'conn.live')).toBe(false);
    const conn = store.getState().connection;
    expect(conn).toMatchObject({ status: 'offline', problem: 'snapshot_too_large' });
    expect(selectHeader(store.getState(), Date.now(), { names: 'ascii' }).connection.text).toMatch(
      /^offline since .*: the snapshot is too large for this client$/,
    );
    const banner = linkBanner(store.getState(), Date.now(), WALL_WORDS.zh, String, {
      text: '',
      isStale: true,
    });
    expect(banner.text).toContain('采集端快照超过本屏可接收的大小');
  });

  it('comes back live, and stops saying so, once a snapshot fits', async () => {
    let visits = 0;
    const wss = new WebSocketServer({
      port: 0,
      host: '127.0.0.1',
      handleProtocols: (offered) => (offered.has(SUBPROTOCOL) ? SUBPROTOCOL : false),
    });
    await new Promise<void>((resolve) => wss.once('listening', resolve));
    cleanups.push(
      () =>
        new Promise<void>((resolve) => {
          for (const ws of wss.clients) ws.terminate();
          wss.close(() => resolve());
        }),
    );
    wss.on('connection', (ws: WebSocket) => {
      visits += 1;
      const small = snapshot({ seq: 0 });
      // The first two snapshots carry 8 KiB of padding in a station name; the third fits.
      const padded = { ...small, county: { ...small.county, name: 'x'.repeat(8192) } };
      ws.send(JSON.stringify(visits <= 2 ? padded : small));
    });
    const { port } = wss.address() as { port: number };
    const { store, warnings } = watcher(`ws://127.0.0.1:${port}`, 'tok', { maxFrameBytes: 8192 });
    await until(() => store.getState().seq === 0, 'the snapshot that fits');
    expect(warnings).toHaveLength(2);
    expect(store.getState().connection).toEqual({ status: 'live', since: expect.any(Number) });
  });
});
