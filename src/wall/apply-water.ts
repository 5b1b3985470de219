import type { WallView } from '../state/selectors/wall-view.js';
import type { StationTile } from '../state/selectors/wall-water.js';
import type { ApplyContext } from './apply-view.js';
import { levelGauge } from './bars.js';
import { type ChartData, cellWidth, type Widget } from './blessed-adapter.js';
import type { GridLayout } from './layout.js';
import type { Palette } from './terminal-mode.js';
import { spans, toned, withGlyph } from './text-cells.js';

/** The water page: a tile per station (gauge and lines) and, where laid out, its 24-hour chart. */
export function applyWater(
  layout: GridLayout,
  view: WallView,
  ctx: ApplyContext,
  title: Widget<string>,
): void {
  const { palette } = ctx;
  const stations = view.water.stations;
  const shown = Math.min(layout.water.tiles.length, stations.length);
  title.setData(
    toned(
      `${view.titles.water}  ${stations.length ? `${shown}/${stations.length}` : view.water.empty}`,
      'title',
      palette,
    ),
  );
  const hasCharts = layout.water.charts.length > 0;
  layout.water.tiles.forEach((tile, i) => {
    const s = stations[i];
    const lines = s ? stationTile(s, tile.width, ctx) : [];
    if (s && hasCharts && tile.height > lines.length) lines.push('', chartKey(s, tile.width, ctx.palette));
    tile.setData(lines.join('\n'));
  });
  layout.water.charts.forEach((chart, i) => {
    applyChart(chart, stations[i], palette);
  });
}

function stationTile(s: StationTile, width: number, ctx: ApplyContext): string[] {
  const { palette } = ctx;
  const tone = s.isStale ? 'stale' : s.tone;
  const head = spans(
    [
      { text: `${withGlyph(s.tone, s.word)} `, tone: s.tone },
      { text: `${s.name}  `, tone: 'title' },
      { text: s.detail, tone: s.isStale ? 'stale' : 'text' },
    ],
    width,
    palette,
  );
  const low = s.gauge.lowText;
  const high = s.gauge.highText;
  const barWidth = Math.max(4, width - low.length - high.length - 2);
  const [bar, marks] = levelGauge(s.gauge, s.lines, barWidth, tone, palette, ctx.glyphs);
  const gauge = `${toned(low, 'stale', palette)} ${bar} ${toned(high, 'stale', palette)}`;
  return [head, gauge, `${' '.repeat(low.length + 1)}${marks}`];
}

// The chart's key, beside it: a coloured dash for each series with its name and level.
function chartKey(s: StationTile, width: number, palette: Palette): string {
  const c = s.chart;
  if (!c) return '';
  const parts = [
    { text: c.levelTitle, colour: levelColour(s, palette) },
    ...c.lines.map((l) => ({ text: l.title, colour: palette[l.tone] })),
  ];
  let out = '';
  let left = width;
  for (const part of parts) {
    const w = cellWidth(part.text) + 5;
    if (w > left) break;
    out += `{${part.colour}-fg}──{/${part.colour}-fg} ${toned(part.text, 'text', palette)}  `;
    left -= w;
  }
  return out;
}

const levelColour = (s: StationTile, palette: Palette) =>
  palette[s.isStale ? 'stale' : s.tone === 'ok' ? 'info' : s.tone];

function applyChart(chart: Widget<ChartData>, s: StationTile | undefined, palette: Palette): void {
  const c = s?.chart;
  if (!s || !c) {
    chart.setData({ label: s ? ` ${s.name} ` : ' ', minY: 0, maxY: 1, series: [] });
    return;
  }
  const flat = (level: number) => c.x.map(() => level);
  chart.setData({
    label: ` ${c.title} `,
    minY: c.minY,
    maxY: c.maxY,
    series: [
      ...c.lines.map((l) => ({ title: l.title, x: c.x, y: flat(l.level), colour: palette[l.tone] })),
      { title: c.levelTitle, x: c.x, y: c.y, colour: levelColour(s, palette) },
    ],
  });
}

/** The page of 24-hour charts, worst station first. */
export function applyTrend(
  layout: GridLayout,
  view: WallView,
  ctx: ApplyContext,
  title: Widget<string>,
): void {
  title.setData(toned(view.titles.trend, 'title', ctx.palette));
  layout.trend.forEach((chart, i) => {
    applyChart(chart, view.water.stations[i], ctx.palette);
  });
}
