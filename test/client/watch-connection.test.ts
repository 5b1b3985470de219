// One file on purpose (over 250 lines): connectWatch against a real collector (feeding the store, resuming after a gap,
// silent links, refusals, requests); each case needs the same collector.
import type { IncomingMessage } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { type WebSocket, WebSocketServer } from 'ws';
import { createStore } from '../../src/client/store.js';
import { connectWatch, type WatchConnection } from '../../src/client/watch-connection.js';
import { SUBPROTOCOL } from '../../src/protocol/index.js';
import { reduce } from '../../src/state/reducer.js';
import { initialWatchState, type WatchState } from '../../src/state/watch-state.js';
import { delta, NIGHT, reading, snapshot } from '../state/feed-fixtures.js';

type Visit = { ws: WebSocket; url: URL; auth: string | undefined; protocol: string };

/** A stand-in collector whose every frame the test writes by hand; `refuse` answers upgrades with that status. */
async function fakeCollector(
  options: {
    refuse?: number | ((upgrade: number) => number | undefined);
    onVisit?: (visit: Visit, n: number) => void;
  } = {},
) {
  const visits: Visit[] = [];
  let upgrades = 0;
  const wss = new WebSocketServer({
    port: 0,
    host: '127.0.0.1',
    handleProtocols: (offered) => (offered.has(SUBPROTOCOL) ? SUBPROTOCOL : false),
    verifyClient: (_info, done) => {
      upgrades += 1;
      const status = typeof options.refuse === 'function' ? options.refuse(upgrades) : options.refuse;
      if (status) done(false, status, 'a valid token is required');
      else done(true);
    },
  });
  await new Promise<void>((resolve) => wss.once('listening', resolve));
  wss.on('connection', (ws, req: IncomingMessage) => {
    const visit = {
      ws,
      url: new URL(req.url ?? '/', 'http://x'),
      auth: req.headers.authorization,
      protocol: ws.protocol,
    };
    visits.push(visit);
    options.onVisit?.(visit, visits.length);
  });
  const { port } = wss.address() as { port: number };
  return {
    url: `ws://127.0.0.1:${port}`,
    visits,
    upgrades: () => upgrades,
    close: () =>
      new Promise<void>((resolve) => {
        for (const ws of wss.clients) ws.terminate();
        wss.close(() => resolve());
      }),
  };
}

const send = (ws: WebSocket, msg: object) => ws.send(JSON.stringify(msg));

async function until(test: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const start = Date.now();
  while (!test()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

function watcher(url: string, extra: Partial<Parameters<typeof connectWatch>[0]> = {}) {
  const store = createStore(reduce, initialWatchState);
  const statuses: string[] = [];
  store.subscribe((s: WatchState) => {
    if (statuses.at(-1) !== s.connection.status) statuses.push(s.connection.status);
  });
  const warnings: string[] = [];
  const connection: WatchConnection = connectWatch({
    url,
    token: 'tok-viewer',
    dispatch: store.dispatch,
    getState: store.getState,
    backoff: { initialMs: 5, maxMs: 20 },
    onWarning: (m) => warnings.push(m),
    ...extra,
  });
  cleanups.push(() => connection.close());
  return { store, connection, statuses, warnings };
}

describe('connectWatch', () => {
  it('connects with the token and subprotocol, and feeds the store', async () => {
    const fake = await fakeCollector({
      onVisit: ({ ws }) => {
        send(ws, snapshot({ seq: 0 }));
        send(ws, delta(1, [reading('G1', NIGHT, 9.5)]));
      },
    });
    cleanups.push(fake.close);
    const { store, statuses } = watcher(fake.url);
    await until(() => store.getState().seq === 1, 'seq 1');
    expect(fake.visits[0]).toMatchObject({ auth: 'Bearer tok-viewer', protocol: SUBPROTOCOL });
    expect(fake.visits[0]?.url.pathname).toBe('/watch');
    expect(fake.visits[0]?.url.search).toBe('');
    expect(statuses).toEqual(['connecting', 'live']);
    expect(store.getState().stations.get('G1')?.history).toEqual([{ at: NIGHT, level: 9.5 }]);
  });

  it('drops a malformed frame with a warning and keeps the link', async () => {
    const fake = await fakeCollector({
      onVisit: ({ ws }) => {
        send(ws, snapshot({ seq: 0 }));
        ws.send('{"type":"delta",');
        send(ws, { v: 1, type: 'rumour' });
        send(ws, delta(1, []));
      },
    });
    cleanups.push(fake.close);
    const { store, warnings } = watcher(fake.url);
    await until(() => store.getState().seq === 1, 'seq 1');
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/^dropped a frame from the collector/);
    expect(fake.visits).toHaveLength(1);
  });

  it('reconnects with since and epoch after a seq gap, and applies what was missing', async () => {
    const fake = await fakeCollector({
      onVisit: ({ ws, url }, n) => {
        if (n === 1) {
          send(ws, snapshot({ seq: 0 }));
          send(ws, delta(1, [reading('G1', NIGHT - 2000, 1)]));
          send(ws, delta(3, [reading('G1', NIGHT, 3)]));
          return;
        }
        expect(url.searchParams.get('since')).toBe('1');
        send(ws, delta(2, [reading('G1', NIGHT - 1000, 2)]));
        send(ws, delta(3, [reading('G1', NIGHT, 3)]));
      },
    });
    cleanups.push(fake.close);
    const { store } = watcher(fake.url);
    await until(() => store.getState().seq === 3, 'seq 3');
    expect(fake.visits[1]?.url.search).toBe('?since=1&epoch=ep-1');
    expect(store.getState().needsResync).toBe(false);
    expect(
      store
        .getState()
        .stations.get('G1')
        ?.history.map((p) => p.level),
    ).toEqual([1, 2, 3]);
  });

  it('resumes when an idle clock says the collector is ahead of the last delta seen', async () => {
    const fake = await fakeCollector({
      onVisit: ({ ws }, n) => {
        if (n === 1) {
          send(ws, snapshot({ seq: 7 }));
          send(ws, { v: 1, type: 'clock', now: NIGHT, clockRate: 1, seq: 8 });
        } else {
          send(ws, delta(8, []));
        }
      },
    });
    cleanups.push(fake.close);
    const { store } = watcher(fake.url);
    await until(() => store.getState().seq === 8, 'seq 8');
    expect(fake.visits[1]?.url.searchParams.get('since')).toBe('7');
  });

  it('retries after a refusal that may pass (503 while the collector restarts)', async () => {
    const fake = await fakeCollector({
      refuse: (n) => (n === 1 ? 503 : undefined),
      onVisit: ({ ws }) => send(ws, snapshot({ seq: 0 })),
    });
    cleanups.push(fake.close);
    const { store, statuses } = watcher(fake.url);
    await until(() => store.getState().seq === 0, 'snapshot');
    expect(fake.upgrades()).toBe(2);
    expect(statuses).toEqual(['connecting', 'reconnecting', 'live']);
  });

  it('ends a link that has gone silent for 2.5 heartbeats and resumes', async () => {
    const fake = await fakeCollector({
      onVisit: ({ ws }, n) => {
        if (n === 1) send(ws, snapshot({ seq: 4 }));
        else send(ws, delta(5, []));
      },
    });
    cleanups.push(fake.close);
    const { store, statuses } = watcher(fake.url, { heartbeatMs: 40 });
    await until(() => store.getState().seq === 5, 'seq 5');
    expect(fake.visits[1]?.url.searchParams.get('since')).toBe('4');
    expect(statuses.slice(0, 4)).toEqual(['connecting', 'live', 'reconnecting', 'live']);
  });

  it("learns the collector's ping interval and ends a link silent for 2.5 of those, whatever it was told", async () => {
    const pingers: NodeJS.Timeout[] = [];
    const fake = await fakeCollector({
      onVisit: ({ ws }, n) => {
        send(ws, snapshot({ seq: 4 }));
        if (n > 1) return;
        // Three pings 500 ms apart, then silence on a socket that stays open (a frozen collector).
        let pings = 0;
        const timer = setInterval(() => {
          pings += 1;
          if (pings <= 3) ws.ping();
        }, 500);
        pingers.push(timer);
      },
    });
    cleanups.push(async () => {
      for (const timer of pingers) clearInterval(timer);
      await fake.close();
    });
    // Told the collector pings every minute: without learning, the silence would be noticed after 150 s.
    const { statuses, warnings } = watcher(fake.url, { heartbeatMs: 60_000 });
    const silentFrom = Date.now() + 1_500;
    await until(() => fake.visits.length === 2, 'a reconnect after the pings stop', 10_000);
    // 2.5 × 500 ms after the last ping (the test's timers may run late on a loaded machine, never early).
    expect(Date.now() - silentFrom).toBeGreaterThanOrEqual(1_000);
    expect(statuses.slice(0, 3)).toEqual(['connecting', 'live', 'reconnecting']);
    // Said, for a wall's or a console's --log.
    expect(warnings).toContain('no ping or frame for 1 s: dropping the link');
  });

  it('reaches refused with the reason on a 401 and does not retry', async () => {
    const fake = await fakeCollector({ refuse: 401 });
    cleanups.push(fake.close);
    const { store } = watcher(fake.url);
    await until(() => store.getState().connection.status === 'refused', 'refused');
    expect(store.getState().connection).toMatchObject({
      httpStatus: 401,
      reason: 'a valid token is required',
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(fake.upgrades()).toBe(1);
    expect(store.getState().connection.status).toBe('refused');
  });

  it('is reconnecting right after a drop, then offline since the same time after three failed attempts', async () => {
    const fake = await fakeCollector({ onVisit: ({ ws }) => send(ws, snapshot({ seq: 0 })) });
    const { store, statuses } = watcher(fake.url);
    await until(() => store.getState().seq === 0, 'snapshot');
    await fake.close();
    await until(() => store.getState().connection.status === 'reconnecting', 'reconnecting');
    const { since } = store.getState().connection as { since: number };
    await until(() => store.getState().connection.status === 'offline', 'offline');
    expect(store.getState().connection).toMatchObject({ status: 'offline', since });
    expect(statuses).toEqual(['connecting', 'live', 'reconnecting', 'offline']);
  });

  it('matches a reply to its request by id, and rejects a request whose link drops', async () => {
    const fake = await fakeCollector({
      onVisit: ({ ws }) => {
        send(ws, snapshot({ seq: 0 }));
        ws.on('message', (data) => {
          const { id } = JSON.parse(String(data)) as { id: string };
          if (id === 'a-1') send(ws, { v: 1, type: 'ack', id });
          if (id === 'e-1') send(ws, { v: 1, type: 'error', id, code: 'UNKNOWN_TYPE', message: 'no' });
          if (id === 'cut') ws.terminate();
        });
      },
    });
    cleanups.push(fake.close);
    const { store, connection } = watcher(fake.url);
    await until(() => store.getState().connection.status === 'live', 'live');
    const [ack, error] = await Promise.all([
      connection.send({ type: 'note', id: 'a-1', text: 'rang the dam keeper' }),
      connection.send({ type: 'note', id: 'e-1', text: 'x' }),
    ]);
    expect(ack).toEqual({ v: 1, type: 'ack', id: 'a-1' });
    expect(error).toMatchObject({ type: 'error', id: 'e-1', code: 'UNKNOWN_TYPE' });
    await expect(connection.send({ type: 'shift.start', id: 'cut' })).rejects.toThrow(
      /dropped before a reply/,
    );
  });

  it('refuses to send while not connected', async () => {
    const fake = await fakeCollector({ refuse: 403 });
    cleanups.push(fake.close);
    const { store, connection } = watcher(fake.url);
    await until(() => store.getState().connection.status === 'refused', 'refused');
    await expect(connection.send({ type: 'shift.start', id: 'n-1' })).rejects.toThrow(/not connected/);
  });
});
