import { formatLevel } from '../domain/format.js';
import type { StationChart } from '../state/selectors/wall-trend.js';
import type { WallView } from '../state/selectors/wall-view.js';
import type { StationTile } from '../state/selectors/wall-water.js';
import type { ApplyContext, PageApplier } from './apply-view.js';
import { ASCII_BARS, levelGauge } from './bars.js';
import { cellWidth } from './blessed-adapter.js';
import { fitHeaderGap } from './header-fit.js';
import type { ChartSlot } from './layout.js';
import type { Palette } from './terminal-mode.js';
import { spans, toned, withGlyph } from './text-cells.js';

/** The water page: a tile per station (gauge and lines) and, where laid out, its 24-hour chart. */
export const applyWater: PageApplier = (layout, view, ctx, title) => {
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
  layout.water.tiles.forEach((tile, i) => {
    const s = stations[i];
    tile.setData(s ? stationTile(s, tile.width, ctx).join('\n') : '');
  });
  layout.water.charts.forEach((slot, i) => {
    applyChart(slot, stations[i], view.lang, ctx);
  });
  layout.water.legend?.setData(gaugeLegend(stations.slice(0, shown), layout.water.legend.width, palette));
};

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
      // The word with its own line's figure, never another's (issue 20.2).
      { text: withGlyph(s.tone, s.wordFigure ? `${s.word} ${s.wordFigure}` : s.word), tone: s.tone },
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

const levelColour = (s: StationTile, palette: Palette) =>
  palette[s.isStale ? 'stale' : s.tone === 'ok' ? 'info' : s.tone];

/**
 * A chart's key, on the row under its time axis: a dash in each series' colour with its name and level (汛限 in
 * Chinese, "flood limit" in English; issue 20.3). Where the row is short, the lines whose level the axis already
 * shows give up their figure, then the key says how many it leaves out.
 */
export function chartKey(
  s: StationTile,
  lang: WallView['lang'],
  width: number,
  ctx: Pick<ApplyContext, 'palette' | 'glyphs'>,
): string {
  const c = s.chart;
  if (!c) return '';
  const { palette } = ctx;
  const ascii = ctx.glyphs === ASCII_BARS;
  const name = (l: StationChart['lines'][number]) => (lang === 'zh' ? l.short : l.name);
  const entries = [
    { name: c.levelTitle, figure: '', colour: levelColour(s, palette) },
    ...c.lines.map((l) => ({ name: name(l), figure: formatLevel(l.level), colour: palette[l.tone] })),
  ];
  // Wider first; then one space apart; then the lines without their figures (the axis has them beside each line);
  // then each dash against its name.
  const forms = [
    { dash: ascii ? '--' : '──', space: ' ', gap: '  ', figures: true },
    { dash: ascii ? '--' : '──', space: ' ', gap: ' ', figures: true },
    { dash: ascii ? '-' : '─', space: ' ', gap: ' ', figures: false },
    { dash: ascii ? '-' : '─', space: '', gap: ' ', figures: false },
  ] as const;
  const piece = (e: (typeof entries)[number], form: (typeof forms)[number]) => ({
    dash: form.dash,
    words: `${form.space}${e.name}${form.figures && e.figure ? ` ${e.figure}` : ''}`,
    colour: e.colour,
  });
  const cells = (p: { dash: string; words: string }) => cellWidth(p.dash + p.words);
  const draw = (p: { dash: string; words: string; colour: number }) =>
    `{${p.colour}-fg}${p.dash}{/${p.colour}-fg}${toned(p.words, 'text', palette)}`;
  for (const form of forms) {
    const pieces = entries.map((e) => piece(e, form));
    const need = pieces.reduce((sum, p) => sum + cells(p), 0) + form.gap.length * (pieces.length - 1);
    if (need <= width) return pieces.map(draw).join(form.gap);
  }
  // Still too long: as many as fit, and how many are left out.
  const pieces = entries.map((e) => piece(e, forms[3]));
  const out: string[] = [];
  let used = 0;
  for (const [i, p] of pieces.entries()) {
    const more = `+${pieces.length - i}`;
    const isLast = i === pieces.length - 1;
    if (used + cells(p) + (isLast ? 0 : more.length + 1) > width) {
      out.push(toned(more, 'text', palette));
      break;
    }
    out.push(draw(p));
    used += cells(p) + 1;
  }
  return out.join(' ');
}

function applyChart(
  slot: ChartSlot,
  s: StationTile | undefined,
  lang: WallView['lang'],
  ctx: Pick<ApplyContext, 'palette' | 'glyphs'>,
): void {
  const { palette } = ctx;
  const c = s?.chart;
  if (!s || !c) {
    slot.chart.setData({ label: s ? ` ${s.name} ` : ' ', minY: 0, maxY: 1, series: [], yLabels: [] });
    slot.key.setData('');
    return;
  }
  const flat = (level: number) => c.x.map(() => level);
  slot.chart.setData({
    label: ` ${c.title} `,
    minY: c.minY,
    maxY: c.maxY,
    series: [
      ...c.lines.map((l) => ({ title: l.title, x: c.x, y: flat(l.level), colour: palette[l.tone] })),
      { title: c.levelTitle, x: c.x, y: c.y, colour: levelColour(s, palette) },
    ],
    // Each line's level beside it on the axis, the highest first: the next line up matters most.
    yLabels: [...c.lines]
      .sort((a, b) => b.level - a.level)
      .map((l) => ({ value: l.level, text: formatLevel(l.level), colour: palette[l.tone] })),
  });
  slot.key.setData(chartKey(s, lang, slot.key.width, ctx));
}

/** The page of 24-hour charts, worst station first, each with its key. */
export const applyTrend: PageApplier = (layout, view, ctx, title) => {
  title.setData(toned(view.titles.trend, 'title', ctx.palette));
  layout.trend.forEach((slot, i) => {
    applyChart(slot, view.water.stations[i], view.lang, ctx);
  });
};
