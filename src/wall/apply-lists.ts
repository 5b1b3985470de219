import type { WallView } from '../state/selectors/wall-view.js';
import type { ApplyContext } from './apply-view.js';
import { stockBarText } from './bars.js';
import { cellWidth, type Widget } from './blessed-adapter.js';
import type { GridLayout } from './layout.js';
import { fitCells, row, toned, truncate, withGlyph } from './text-cells.js';

/** The incident title column never shrinks below this. */
const MIN_TITLE = 20;

/** The stock page: the county warehouse in full, then the township stores that are short. */
export function applyStock(
  layout: GridLayout,
  view: WallView,
  ctx: ApplyContext,
  title: Widget<string>,
): void {
  title.setData(toned(view.titles.stock, 'title', ctx.palette));
  const { county, townships } = view.stock;
  layout.stock.county.setData(stockList(county, layout.stock.county, ctx));
  layout.stock.townships.setData(stockList(townships, layout.stock.townships, ctx));
}

function stockList(list: WallView['stock']['county'], box: Widget<string>, ctx: ApplyContext): string {
  const { palette } = ctx;
  const more = list.more + Math.max(0, list.rows.length - (box.height - 1));
  const head = toned(truncate(`${list.title}${more ? `  (+${more})` : ''}`, box.width), 'title', palette);
  if (list.rows.length === 0) return `${head}\n${toned(list.empty, 'ok', palette)}`;
  const rows = list.rows.slice(0, box.height - 1);
  // The unit goes first when the column is narrow: the bar is the point of the page.
  const withUnit = box.width >= 60;
  const figures = rows.map((r) => (withUnit ? `${r.figures} ${r.unit}` : r.figures));
  const figuresW = Math.min(18, Math.max(...figures.map(cellWidth)));
  const wordW = Math.max(...rows.map((r) => cellWidth(withGlyph(r.tone, r.word))));
  const fixed = figuresW + wordW + 3;
  const labelW = Math.min(
    Math.max(...rows.map((r) => cellWidth(r.label))),
    Math.max(6, box.width - fixed - 12),
  );
  const barW = Math.max(1, box.width - fixed - labelW);
  const lines = rows.map(
    (r, i) =>
      `${toned(fitCells(r.label, labelW), 'text', palette)} ${stockBarText(r.ratio, barW, r.tone, palette, ctx.glyphs)} ` +
      `${toned(fitCells(figures[i] ?? '', figuresW, 'right'), 'text', palette)} ${toned(fitCells(withGlyph(r.tone, r.word), wordW), r.tone, palette)}`,
  );
  return [head, ...lines].join('\n');
}

/** The incident table, laid out by display width (contrib pads by string length, wrong for CJK). */
export function applyIncidents(
  layout: GridLayout,
  view: WallView,
  ctx: ApplyContext,
  title: Widget<string>,
): void {
  const { palette } = ctx;
  const inc = view.incidents;
  title.setData(toned(`${inc.title}  ${inc.summary}`, 'title', palette));
  const table = layout.incidents;
  const widest = (cells: string[], cap: number) => Math.min(cap, Math.max(0, ...cells.map(cellWidth)));
  const [cLevel = '', cTitle = '', cCasualties = '', cDeadline = '', cAge = ''] = inc.columns;
  const level = widest([cLevel, ...inc.rows.map((r) => withGlyph(r.tone, r.level))], 18);
  const age = widest([cAge, ...inc.rows.map((r) => r.age)], 6);
  // The deadline is what the desk acts on, so it gets its width first; casualties next; the title the rest.
  const deadline = widest([cDeadline, ...inc.rows.map((r) => r.deadline)], 22);
  const casualties = Math.min(
    widest([cCasualties, ...inc.rows.map((r) => r.casualties)], 28),
    Math.max(10, table.width - level - age - deadline - 4 - MIN_TITLE),
  );
  const titleW = Math.max(0, table.width - level - age - casualties - deadline - 4);
  const header = row(
    [
      { text: cLevel, width: level },
      { text: cTitle, width: titleW },
      { text: cCasualties, width: casualties },
      { text: cDeadline, width: deadline },
      { text: cAge, width: age, align: 'right' },
    ],
    palette,
  );
  const rows =
    inc.rows.length === 0
      ? [toned(inc.empty, 'ok', palette)]
      : inc.rows.map((r) =>
          row(
            [
              { text: withGlyph(r.tone, r.level), width: level, tone: r.tone },
              { text: r.title, width: titleW },
              { text: r.casualties, width: casualties },
              { text: r.deadline, width: deadline, tone: r.deadlineTone },
              { text: r.age, width: age, align: 'right' },
            ],
            palette,
          ),
        );
  const more = inc.more + Math.max(0, inc.rows.length - table.height);
  table.setData({
    label: ` ${inc.title}${more ? ` (+${more})` : ''} `,
    header,
    rows: rows.slice(0, table.height),
  });
}

/** The alert log: unacknowledged first, with who acknowledged or was notified. */
export function applyAlerts(
  layout: GridLayout,
  view: WallView,
  ctx: ApplyContext,
  title: Widget<string>,
): void {
  const { palette } = ctx;
  const alerts = view.alerts;
  title.setData(toned(`${alerts.title}  ${alerts.summary}`, 'title', palette));
  const log = layout.alerts;
  if (alerts.rows.length === 0) {
    log.setData([toned(alerts.empty, 'ok', palette)]);
    return;
  }
  const stateW = Math.max(...alerts.rows.map((r) => cellWidth(withGlyph(r.tone, r.state))));
  const whoW = Math.min(24, Math.max(...alerts.rows.map((r) => cellWidth(r.who))));
  const titleW = Math.max(10, log.width - 5 - stateW - whoW - 3);
  log.setData(
    alerts.rows.slice(0, log.height).map((r) =>
      row(
        [
          { text: r.time, width: 5 },
          { text: withGlyph(r.tone, r.state), width: stateW, tone: r.tone },
          { text: r.title, width: titleW, tone: r.tone === 'stale' ? 'stale' : 'text' },
          { text: r.who, width: whoW },
        ],
        palette,
      ),
    ),
  );
}
