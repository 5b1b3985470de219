import type { WallPageKey } from '../state/selectors/wall-view.js';
import { type BigScale, bigHeight } from './big-type.js';
import type { ChartData, Page, TableData, Widget, WidgetFactory } from './blessed-adapter.js';
import type { Palette } from './terminal-mode.js';

/** Below this size the wall shows a "terminal too small" page instead of a grid it cannot fit. */
export const MIN_SIZE = { cols: 80, rows: 24 } as const;

/** Rows of one station tile: text line, gauge, the names of the lines under it. */
const TILE_ROWS = 3;
/**
 * Rows of a line chart, borders and time axis included, below which it is not drawn: contrib's plot is the box's
 * height less five rows (borders, axis, the key's row), so 9 rows give four rows of plot (issue 20.3: two rows of
 * plot with whole-metre labels said nothing).
 */
const MIN_CHART_ROWS = 9;
/** On the water page, under the tiles, a chart needs six rows of plot to be worth the room. */
const MIN_WATER_CHART_ROWS = 11;

/** A grid of line charts on a page: how many, in how many columns, each how tall, from which row. */
export type ChartGrid = { charts: number; columns: number; chartRows: number; top: number };

/** Where everything goes for one terminal size and mode; pure, so it is tested without a terminal. */
export type LayoutPlan =
  | { kind: 'too-small'; cols: number; rows: number }
  | {
      kind: 'grid';
      cols: number;
      rows: number;
      scale: BigScale;
      /** First row of the page area, and its height (the page title takes its first row). */
      bodyTop: number;
      bodyRows: number;
      pages: WallPageKey[];
      /** Tiles full width, the gauges' legend under them, then (on a large graphical wall) the worst stations' charts. */
      water: { tiles: number; legendRows: number; charts: ChartGrid };
      /** The page of charts, when the water page has no room for every station's. */
      trend: ChartGrid;
    };

// As many rows of charts as fit at `min` rows each, no more than the stations need; each as tall as the room allows.
function chartGrid(room: number, top: number, stations: number, columns: number, min: number): ChartGrid {
  const rowsOfCharts = Math.min(Math.ceil(stations / columns), Math.floor(room / min));
  if (rowsOfCharts <= 0 || stations === 0) return { charts: 0, columns, chartRows: 0, top };
  return {
    charts: Math.min(stations, rowsOfCharts * columns),
    columns,
    chartRows: Math.floor(room / rowsOfCharts),
    top,
  };
}

/** Lays out a `cols`×`rows` wall for `stations` stations; TTY mode has no charts (no braille on the console). */
export function planLayout(
  cols: number,
  rows: number,
  opts: { isTty: boolean; stations: number },
): LayoutPlan {
  if (cols < MIN_SIZE.cols || rows < MIN_SIZE.rows) return { kind: 'too-small', cols, rows };
  const scale: BigScale = cols >= 120 && rows >= 40 ? 'large' : 'small';
  // Status line, captions, the big figures, and a spacer row in large type.
  const bodyTop = 2 + bigHeight(scale) + (scale === 'large' ? 1 : 0);
  const bodyRows = rows - bodyTop;
  const room = bodyRows - 1;
  const n = Math.max(1, opts.stations);
  const tiles = Math.min(n, Math.floor(room / TILE_ROWS));
  const columns = cols >= 120 ? 2 : 1;
  // The legend of the gauges' marks wraps to two rows at 80 columns in Chinese, three in English.
  const legendRows = cols >= 120 ? 2 : 3;
  const below = room - tiles * TILE_ROWS - legendRows;
  const hasWaterCharts = !opts.isTty && scale === 'large';
  const waterCharts = hasWaterCharts
    ? chartGrid(below, 1 + tiles * TILE_ROWS + legendRows, n, columns, MIN_WATER_CHART_ROWS)
    : chartGrid(0, 0, n, columns, MIN_WATER_CHART_ROWS);
  const trend =
    opts.isTty || waterCharts.charts >= n
      ? chartGrid(0, 1, n, columns, MIN_CHART_ROWS)
      : chartGrid(room, 1, n, columns, MIN_CHART_ROWS);
  const pages: WallPageKey[] = [
    'water',
    ...(trend.charts > 0 ? (['trend'] as const) : []),
    'stock',
    'incidents',
    'alerts',
    'forces',
  ];
  return {
    kind: 'grid',
    cols,
    rows,
    scale,
    bodyTop,
    bodyRows,
    pages,
    water: { tiles, legendRows, charts: waterCharts },
    trend,
  };
}

/** A line chart and, over the blank row at the foot of its box, the key that names its series. */
export type ChartSlot = { chart: Widget<ChartData>; key: Widget<string> };

/** The widgets of one page, and its title row. */
export type PageWidgets = { page: Page; title: Widget<string> };

/** Every widget of a built layout, by what it shows. */
export type WallLayout =
  | { kind: 'too-small'; message: Widget<string>; cols: number; rows: number }
  | {
      kind: 'grid';
      plan: Extract<LayoutPlan, { kind: 'grid' }>;
      status: Widget<string>;
      captions: Widget<string>;
      big: Widget<string>;
      banner: Widget<string>;
      pages: Map<WallPageKey, PageWidgets>;
      /** `legend` names the gauges' marks in the rows the tiles leave (none when they leave none). */
      water: { tiles: Widget<string>[]; charts: ChartSlot[]; legend: Widget<string> | undefined };
      trend: ChartSlot[];
      stock: { county: Widget<string>; townships: Widget<string> };
      incidents: Widget<TableData>;
      alerts: Widget<string[]>;
      forces: Widget<TableData>;
    };

/** A layout with its grid (not the "too small" page). */
export type GridLayout = Extract<WallLayout, { kind: 'grid' }>;

/** Creates the widgets `plan` calls for; every page starts hidden. */
export function buildLayout(factory: WidgetFactory, plan: LayoutPlan, palette: Palette): WallLayout {
  if (plan.kind === 'too-small') {
    const message = factory.text(undefined, { top: 0, left: 0, width: plan.cols, height: plan.rows });
    return { kind: 'too-small', message, cols: plan.cols, rows: plan.rows };
  }
  const { cols, bodyTop, bodyRows, scale } = plan;
  const border = { border: palette.border, text: palette.text };
  const status = factory.text(undefined, { top: 0, left: 0, width: cols, height: 1 });
  const captions = factory.text(undefined, { top: 1, left: 0, width: cols, height: 1 });
  const big = factory.text(undefined, { top: 2, left: 0, width: cols, height: bigHeight(scale) });
  const pages = new Map<WallPageKey, PageWidgets>();
  const pageOf = (key: WallPageKey) => {
    const page = factory.page({ top: bodyTop, left: 0, width: cols, height: bodyRows });
    const title = factory.text(page, { top: 0, left: 0, width: cols, height: 1 });
    pages.set(key, { page, title });
    return page;
  };
  // Page widgets sit below the page's title row.
  const top = 1;
  const height = bodyRows - 1;

  const waterPage = pageOf('water');
  const { water } = plan;
  const tiles: Widget<string>[] = [];
  for (let i = 0; i < water.tiles; i += 1) {
    tiles.push(
      factory.text(waterPage, { top: top + i * TILE_ROWS, left: 0, width: cols, height: TILE_ROWS }),
    );
  }
  const legendTop = top + water.tiles * TILE_ROWS;
  const legendRows = water.charts.charts > 0 ? water.legendRows : bodyRows - legendTop;
  const legend =
    legendRows > 0
      ? factory.text(waterPage, { top: legendTop, left: 0, width: cols, height: legendRows })
      : undefined;
  const charts = chartSlots(factory, waterPage, water.charts, cols, border);
  const trend = plan.trend.charts > 0 ? chartSlots(factory, pageOf('trend'), plan.trend, cols, border) : [];

  const stockPage = pageOf('stock');
  // Side by side where each half has room for English item names; stacked on an 80-column wall.
  const half = Math.floor((cols - 2) / 2);
  const upper = Math.floor(height / 2);
  const stock =
    cols >= 100
      ? {
          county: factory.text(stockPage, { top, left: 0, width: half, height }),
          townships: factory.text(stockPage, { top, left: half + 2, width: cols - half - 2, height }),
        }
      : {
          county: factory.text(stockPage, { top, left: 0, width: cols, height: upper }),
          townships: factory.text(stockPage, {
            top: top + upper,
            left: 0,
            width: cols,
            height: height - upper,
          }),
        };
  const incidents = factory.table(pageOf('incidents'), { top, left: 0, width: cols, height }, border);
  const alerts = factory.log(pageOf('alerts'), { top, left: 0, width: cols, height }, border);
  const forces = factory.table(pageOf('forces'), { top, left: 0, width: cols, height }, border);
  // Created last so it draws over the page it covers.
  const bannerRows = scale === 'large' ? 3 : 1;
  const banner = factory.text(
    undefined,
    { top: bodyTop, left: 0, width: cols, height: bannerRows },
    { isBanner: true },
  );
  return {
    kind: 'grid',
    plan,
    status,
    captions,
    big,
    banner,
    pages,
    water: { tiles, charts, legend },
    trend,
    stock,
    incidents,
    alerts,
    forces,
  };
}

// Charts left to right, then top to bottom; each key is created after its chart so that it draws over it.
function chartSlots(
  factory: WidgetFactory,
  page: Page,
  grid: ChartGrid,
  cols: number,
  border: { border: number; text: number },
): ChartSlot[] {
  const width = Math.floor(cols / grid.columns);
  return Array.from({ length: grid.charts }, (_, i) => {
    const rect = {
      top: grid.top + Math.floor(i / grid.columns) * grid.chartRows,
      left: (i % grid.columns) * width,
      width,
      height: grid.chartRows,
    };
    const chart = factory.line(page, rect, border);
    // contrib leaves the last row inside the box blank, under the time axis.
    const key = factory.text(page, {
      top: rect.top + rect.height - 2,
      left: rect.left + 1,
      width: rect.width - 2,
      height: 1,
    });
    return { chart, key };
  });
}
