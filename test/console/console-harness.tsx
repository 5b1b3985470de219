import { render } from 'ink-testing-library';
import { createStore } from '../../src/client/store.js';
import { connectWatch, type WatchConnection } from '../../src/client/watch-connection.js';
import { App } from '../../src/console/App.js';
import { consoleSettings } from '../../src/console/settings.js';
import type { Lang } from '../../src/console/strings.js';
import type { Config } from '../../src/protocol/index.js';
import { reduceBounded } from '../../src/state/bounded-state.js';
import { initialWatchState } from '../../src/state/watch-state.js';
import { alertHarness } from '../helpers/alert-harness.js';
import { testConfig } from '../helpers/test-config.js';
import { until } from './fake-terminal.js';
import { settle } from './render-app.js';

/** The test county with a phone for everyone on the ladder, so prompts can say whom to call. */
export function configWithPhones(): Config {
  const config = testConfig();
  const phones: Record<string, string> = {
    P1: '139-0001-0001',
    P2: '138-0002-0002',
    P3: '137-0003-0003',
    P4: '0375-1234567',
  };
  return { ...config, people: config.people.map((p) => ({ ...p, phone: phones[p.id] ?? p.phone })) };
}

/** A real collector on a hand-moved clock, and real consoles (ink-testing-library) connected to it. */
export async function consoleHarness(config = configWithPhones()) {
  const h = await alertHarness(Date.UTC(2026, 10, 28, 2, 0), config);
  const consoles: { connection: WatchConnection; unmount(): void }[] = [];
  return {
    ...h,
    /** Opens a console for `token` at `columns`×`rows` and waits until it is live. */
    async open(token: string, options: { lang?: Lang; columns?: number; rows?: number } = {}) {
      const store = createStore(reduceBounded, initialWatchState);
      const connection = connectWatch({
        url: h.running.url,
        token,
        dispatch: store.dispatch,
        getState: store.getState,
      });
      const settings = {
        ...consoleSettings({ lang: options.lang ?? 'zh', isAscii: false, hasColor: true }),
        flushMs: 0,
        tickMs: 0,
        confirmGuardMs: 0,
        isBellEnabled: false,
      };
      const app = render(
        <App
          store={store}
          send={(request) => connection.send(request)}
          settings={settings}
          size={{ columns: options.columns ?? 120, rows: options.rows ?? 40 }}
        />,
      );
      consoles.push({ connection, unmount: app.unmount });
      const frame = () => app.lastFrame() ?? '';
      await until(() => store.getState().seq !== undefined && store.getState().me !== undefined);
      return {
        store,
        connection,
        frame,
        async press(...keys: string[]) {
          for (const key of keys) {
            app.stdin.write(key);
            await settle();
          }
        },
      };
    },
    async stop() {
      for (const c of consoles) {
        c.unmount();
        await c.connection.close();
      }
      await h.stop();
    },
  };
}
