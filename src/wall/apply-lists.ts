import type { WallView } from '../state/selectors/wall-view.js';
import type { ApplyContext, PageApplier } from './apply-view.js';
import { stockBarText } from './bars.js';
import { cellWidth, type Widget } from './blessed-adapter.js';
import { fitCells, row, toned, truncate, widest, withGlyph } from './text-cells.js';

/** The incident title column never shrinks below this. */
const MIN_TITLE = 20;

/** The stock page: the county warehouse in full, then the township stores that are short. */
export const applyStock: PageApplier = (layout, view, ctx, title) => {
  title.setData(toned(view.titles.stock, 'title', ctx.palette));
  const { county, townships } = view.stock;
  layout.stock.county.setData(stockList(county, layout.stock.county, ctx));
  layout.stock.townships.setData(stockList(townships, layout.stock.townships, ctx));
};

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
export const applyIncidents: PageApplier = (layout, view, ctx, title) => {
  const { palette } = ctx;
  const inc = view.incidents;
  title.setData(toned(`${inc.title}  ${inc.totals}  ${inc.summary}`, 'title', palette));
  const table = layout.incidents;
  const [cLevel = '', cTitle = '', cCasualties = '', cDeadline = '', cAge = ''] = inc.columns;
  const level = widest([cLevel, ...inc.rows.map((r) => withGlyph(r.tone, r.level))], 18);
  const age = widest([cAge, ...inc.rows.map((r) => r.age)], 6);
  // Laid out by what must be read (issue 20.1): the deadline the desk acts on and the casualties whole, the title
  // the rest. Casualties that would leave the title under 20 cells wrap onto the rows below, never cut.
  const deadline = widest([cDeadline, ...inc.rows.map((r) => r.deadline)], 22);
  const casualties = Math.min(
    widest([cCasualties, ...inc.rows.map((r) => r.casualties)], table.width),
    Math.max(12, table.width - level - age - deadline - 4 - MIN_TITLE),
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
  const continued = (text: string) =>
    row(
      [
        { text: '', width: level },
        { text: '', width: titleW },
        { text, width: casualties },
        { text: '', width: deadline },
        { text: '', width: age },
      ],
      palette,
    );
  const blocks =
    inc.rows.length === 0
      ? [[toned(inc.empty, 'ok', palette)]]
      : inc.rows.map((r) => {
          const [first = '', ...rest] = wrapWords(r.casualties, casualties);
          return [
            row(
              [
                { text: withGlyph(r.tone, r.level), width: level, tone: r.tone },
                { text: r.title, width: titleW },
                { text: first, width: casualties },
                { text: r.deadline, width: deadline, tone: r.deadlineTone },
                { text: r.age, width: age, align: 'right' },
              ],
              palette,
            ),
            ...rest.map(continued),
          ];
        });
  // Whole incidents only: one whose casualties would run off the foot of the table is counted in "+N" instead.
  const rows: string[] = [];
  let shown = 0;
  for (const block of blocks) {
    if (rows.length + block.length > table.height) break;
    rows.push(...block);
    shown += 1;
  }
  const more = inc.more + (inc.rows.length === 0 ? 0 : inc.rows.length - shown);
  table.setData({ label: ` ${inc.title}${more ? ` (+${more})` : ''} `, header, rows });
};

/**
 * `text` in lines of at most `width` cells: whole phrases where they fit ("3 dead," / "2 injured,"; Chinese
 * "死亡3 重伤1"), a phrase longer than a line broken at its spaces; a word longer than a line is cut only then.
 */
export function wrapWords(text: string, width: number): string[] {
  if (cellWidth(text) <= width) return [text];
  const lines: string[] = [];
  let line = '';
  const add = (piece: string) => {
    const next = line === '' ? piece.trimStart() : line + piece;
    if (line !== '' && cellWidth(next.trimEnd()) > width) {
      lines.push(line.trimEnd());
      line = piece.trimStart();
    } else line = next;
  };
  for (const phrase of text.split(/(?<=[,，、])/)) {
    if (cellWidth(phrase.trim()) <= width) add(phrase);
    else {
      // A long phrase starts a line of its own, so its words stay together as far as they can.
      if (line !== '') lines.push(line.trimEnd());
      line = '';
      for (const word of phrase.split(/(?<= )/)) add(word);
    }
  }
  if (line.trim() !== '') lines.push(line.trimEnd());
  return lines;
}

/** The alert log: unacknowledged first, with who acknowledged or was notified. */
export const applyAlerts: PageApplier = (layout, view, ctx, title) => {
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
  // The last row says how many are left out, rather than a full page reading as every alert there is.
  const hidden = alerts.more + Math.max(0, alerts.rows.length - log.height);
  const shown = alerts.rows.slice(0, hidden > 0 ? log.height - 1 : log.height);
  const more = alerts.more + alerts.rows.length - shown.length;
  const titles = distinctTitles(
    shown.map((r) => r.title),
    titleW,
  );
  log.setData([
    ...shown.map((r, i) =>
      row(
        [
          { text: r.time, width: 5 },
          { text: withGlyph(r.tone, r.state), width: stateW, tone: r.tone },
          { text: titles[i] ?? '', width: titleW, tone: r.tone === 'stale' ? 'stale' : 'text' },
          { text: r.who, width: whoW },
        ],
        palette,
      ),
    ),
    ...(more > 0 ? [toned(alerts.moreText(more), 'title', palette)] : []),
  ]);
};

/**
 * Titles cut to `width` cells so that different ones still look different: where two would be cut to the same
 * text (three alerts about one incident, "王岗镇梁桥村砖厂窑棚坍塌，1人死亡~"), the part they share is cut short
 * and the part that tells them apart is shown ("王岗镇梁桥村~较大涉险：涉险10人以上").
 */
export function distinctTitles(titles: string[], width: number): string[] {
  const cut = titles.map((t) => truncate(t, width));
  return titles.map((title, i) => {
    if (cellWidth(title) <= width) return title;
    const twins = titles.filter((_other, j) => j !== i && cut[j] === cut[i]);
    if (twins.length === 0) return cut[i] as string;
    // Where this title parts from the others that look the same when cut.
    let common = 0;
    const chars = [...title];
    for (const other of twins) {
      const o = [...other];
      let k = 0;
      while (k < chars.length && k < o.length && chars[k] === o[k]) k += 1;
      common = Math.max(common, k);
    }
    const head = truncate(chars.slice(0, common).join(''), Math.min(HEAD_CELLS, Math.floor(width / 3)));
    const tail = chars.slice(common).join('');
    return truncate(`${head}${tail}`, width);
  });
}

/** How much of a shared beginning is kept in front of the part that differs. */
const HEAD_CELLS = 14;
