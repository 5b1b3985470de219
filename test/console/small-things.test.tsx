import { renderToString } from 'ink';
import { describe, expect, it } from 'vitest';
import { createStore } from '../../src/client/store.js';
import { IncidentsPanel } from '../../src/console/components/IncidentsPanel.js';
import { watchLink } from '../../src/console/render-console.js';
import { stringsFor } from '../../src/console/strings.js';
import { buildView } from '../../src/console/view-model.js';
import { reduce } from '../../src/state/reducer.js';
import { initialWatchState } from '../../src/state/watch-state.js';
import { panelProps } from '../helpers/panel-props.js';
import { withLook } from '../helpers/with-look.js';
import { alertFeed, incident, NIGHT } from '../state/feed-fixtures.js';
import { busySnapshot, LOCAL, liveState } from './console-fixtures.js';
import { renderApp, settleFrame } from './render-app.js';

const LONG_TODO =
  '立即报告带班领导和局长，按预案组织抢险和群众转移，通知下游城关镇、东风乡和汝南街道的责任人逐户核实转移情况';

describe('who is next', () => {
  it('names the current rung and the next one, with phone and when, on the prompt and in the details', async () => {
    const a = renderApp({ lang: 'en', size: { columns: 140, rows: 40 } });
    await settleFrame(a.frame);
    expect(a.frame()).toContain('Escalates in 2m (02:02:00) to 2 leader Li Qiang 138-0002-0002');
    expect(a.frame()).toContain('Now with: 1 officer Zhang Wei 139-0001-0001');
    await a.press('\r');
    expect(a.frame()).toContain('Rung: 1 officer Zhang Wei 139-0001-0001');
    expect(a.frame()).toContain('Next rung: 2m (02:02:00) → 2 leader Li Qiang 138-0002-0002');
  });
});

describe('smaller things that cost seconds at 3 a.m.', () => {
  it('asks before q quits while prompts wait, and says in the demo that it stops the collector', async () => {
    const a = renderApp();
    await settleFrame(a.frame);
    await a.press('q');
    expect(a.quits.count).toBe(0);
    expect(a.frame()).toContain('还有 2 条告警等你处理，仍要退出值班台？[y/N]');
    await a.press('n');
    expect(a.quits.count).toBe(0);
    const demo = renderApp({
      state: liveState(busySnapshot({ alerts: [] })),
      settings: { quitStopsCollector: true },
    });
    await settleFrame(demo.frame);
    await demo.press('q');
    expect(demo.frame()).toContain('这会同时停止演示的采集端');
    await demo.press('y');
    expect(demo.quits.count).toBe(1);
  });

  it('quits on q at once when nothing waits outside the demo', async () => {
    const a = renderApp({ state: liveState(busySnapshot({ alerts: [] })) });
    await settleFrame(a.frame);
    await a.press('q');
    expect(a.quits.count).toBe(1);
  });

  it('never cuts the level word: III 较大 whole at 80 columns', () => {
    const state = liveState(
      busySnapshot({
        incidents: [
          incident('INC-3', {
            title: '城关镇化工厂爆炸',
            casualties: { deaths: 3, missing: 0, seriousInjuries: 0, injuries: 0, trapped: 0, evacuated: 0 },
          }),
        ],
      }),
    );
    const s = stringsFor('zh');
    const view = buildView(state, LOCAL, { lang: 'zh', names: 'zh', isAscii: false, showSeconds: true }, s);
    const frame = renderToString(
      withLook(
        <IncidentsPanel
          {...panelProps(view.incidents, { isFocused: false, width: 80, height: 4, showSparklines: false })}
        />,
      ),
      { columns: 80 },
    );
    expect(frame).toContain('III 较大');
  });

  it('wraps "To do" on the prompt rather than cutting it, at 80 columns', async () => {
    const a = renderApp({
      size: { columns: 80, rows: 24 },
      state: liveState(busySnapshot({ alerts: [alertFeed({ action: { zh: LONG_TODO, en: 'x' } })] })),
    });
    await settleFrame(a.frame);
    const flat = a.frame().replace(/\n/g, '');
    expect(flat).toContain('要做：立即报告带班领导');
    expect(flat).toContain('逐户核实');
  });

  it('shows column headers from 100 columns up, not below', async () => {
    const wide = renderApp({ size: { columns: 100, rows: 30 } });
    await settleFrame(wide.frame);
    expect(wide.frame()).toMatch(/级别\s+#\s+告警/);
    const narrow = renderApp({ size: { columns: 99, rows: 30 } });
    await settleFrame(narrow.frame);
    expect(narrow.frame()).not.toMatch(/级别\s+#\s+告警/);
  });

  it('keeps the counts on the too-small page', async () => {
    const a = renderApp({ size: { columns: 60, rows: 20 } });
    await settleFrame(a.frame);
    expect(a.frame()).toContain('待处理告警 2');
    expect(a.frame()).toContain('需要你处理 2');
    expect(a.frame()).toContain('终端太小');
  });

  it("tells the link's age (last heard) apart from the data's age (last change)", async () => {
    const a = renderApp({ lang: 'en', size: { columns: 140, rows: 40 } });
    await settleFrame(a.frame);
    expect(a.frame()).toMatch(/live \S+ · heard \S+ ago/);
    expect(a.frame()).toMatch(/data changed \S+ ago/);
  });

  it('logs outages and reconnects for --log', () => {
    const store = createStore(reduce, initialWatchState);
    const lines: string[] = [];
    const stop = watchLink(store, (line) => lines.push(line));
    store.dispatch({ type: 'conn.connecting', at: NIGHT, attempt: 0 });
    store.dispatch({ type: 'conn.live', at: NIGHT });
    store.dispatch({ type: 'conn.lost', at: NIGHT + 1000, reason: 'socket closed' });
    store.dispatch({ type: 'conn.offline', at: NIGHT + 5000 });
    store.dispatch({ type: 'conn.live', at: NIGHT + 31_000 });
    stop();
    expect(lines).toEqual([
      'link: live',
      'link: lost (socket closed); reconnecting',
      'link: offline since its drop (socket closed); still retrying',
      'link: reconnected after 30 s down',
    ]);
  });
});
