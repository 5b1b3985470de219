import type { WallPageKey, WallView } from '../state/selectors/wall-view.js';
import { applyForces } from './apply-forces.js';
import { applyAlerts, applyIncidents, applyStock } from './apply-lists.js';
import { applyTrend, applyWater } from './apply-water.js';
import type { BarGlyphs } from './bars.js';
import { type BigScale, bigLines, bigWidth } from './big-type.js';
import { cellWidth } from './blessed-adapter.js';
import type { GridLayout, WallLayout } from './layout.js';
import type { Palette } from './terminal-mode.js';
import { fitCells, spans, toned, truncate, withGlyph } from './text-cells.js';
import { fitBySeverity } from './worst-fit.js';

/** How the view is drawn: colours and glyphs for the terminal, and which page is showing. */
export type ApplyContext = {
  palette: Palette;
  glyphs: BarGlyphs;
  page: WallPageKey;
  pageNumber: number;
  pageCount: number;
};

// Data that may be out of date is drawn in one grey (words and ages still say what it was): colour must not
// claim a danger is current when the link to the collector is down.
function dimmed(palette: Palette): Palette {
  const s = palette.stale;
  return { ...palette, ok: s, info: s, watch: s, warning: s, danger: s, text: s, title: s };
}

/** Captions narrower than this are not worth showing: the segment is left out rather than cut to nothing. */
const MIN_CAPTION = 16;

/** Pours the view into a grid layout: the header and banner always, the page on show only (hidden ones wait). */
export function applyView(layout: GridLayout, view: WallView, ctx: ApplyContext): void {
  const palette = view.header.isStale ? dimmed(ctx.palette) : ctx.palette;
  applyHeader(layout, view, { ...ctx, palette }, ctx.palette);
  const page = layout.pages.get(ctx.page);
  if (!page) return;
  const p = { ...ctx, palette };
  switch (ctx.page) {
    case 'water':
      applyWater(layout, view, p, page.title);
      return;
    case 'trend':
      applyTrend(layout, view, p, page.title);
      return;
    case 'stock':
      applyStock(layout, view, p, page.title);
      return;
    case 'incidents':
      applyIncidents(layout, view, p, page.title);
      return;
    case 'alerts':
      applyAlerts(layout, view, p, page.title);
      return;
    case 'forces':
      applyForces(layout, view, p, page.title);
      return;
  }
}

function applyHeader(layout: GridLayout, view: WallView, ctx: ApplyContext, live: Palette): void {
  const { palette } = ctx;
  const h = view.header;
  const pageTitle = `${view.titles[ctx.page]} ${ctx.pageNumber}/${ctx.pageCount}`;
  const right = ` ${pageTitle}`;
  const left = spans(
    [
      { text: `${h.title}  `, tone: 'title' },
      { text: `${h.time}  `, tone: 'title' },
      { text: `[${h.connection}] `, tone: h.connectionTone },
      { text: `${h.freshness}  `, tone: h.isStale ? 'stale' : 'text' },
      { text: h.duty, tone: 'text' },
      ...(h.callout ? [{ text: `  ${h.callout.text}`, tone: h.callout.tone }] : []),
    ],
    layout.status.width - cellWidth(right),
    live,
  );
  const gap = layout.status.width - cellWidth(right) - visibleWidth(left);
  layout.status.setData(`${left}${' '.repeat(Math.max(0, gap))}${toned(right, 'title', live)}`);
  applyWorst(layout, view, palette);
  const banner = layout.banner;
  if (!view.link.isDown) {
    banner.setData('');
    return;
  }
  // A banner in the colours of its tone, text on a full-width bar, so it reads from across the room.
  const bg = live[view.link.tone];
  const bar = (text: string) => `{${bg}-bg}{${live.title}-fg}{bold}${fitCells(text, banner.width)}{/bold}{/}`;
  const rows = Array.from({ length: banner.height }, (_, i) =>
    bar(i === Math.floor(banner.height / 2) ? ` ${withGlyph(view.link.tone, view.link.text)}` : ''),
  );
  banner.setData(rows.join('\n'));
}

// Tags are stripped to measure what a tagged string takes on screen.
function visibleWidth(tagged: string): number {
  return cellWidth(tagged.replace(/\{\/?[\w\-,;!#]*\}/g, ''));
}

/**
 * The worst state in one line of big figures, each under a caption that says what it is (and repeats the figure
 * in small type). What does not fit is left out — the least urgent first, never a danger to make room for calm.
 */
function applyWorst(layout: GridLayout, view: WallView, palette: Palette): void {
  const scale: BigScale = layout.plan.scale;
  const width = layout.captions.width;
  const gap = 3;
  // First the segments that fit at their figure's width (captions at least MIN_CAPTION), the most urgent first;
  // then what is left widens captions, in line order.
  const minWidth = (seg: (typeof view.worst)[number]) => Math.max(bigWidth(seg.figure, scale), MIN_CAPTION);
  const placed = fitBySeverity(view.worst, width, gap, minWidth).map((seg) => ({
    width: minWidth(seg),
    want: cellWidth(withGlyph(seg.tone, seg.caption.join('  '))),
    seg,
  }));
  let used = placed.reduce((sum, p) => sum + p.width, 0) + gap * (placed.length - 1);
  for (const p of placed) {
    const grow = Math.min(Math.max(0, p.want - p.width), width - used);
    p.width += grow;
    used += grow;
  }
  let x = 0;
  const segments = placed.map((p) => {
    const left = x;
    x += p.width + gap;
    return { ...p, x: left };
  });
  let captions = '';
  let at = 0;
  for (const p of segments) {
    captions +=
      ' '.repeat(p.x - at) + toned(fitCells(captionIn(p.seg, p.width), p.width), p.seg.tone, palette);
    at = p.x + p.width;
  }
  layout.captions.setData(captions);
  const rows: string[] = Array(layout.big.height).fill('');
  const ats: number[] = Array(layout.big.height).fill(0);
  for (const p of segments) {
    bigLines(p.seg.figure, scale).forEach((line, y) => {
      rows[y] += ' '.repeat(p.x - (ats[y] ?? 0)) + toned(line, p.seg.tone, palette);
      ats[y] = p.x + line.length;
    });
  }
  layout.big.setData(rows.join('\n'));
}

// As many of the caption's parts as fit; only the first is ever cut.
function captionIn(seg: WallView['worst'][number], width: number): string {
  let text = withGlyph(seg.tone, seg.caption[0] ?? '');
  for (const part of seg.caption.slice(1)) {
    const next = `${text}  ${part}`;
    if (cellWidth(next) > width) break;
    text = next;
  }
  return text;
}

/** The "terminal too small" page: what the size is and what is needed, in words that fit 20 columns. */
export function applyTooSmall(
  layout: Extract<WallLayout, { kind: 'too-small' }>,
  min: { cols: number; rows: number },
  lang: WallView['lang'],
  palette: Palette,
): void {
  const lines = [
    ...(lang === 'zh' ? ['终端太小'] : []),
    'TERMINAL TOO SMALL',
    `${layout.cols}x${layout.rows} < ${min.cols}x${min.rows}`,
  ].map((l) => toned(truncate(l, layout.cols), 'warning', palette));
  layout.message.setData(lines.join('\n'));
}
