import { describe, expect, it, vi } from 'vitest';
import type { Action } from '../../src/state/actions.js';
import { reduce } from '../../src/state/reducer.js';
import { selectWallView, type WallPageKey } from '../../src/state/selectors/wall-view.js';
import { initialWatchState, type WatchState } from '../../src/state/watch-state.js';
import { applyView } from '../../src/wall/apply-view.js';
import { BLOCK_BARS } from '../../src/wall/bars.js';
import type { ChartData, Rect, TableData, Widget, WidgetFactory } from '../../src/wall/blessed-adapter.js';
import { buildLayout, planLayout, type WallLayout } from '../../src/wall/layout.js';
import { paletteFor } from '../../src/wall/terminal-mode.js';
import { incident, MIN, NIGHT, server, snapshot, stock } from '../state/feed-fixtures.js';

type Fake<T> = Widget<T> & { setData: ReturnType<typeof vi.fn<(data: T) => void>> };

/** A factory of fake widgets that remember what they were given (STYLE: wall tests use `{ setData: vi.fn() }`). */
function fakeFactory(): WidgetFactory {
  const widget = <T>(rect: Rect, inner = 0): Fake<T> => ({
    setData: vi.fn<(data: T) => void>(),
    width: rect.width - inner,
    height: rect.height - inner,
  });
  return {
    page: () => ({ show: vi.fn(), hide: vi.fn() }),
    text: (_page, rect, opts) => widget<string>(rect, opts?.border === undefined ? 0 : 2),
    line: (_page, rect) => widget<ChartData>(rect, 2),
    table: (_page, rect) => widget<TableData>(rect, 4),
    log: (_page, rect) => widget<string[]>(rect, 3),
  };
}

type Grid = Extract<WallLayout, { kind: 'grid' }>;

function grid(cols: number, rows: number, isTty = false): Grid {
  const layout = buildLayout(
    fakeFactory(),
    planLayout(cols, rows, { isTty, stations: 2 }),
    paletteFor(256, isTty),
  );
  if (layout.kind !== 'grid') throw new Error('expected a grid');
  return layout;
}

const last = <T>(w: Widget<T>): T => {
  const calls = (w as Fake<T>).setData.mock.calls;
  return calls[calls.length - 1]?.[0] as T;
};
const untagged = (text: string) => text.replace(/\{\/?[\w\-,;!#]*\}/g, '');

// The test county at 02:00 on a July night: G1 over 警戒 (10 m) and rising, R1 just below today's 汛限 (101 m).
function nightState(extra: Action[] = []): WatchState {
  const history = (from: number, step: number) =>
    Array.from({ length: 13 }, (_, i) => ({ at: NIGHT - (12 - i) * 5 * MIN, level: from + i * step }));
  const actions: Action[] = [
    { type: 'conn.live', at: NIGHT - 60 * MIN },
    server(
      snapshot({
        histories: { G1: history(9.4, 0.06), R1: history(100.5, 0.02) },
        stock: [stock('W1', 'TENT', 4), stock('W1', 'BAG', 150), stock('W2', 'TENT', 0)],
        incidents: [incident('INC-1', { casualties: { ...incident('x').casualties, deaths: 3 } })],
      }),
    ),
    ...extra,
  ];
  return actions.reduce(reduce, initialWatchState);
}

function draw(layout: Grid, state: WatchState, page: WallPageKey, at = NIGHT, isTty = false) {
  const view = selectWallView(state, at, { names: isTty ? 'ascii' : 'zh' });
  applyView(layout, view, {
    palette: paletteFor(256, isTty),
    glyphs: BLOCK_BARS,
    page,
    pageNumber: layout.plan.pages.indexOf(page) + 1,
    pageCount: layout.plan.pages.length,
  });
  return view;
}

describe('applyView', () => {
  it('writes the header, the worst state and the water page, and leaves hidden pages alone', () => {
    const layout = grid(160, 48);
    draw(layout, nightState(), 'water');
    expect(untagged(last(layout.status))).toMatch(/^测试县 值班台 {2}02:00:00 {2}\[实时\].*水情 第1\/5页$/);
    expect(untagged(last(layout.captions))).toContain('汝河大桥 超警戒');
    const big = last(layout.big).split('\n');
    expect(big).toHaveLength(5);
    expect(untagged(big.join(''))).toMatch(/█/);
    expect(last(layout.banner)).toBe('');
    const tile = untagged(last(layout.water.tiles[0] as Widget<string>)).split('\n');
    // The arrow beside the level, the rate, the last reading's clock time, and the distance and time to 保证 whole
    // (tiles are the wall's width since the charts moved under them, issue 20.3).
    expect(tile[0]).toMatch(
      /^! 超警戒 \+0\.12m {2}汝河大桥 {2}10\.12 m ↑ {2}\+0\.72 m\/h {2}02:00 0s前 {2}涨势快 {2}距保证水位 1\.88m 约2h36m$/,
    );
    // 7.00 is as far below 警戒 (10) as the record (13) is above it; marks at 警戒, 保证 and the record.
    expect(tile[1]).toMatch(/^7\.00 █+\|█*░+\|░+\| 13\.00$/);
    expect(tile[2]).toContain('警戒');
    expect(layout.stock.county.setData).not.toHaveBeenCalled();
    expect(layout.incidents.setData).not.toHaveBeenCalled();
  });

  it('draws each 24-hour chart with its thresholds inside the y range', () => {
    const layout = grid(160, 48);
    draw(layout, nightState(), 'water');
    const chart = last(layout.water.charts[0]?.chart as Widget<ChartData>);
    expect(chart.label).toContain('汝河大桥 近1小时');
    const level = chart.series.find((s) => s.title.startsWith('水位'));
    const warning = chart.series.find((s) => s.title === '警戒 10.00');
    expect(level?.y.at(-1)).toBeCloseTo(10.12);
    expect(new Set(warning?.y)).toEqual(new Set([10]));
    for (const s of chart.series) for (const y of s.y) expect(y).toBeGreaterThanOrEqual(chart.minY);
    for (const s of chart.series) for (const y of s.y) expect(y).toBeLessThan(chart.maxY);
  });

  it('puts a word or glyph beside every coloured status', () => {
    const layout = grid(80, 24);
    draw(layout, nightState(), 'stock');
    const county = untagged(last(layout.stock.county)).split('\n');
    expect(county[0]).toContain('县救灾物资储备库');
    expect(county.find((l) => l.startsWith('帐篷'))).toMatch(/4\/10 顶 ! 不足/);
    expect(untagged(last(layout.stock.townships))).toMatch(/城关镇 帐篷 .* 0\/2 顶 !! 缺货/);
    draw(layout, nightState(), 'incidents');
    const table = last(layout.incidents);
    expect(untagged(table.rows[0] ?? '')).toMatch(/^!! III 较大 +incident INC-1 +死亡3/);
  });

  it('shows the link-down banner with the time the outage began, and dims the data', () => {
    const layout = grid(160, 48);
    const state = nightState([{ type: 'conn.lost', at: NIGHT + 5_000, reason: 'link closed (1006)' }]);
    draw(layout, state, 'water', NIGHT + 65_000);
    expect(untagged(last(layout.banner))).toContain('链路中断 自 02:00:05 起（1m）');
    // Everything but the banner in the one grey of stale data.
    const tile = last(layout.water.tiles[0] as Widget<string>);
    expect(tile).toContain('{244-fg}');
    expect(tile).not.toMatch(/\{(196|214)-fg\}/);
  });

  it('uses only the 8 basic colours and ASCII names in TTY mode', () => {
    const layout = grid(80, 24, true);
    expect(layout.plan.pages).toEqual(['water', 'stock', 'incidents', 'alerts', 'forces']);
    for (const page of layout.plan.pages) draw(layout, nightState(), page, NIGHT, true);
    const everything = [layout.status, layout.captions, ...layout.water.tiles, layout.stock.county]
      .map((w) => last(w as Widget<string>))
      .join('\n');
    expect(everything).toContain('Ruhe Bridge');
    expect(everything).not.toMatch(/\{\d{2,3}-fg\}/);
    expect(untagged(everything)).not.toMatch(/[\u3000-\u9fff]/);
  });
});
