import type { WallView } from '../state/selectors/wall-view.js';
import type { StationTile } from '../state/selectors/wall-water.js';
import type { ApplyContext } from './apply-view.js';
import { ASCII_BARS, levelGauge } from './bars.js';
import { type ChartData, cellWidth, type Widget } from './blessed-adapter.js';
import { fitHeaderGap } from './header-fit.js';
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
      `${view.titles.water}  ${stations.length ? view.water.shownText(shown) : view.water.empty}`,
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
  layout.water.legend?.setData(gaugeLegend(stations.slice(0, shown), layout.water.legend.width, palette));
}

/**
 * What the marks under the gauges stand for ("FL flood limit  WL warning …"), each once, in the order met: the
 * two-letter marks of the Linux console say nothing by themselves, and a short Chinese one ("历史") says less
 * than its line's name. Wrapped at whole entries.
 */
function gaugeLegend(stations: StationTile[], width: number, palette: Palette): string {
  const seen = new Map<string, string>();
  for (const s of stations) for (const l of s.lines) if (!seen.has(l.short)) seen.set(l.short, l.name);
  const rows: string[] = [];
  let row = '';
  for (const [short, title] of seen) {
    const entry = `${short} ${title}`;
    const next = row === '' ? entry : `${row}   ${entry}`;
    if (cellWidth(next) > width && row !== '') {
      rows.push(row);
      row = entry;
    } else row = next;
  }
  if (row !== '') rows.push(row);
  return rows.map((r) => toned(r, 'stale', palette)).join('\n');
}

function stationTile(s: StationTile, width: number, ctx: ApplyContext): string[] {
  const { palette } = ctx;
  const tone = s.isStale ? 'stale' : s.tone;
  const detailTone = s.isStale ? 'stale' : 'text';
  // Whole pieces, the least needed given up first: the distance and time to the next line are never cut.
  const fitted = fitHeaderGap(
    [
      { text: withGlyph(s.tone, s.word), tone: s.tone },
      { text: s.name, tone: 'title' },
      ...s.detailParts.slice(0, 1).map((p) => ({ ...p, tone: detailTone }) as const),
      ...(s.trend ? [{ text: trendArrow(s.trend, ctx.glyphs === ASCII_BARS), tone: tone }] : []),
      ...s.detailParts.slice(1).map((p) => ({ ...p, tone: detailTone }) as const),
    ],
    width,
  );
  const sep = ' '.repeat(fitted.gap);
  const head = spans(
    fitted.parts.map((p, i) => ({
      text: i === 0 ? p.text : i === 3 && s.trend ? ` ${p.text}` : `${sep}${p.text}`,
      tone: p.tone,
    })),
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

const ARROWS = { up: '↑', down: '↓', steady: '→' } as const;
const ASCII_ARROWS = { up: '^', down: 'v', steady: '=' } as const;

/** Rising, falling or steady, as one glyph beside the level (ASCII on the Linux console). */
function trendArrow(trend: NonNullable<StationTile['trend']>, isAscii: boolean): string {
  return (isAscii ? ASCII_ARROWS : ARROWS)[trend];
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
