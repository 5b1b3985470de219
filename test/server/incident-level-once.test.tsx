import { renderToString } from 'ink';
import { describe, expect, it } from 'vitest';
import { exportIncident } from '../../server/cap/export-incident.js';
import { writeCap } from '../../src/cap/write-cap.js';
import { IncidentsPanel } from '../../src/console/components/IncidentsPanel.js';
import { stringsFor } from '../../src/console/strings.js';
import { buildView } from '../../src/console/view-model.js';
import { configSchema, type Snapshot } from '../../src/protocol/index.js';
import { handoverMarkdown } from '../../src/state/handover-report.js';
import { reduce } from '../../src/state/reducer.js';
import { selectWallView } from '../../src/state/selectors/wall-view.js';
import { initialWatchState } from '../../src/state/watch-state.js';
import { collectorsPerTest } from '../helpers/collector-per-test.js';
import { panelProps } from '../helpers/panel-props.js';
import { manualClock } from '../helpers/start-collector.js';
import { TOKENS, testConfigInput } from '../helpers/test-config.js';
import { watch } from '../helpers/watch-client.js';
import { withLook } from '../helpers/with-look.js';
import { connect, request } from '../helpers/ws-client.js';

const NOW = Date.parse('2026-07-20T02:00:00+08:00');
const collectors = collectorsPerTest();

describe('one level, decided once by the collector', () => {
  it('with countMissingTowardLevel, 2 dead and 1 missing is III 较大 on the console, the wall, the handover and the CAP export', async () => {
    const input = testConfigInput();
    const config = configSchema.parse({
      ...input,
      reporting: { ...input.reporting, countMissingTowardLevel: true },
    });
    const running = await collectors.start({ config, clock: manualClock(NOW) });
    const source = await connect(running.url, '/ingest', TOKENS.source);
    const reply = await request(source, {
      type: 'incident.report',
      id: 'rep-H11',
      incident: 'H11',
      category: 'natural',
      kind: 'flood',
      title: '城关镇东村山洪',
      township: 'T1',
      occurredAt: new Date(NOW - 30 * 60_000).toISOString(),
      casualties: { deaths: 2, missing: 1, seriousInjuries: 0, injuries: 0, trapped: 0, evacuated: 0 },
      directLossYuan: 0,
    });
    expect(reply).toMatchObject({ type: 'ack' });
    source.close();

    const watcher = await watch(running.url, TOKENS.viewer);
    await watcher.until((f) => f.some((x) => x.type === 'snapshot'));
    const snapshot = watcher.frames.find((f) => f.type === 'snapshot') as unknown as Snapshot;
    watcher.ws.close();
    expect(snapshot.incidents[0]).toMatchObject({ code: 'H11', level: 3, majorRisk: [] });
    // The UIs are given no policy at all: what they show can only come from the feed.
    const state = reduce(initialWatchState, { type: 'server', msg: snapshot, at: NOW });

    const view = buildView(
      state,
      NOW,
      { lang: 'zh', names: 'zh', isAscii: false, showSeconds: true },
      stringsFor('zh'),
    );
    expect(view.incidents[0]).toMatchObject({ level: 3, levelName: '较大' });
    const panel = renderToString(withLook(<IncidentsPanel {...panelProps(view.incidents)} />), {
      columns: 100,
    });
    // The level column is narrow at 100 columns (its word may be cut there); the numeral is what is asserted.
    expect(panel).toMatch(/III 较\S* 城关镇东村山洪/);

    const wall = selectWallView(state, NOW, { names: 'zh' });
    expect(wall.incidents.rows[0]?.level).toContain('III');

    expect(handoverMarkdown(state, NOW, { lang: 'zh' })).toContain('**H11** 城关镇东村山洪 — 较大（III）');
    expect(handoverMarkdown(state, NOW, { lang: 'en' })).toMatch(
      /\*\*H11\*\* 城关镇东村山洪 — relatively serious \(III\)/,
    );

    const exported = exportIncident(running.collector.db, config, 'H11', { ack: false });
    if (!exported.ok) throw new Error('export failed');
    const xml = writeCap(exported.alert);
    expect(xml).toContain('事件等级：较大');
    expect(xml).toMatch(/<valueName>dutywatch:level<\/valueName>\s*<value>3<\/value>/);
  });
});
