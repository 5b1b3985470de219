import { renderToString } from 'ink';
import { describe, expect, it } from 'vitest';
import { WaterPanel } from '../../src/console/components/WaterPanel.js';
import { handoverMarkdown } from '../../src/state/handover-report.js';
import { reduce } from '../../src/state/reducer.js';
import { type StationRow, selectStationRows } from '../../src/state/selectors/stations.js';
import { selectWallView } from '../../src/state/selectors/wall-view.js';
import { initialWatchState } from '../../src/state/watch-state.js';
import { panelProps } from '../helpers/panel-props.js';
import { withLook } from '../helpers/with-look.js';
import { MIN, NIGHT, server, snapshot } from './feed-fixtures.js';

// G1's 警戒 is 10.00: its last reading, 10.75 at 00:00, is 0.75 over it, and two hours old (stale after 30 min).
const LAST = NIGHT - 120 * MIN;
const state = [
  server(
    snapshot({
      histories: {
        G1: [
          { at: LAST - 30 * MIN, level: 10.6 },
          { at: LAST, level: 10.75 },
        ],
        R1: [{ at: NIGHT - MIN, level: 95 }],
      },
    }),
  ),
].reduce(reduce, initialWatchState);

describe('a stale station keeps its last known danger on every screen', () => {
  it('is stale with its last condition, value and time in the rows every screen is drawn from', () => {
    const g1 = selectStationRows(state, NIGHT, { names: 'zh' }).find((r) => r.code === 'G1') as StationRow;
    expect(g1).toMatchObject({ stale: true, condition: 'stale', lastCondition: 'warning', level: 10.75 });
    expect(g1.observedAt).toBe(LAST);
  });

  it('console: says 过期 before the last colour, in that colour, and does not dim it', () => {
    const rows = selectStationRows(state, NIGHT, { names: 'zh' });
    const props = panelProps(rows);
    const frame = renderToString(withLook(<WaterPanel {...props} />), { columns: 100 });
    const line = frame.split('\n').find((l) => l.includes('汝河大桥')) ?? '';
    expect(line).toMatch(/10\.75 .*过期·黄色/);
    expect(line).not.toMatch(/\s◆ 黄色/);
  });

  it('wall: the tile reads 过期·超警戒 in the warning tone with the time of the last reading, and leads the worst line', () => {
    const view = selectWallView(state, NIGHT, { names: 'zh' });
    const tile = view.water.stations.find((s) => s.code === 'G1');
    expect(tile).toMatchObject({ word: '过期·超警戒', tone: 'warning', isStale: true });
    expect(tile?.detail).toContain('最后 00:00（2h00m前）');
    // Ranked by its last known state, ahead of the calm reservoir, and the line says it is stale.
    expect(view.water.stations[0]?.code).toBe('G1');
    expect(view.worst[0]).toMatchObject({ key: 'water', tone: 'warning' });
    expect(view.worst[0]?.caption.join(' ')).toContain('过期·超警戒');
    const en = selectWallView(state, NIGHT, { names: 'ascii' });
    expect(en.water.stations.find((s) => s.code === 'G1')?.word).toBe('STALE·OVER WARNING');
  });

  it('handover: stale, the last known colour and level, and since when', () => {
    const zh = handoverMarkdown(state, NIGHT, { lang: 'zh' });
    const line = zh.split('\n').find((l) => l.includes('**G1**')) ?? '';
    expect(line).toContain('数据过期');
    expect(line).toContain('10.75 m');
    expect(line).toContain('自 00:00 起无读数');
  });
});
