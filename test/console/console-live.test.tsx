import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { createStore } from '../../src/client/store.js';
import { connectWatch, type WatchConnection } from '../../src/client/watch-connection.js';
import { App } from '../../src/console/App.js';
import { consoleSettings } from '../../src/console/settings.js';
import { reduce } from '../../src/state/reducer.js';
import { initialWatchState } from '../../src/state/watch-state.js';
import { alertHarness } from '../helpers/alert-harness.js';
import { TOKENS } from '../helpers/test-config.js';
import { until } from './fake-terminal.js';
import { KEYS, settle } from './render-app.js';

type Harness = Awaited<ReturnType<typeof alertHarness>>;
let harness: Harness | undefined;
let connection: WatchConnection | undefined;
let unmount: (() => void) | undefined;
afterEach(async () => {
  unmount?.();
  await connection?.close();
  await harness?.stop();
});

describe('the console against a real collector', () => {
  it('prompts for a new alert at the officer rung and acknowledges it through the collector, audited by name', async () => {
    const h = await alertHarness();
    harness = h;
    const store = createStore(reduce, initialWatchState);
    const link = connectWatch({
      url: h.running.url,
      token: TOKENS.officer,
      dispatch: store.dispatch,
      getState: store.getState,
    });
    connection = link;
    const settings = {
      ...consoleSettings({ lang: 'zh', isAscii: false, hasColor: true }),
      flushMs: 0,
      tickMs: 0,
    };
    const app = render(
      <App
        store={store}
        send={(request) => link.send(request)}
        settings={settings}
        size={{ columns: 120, rows: 40 }}
      />,
    );
    unmount = app.unmount;
    const frame = () => app.lastFrame() ?? '';
    await until(() => frame().includes('在线'));

    // A reading over the guarantee line: the engine raises an alert whose first rung is the officer on duty (P1).
    await h.level(12.4);
    await until(() => /告警 #\d+ 需要你处理/.test(frame()));
    const id = Number(/告警 #(\d+) 需要你处理/.exec(frame())?.[1]);
    expect(h.running.collector.engine.repos.alerts.get(id)?.state).toBe('triggered');

    const type = async (...keys: string[]) => {
      for (const key of keys) {
        app.stdin.write(key);
        await settle();
      }
    };
    await type('a', '已核实水位，已通知下游乡镇', KEYS.enter, KEYS.enter);
    expect(frame()).toContain(`确认 #${id} 汝河大桥`);
    // Past the confirm step's guard against typeahead.
    await settle(settings.confirmGuardMs + 50);
    await type('y');
    await until(() => frame().includes(`#${id} 已由 张伟 于`));

    const acked = h.log(id).find((e) => e.action === 'acknowledged');
    expect(acked).toMatchObject({ actor: 'P1', text: expect.stringContaining('已核实水位，已通知下游乡镇') });
    expect(h.running.collector.engine.repos.alerts.get(id)?.state).toBe('acknowledged');
    // The console's own log panel names the officer too.
    await until(() => frame().includes('张伟     确认'));
  });
});
