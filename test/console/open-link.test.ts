import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore } from '../../src/client/store.js';
import { hasSettled, openLink, whenSettled } from '../../src/console/open-link.js';
import { reduceBounded } from '../../src/state/bounded-state.js';
import { initialWatchState } from '../../src/state/watch-state.js';
import { startCollector } from '../helpers/start-collector.js';
import { TOKENS } from '../helpers/test-config.js';

type Running = Awaited<ReturnType<typeof startCollector>>;
let running: Running;
beforeAll(async () => {
  running = await startCollector();
});
afterAll(() => running.stop());

// `dutywatch console` connects before Ink loads and draws its first frame once the link has settled (issue 12).
describe('openLink and whenSettled (the first frame is the full one)', () => {
  it('settles once the snapshot is in: live with a seq, not merely the socket open', async () => {
    const link = openLink({ url: running.url, token: TOKENS.officer });
    expect(hasSettled(link.store.getState())).toBe(false);
    // A cap far beyond any snapshot's arrival, so only the snapshot can end the wait here.
    await whenSettled(link.store, 60_000);
    const state = link.store.getState();
    expect(state.connection.status).toBe('live');
    expect(state.seq).not.toBeUndefined();
    await link.connection.close();
  });

  it('a collector that refuses the token settles too: the console says why instead of waiting', async () => {
    const link = openLink({ url: running.url, token: 'not-a-token' });
    await whenSettled(link.store, 60_000);
    expect(link.store.getState().connection.status).toBe('refused');
    await link.connection.close();
  });

  it('a collector that is not there settles too: the link says it is reconnecting', async () => {
    // Port 9 (discard) has no listener here: the connect is refused at once and the link goes on retrying.
    const link = openLink({ url: 'ws://127.0.0.1:9/watch', token: TOKENS.officer });
    await whenSettled(link.store, 60_000);
    expect(['reconnecting', 'offline']).toContain(link.store.getState().connection.status);
    await link.connection.close();
  });

  it('gives up waiting at the cap when the link never moves (a handshake into a dead network)', async () => {
    const store = createStore(reduceBounded, initialWatchState);
    await whenSettled(store, 1);
    expect(hasSettled(store.getState())).toBe(false);
  });
});
