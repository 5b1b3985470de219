import { afterEach, describe, expect, it } from 'vitest';
import type { WatchConnection } from '../../src/client/watch-connection.js';
import { alertHarness } from '../helpers/alert-harness.js';
import { connectedStore } from '../helpers/connected-store.js';
import { renderLiveConsole } from '../helpers/live-clients.js';
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
    const { store, connection: link } = connectedStore(h.running.url);
    connection = link;
    const { app, frame, settings } = renderLiveConsole(store, link);
    unmount = app.unmount;
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
