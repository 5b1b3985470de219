// Over 250 lines on purpose: what every page of the wall shares (header, link banner, worst-station strip) and the
// too-small page; each page's own widgets are filled in apply-lists, apply-water and apply-forces.
import type { WallPageKey, WallView } from '../state/selectors/wall-view.js';
import { applyForces } from './apply-forces.js';
import { applyAlerts, applyIncidents, applyStock } from './apply-lists.js';
import { applyTrend, applyWater } from './apply-water.js';
import type { BarGlyphs } from './bars.js';
import { type BigScale, bigLines, bigWidth } from './big-type.js';
import { cellWidth, type Widget } from './blessed-adapter.js';
import { fitHeader, type HeaderPart } from './header-fit.js';
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

/** Fills one page's own widgets; `title` is the page's title row. */
export type PageApplier = (
  layout: GridLayout,
  view: WallView,
  ctx: ApplyContext,
  title: Widget<string>,
) => void;

const PAGE_APPLIERS: Record<WallPageKey, PageApplier> = {
  water: applyWater,
  trend: applyTrend,
  stock: applyStock,
  incidents: applyIncidents,
  alerts: applyAlerts,
  forces: applyForces,
};

// Data that may be out of date is drawn in one grey (words and ages still say what it was): colour must not
// claim a danger is current when the link to the collector is down.
function dimmed(palette: Palette): Palette {
  const s = palette.stale;
  return { ...palette, ok: s, info: s, watch: s, warning: s, danger: s, text: s, title: s };
}

/** Pours the view into a grid layout: the header and banner always, the page on show only (hidden ones wait). */
export function applyView(layout: GridLayout, view: WallView, ctx: ApplyContext): void {
  const palette = view.header.isStale ? dimmed(ctx.palette) : ctx.palette;
  const unplaced = applyHeader(layout, view, { ...ctx, palette }, ctx.palette);
  const found = layout.pages.get(ctx.page);
  if (!found) return;
  // What the worst-state line had no room for still reads on the row under it, at the right of the page's title.
  const page = { ...found, title: withRight(found.title, unplaced, palette) };
  PAGE_APPLIERS[ctx.page](layout, view, { ...ctx, palette }, page.title);
}

function applyHeader(
  layout: GridLayout,
  view: WallView,
  ctx: ApplyContext,
  live: Palette,
): WallView['worst'] {
  const { palette } = ctx;
  const h = view.header;
  const fitted = fitHeader([...headerParts(h), pageCounter(view, ctx)], layout.status.width);
  const right = fitted[fitted.length - 1] as HeaderPart;
  const rightText = ` ${right.text}`;
  const left = spans(
    fitted.slice(0, -1).map((p, i) => ({ text: i === 0 ? p.text : `  ${p.text}`, tone: p.tone })),
    layout.status.width - cellWidth(rightText),
    live,
  );
  const gap = layout.status.width - cellWidth(rightText) - visibleWidth(left);
  layout.status.setData(`${left}${' '.repeat(Math.max(0, gap))}${toned(rightText, 'title', live)}`);
  const unplaced = applyWorst(layout, view, palette);
  const banner = layout.banner;
  if (!view.link.isDown) {
    banner.setData('');
    return unplaced;
  }
  // A banner in the colours of its tone, text on a full-width bar, so it reads from across the room.
  const bg = live[view.link.tone];
  const bar = (text: string) => `{${bg}-bg}{${live.title}-fg}{bold}${fitCells(text, banner.width)}{/bold}{/}`;
  const rows = Array.from({ length: banner.height }, (_, i) =>
    bar(i === Math.floor(banner.height / 2) ? bannerText(view.link, banner.width) : ''),
  );
  banner.setData(rows.join('\n'));
  return unplaced;
}

/** The banner's words, whole: the shorter form when the long one would be cut. */
function bannerText(link: WallView['link'], width: number): string {
  const long = ` ${withGlyph(link.tone, link.text)}`;
  return cellWidth(long) <= width || link.short === undefined ? long : ` ${withGlyph(link.tone, link.short)}`;
}

/**
 * A page's title row that also carries, flush right, the captions of worst-state segments the big line had no
 * room for (救援力量 在岗 N · 出动 M at 80 columns): left out of the big figures, never out of sight.
 */
function withRight(title: Widget<string>, left: WallView['worst'], palette: Palette): Widget<string> {
  if (left.length === 0) return title;
  const extra = left.map((seg) => ({ text: withGlyph(seg.tone, seg.caption[0] ?? ''), tone: seg.tone }));
  return {
    width: title.width,
    height: title.height,
    setData(data: string) {
      const needOf = (list: typeof extra) => list.reduce((sum, e) => sum + cellWidth(e.text) + 2, 0);
      let text = data;
      // The page's own summary repeats figures the header shows big: it is cut before a header figure is dropped,
      // down to a few words of it.
      const room = title.width - needOf(extra);
      if (visibleWidth(text) > room && room >= MIN_TITLE)
        text = toned(truncate(plain(text), room), 'title', palette);
      const used = visibleWidth(text);
      // Otherwise the most urgent first, as on the big line; the rest keep their order.
      const shown = fitBySeverity(extra, title.width - used, 0, (e) => cellWidth(e.text) + 2);
      if (shown.length === 0) return title.setData(text);
      const right = shown.map((e) => toned(e.text, e.tone, palette)).join('  ');
      title.setData(`${text}${' '.repeat(title.width - used - needOf(shown) + 2)}${right}`);
    },
  };
}

/** A page title is never cut to fewer cells than this to make room on its row. */
const MIN_TITLE = 20;

function plain(tagged: string): string {
  return tagged
    .replace(/\{\/?[\w\-,;!#]*\}/g, '')
    .replace(/\{open\}/g, '{')
    .replace(/\{close\}/g, '}');
}

/**
 * The header line's pieces, with what each gives up on a narrow wall, in this order: the word 值班台, the duty
 * phone numbers and the handover time, the duty labels, the ages' labels, the page's name, the county's name, a
 * call-out count that is not overdue.
 */
function headerParts(h: WallView['header']): HeaderPart[] {
  const data = h.data.isStale ? withGlyph('warning', h.data.text) : h.data.text;
  const dataShort = h.data.isStale ? withGlyph('warning', h.data.short) : h.data.short;
  return [
    { text: h.title, short: h.titleShort, shortAt: 0, dropAt: 5, tone: 'title' },
    { text: h.time, tone: 'title' },
    { text: `[${h.connection}]`, tone: h.connectionTone },
    { text: h.freshness, short: h.freshnessShort, shortAt: 3, tone: h.isStale ? 'stale' : 'text' },
    { text: data, short: dataShort, shortAt: 3, tone: h.data.isStale ? 'warning' : 'text' },
    // With phone numbers while there is room, then without, then with shorter labels.
    { text: h.dutyPhones, short: h.duty, shortAt: 1, shorter: h.dutyShort, shorterAt: 2, tone: 'text' },
    ...(h.handover ? [{ text: h.handover, dropAt: 1, tone: 'text' as const }] : []),
    ...(h.callout
      ? [
          {
            text: h.callout.text,
            tone: h.callout.tone,
            ...(h.callout.tone === 'danger' ? {} : { dropAt: 6 }),
          },
        ]
      : []),
  ];
}

/** Which page this is, on the right of the header: "水情 第1/6页", or just "1/6页" when room is short. */
function pageCounter(view: WallView, ctx: ApplyContext): HeaderPart {
  const n = view.pageOf(ctx.pageNumber, ctx.pageCount);
  return { text: `${view.titles[ctx.page]} ${n.text}`, short: n.short, shortAt: 4, tone: 'title' };
}

// Tags are stripped to measure what a tagged string takes on screen.
function visibleWidth(tagged: string): number {
  return cellWidth(tagged.replace(/\{\/?[\w\-,;!#]*\}/g, ''));
}

/**
 * The worst state in one line of big figures, each under a caption that says what it is (and repeats the figure
 * in small type). What does not fit is left out — the least urgent first, never a danger to make room for calm.
 */
function applyWorst(layout: GridLayout, view: WallView, palette: Palette): WallView['worst'] {
  const scale: BigScale = layout.plan.scale;
  const width = layout.captions.width;
  const gap = 3;
  // First the segments that fit at their figure's width and their caption's first part whole (a caption cut to
  // "救援力量 在岗 616 · ~" says less than the same words whole on the row below), the most urgent first;
  // then what is left widens captions, in line order.
  const minWidth = (seg: (typeof view.worst)[number]) =>
    Math.max(bigWidth(seg.figure, scale), cellWidth(withGlyph(seg.tone, seg.caption[0] ?? '')));
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
  const shown = new Set(placed.map((p) => p.seg));
  return view.worst.filter((seg) => !shown.has(seg));
}

// As many of the caption's parts as fit, each whole or in its shorter form; only the first is ever cut. A part in
// its shorter form is the last: what follows may refer to what it left out ("+3.12" to 汛限).
function captionIn(seg: WallView['worst'][number], width: number): string {
  let text = withGlyph(seg.tone, seg.caption[0] ?? '');
  for (const [i, part] of seg.caption.slice(1).entries()) {
    if (cellWidth(`${text}  ${part}`) <= width) {
      text = `${text}  ${part}`;
      continue;
    }
    const short = seg.captionShort?.[i + 1];
    if (short && cellWidth(`${text}  ${short}`) <= width) text = `${text}  ${short}`;
    break;
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
