import type { WallPageKey } from '../state/selectors/wall-view.js';
import { type BigScale, bigHeight } from './big-type.js';
import type { ChartData, Page, TableData, Widget, WidgetFactory } from './blessed-adapter.js';
import type { Palette } from './terminal-mode.js';

/** Below this size the wall shows a "terminal too small" page instead of a grid it cannot fit. */
export const MIN_SIZE = { cols: 80, rows: 24 } as const;

/** Rows of one station tile: text line, gauge, the names of the lines under it. */
const TILE_ROWS = 3;
/** Line charts shorter than this are not worth their braille (and contrib's canvases break when tiny). */
const MIN_CHART_ROWS = 7;

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
      water: { tiles: number; bandRows: number; tileWidth: number; hasCharts: boolean };
      trend: { charts: number; chartRows: number; columns: number };
    };

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
  const band = Math.min(12, Math.floor(room / n));
  const hasCharts = !opts.isTty && scale === 'large' && band >= MIN_CHART_ROWS;
  const bandRows = hasCharts ? band : TILE_ROWS;
  const water = {
    tiles: Math.min(n, Math.floor(room / bandRows)),
    bandRows,
    tileWidth: hasCharts ? Math.floor(cols * 0.42) : cols,
    hasCharts,
  };
  const columns = cols >= 120 ? 2 : 1;
  const perColumn = Math.floor(room / (MIN_CHART_ROWS + 2));
  const trend = {
    charts: opts.isTty || hasCharts ? 0 : Math.min(n, perColumn * columns),
    chartRows: perColumn > 0 ? Math.floor(room / perColumn) : 0,
    columns,
  };
  const pages: WallPageKey[] = [
    'water',
    ...(trend.charts > 0 ? (['trend'] as const) : []),
    'stock',
    'incidents',
    'alerts',
    'forces',
  ];
  return { kind: 'grid', cols, rows, scale, bodyTop, bodyRows, pages, water, trend };
}

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
      water: { tiles: Widget<string>[]; charts: Widget<ChartData>[]; legend: Widget<string> | undefined };
      trend: Widget<ChartData>[];
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
  const charts: Widget<ChartData>[] = [];
  for (let i = 0; i < water.tiles; i += 1) {
    const bandTop = top + i * water.bandRows;
    // With a chart beside it, a tile has the band's spare rows for the chart's key.
    const tileRows = water.hasCharts ? water.bandRows : TILE_ROWS;
    tiles.push(
      factory.text(waterPage, { top: bandTop, left: 0, width: water.tileWidth - 1, height: tileRows }),
    );
    if (water.hasCharts) {
      const rect = {
        top: bandTop,
        left: water.tileWidth,
        width: cols - water.tileWidth,
        height: water.bandRows,
      };
      charts.push(factory.line(waterPage, rect, border));
    }
  }

  const legendTop = top + water.tiles * water.bandRows;
  const legend =
    !water.hasCharts && legendTop < bodyRows
      ? factory.text(waterPage, { top: legendTop, left: 0, width: cols, height: bodyRows - legendTop })
      : undefined;

  const trend: Widget<ChartData>[] = [];
  if (plan.trend.charts > 0) {
    const trendPage = pageOf('trend');
    const { columns, chartRows } = plan.trend;
    const width = Math.floor(cols / columns);
    for (let i = 0; i < plan.trend.charts; i += 1) {
      const col = i % columns;
      const rowIndex = Math.floor(i / columns);
      const rect = { top: top + rowIndex * chartRows, left: col * width, width, height: chartRows };
      trend.push(factory.line(trendPage, rect, border));
    }
  }

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
