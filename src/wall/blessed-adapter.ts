// Over 250 lines on purpose: the only module that imports blessed (STYLE), so the screen and every widget the wall
// draws (page, text, line chart, table, log) are wrapped here, behind the small interfaces the rest of it sees.
import type { Readable, Writable } from 'node:stream';
import blessed from 'blessed';
import contrib from 'blessed-contrib';

// The only module that imports blessed or blessed-contrib (STYLE: the wall sits behind one adapter). Everything
// else sees the small interfaces below, so tests can stand fake widgets in for real ones.

/** A widget the view is poured into: one `setData` call per update, and its size in cells. */
export type Widget<T> = { setData(data: T): void; readonly width: number; readonly height: number };

/** A series of a line chart: one value per x label. */
export type ChartSeries = { title: string; x: string[]; y: number[]; colour: number };

/** A value written on a chart's y axis, at its height, in a colour (a line's own level, beside the line). */
export type AxisLabel = { value: number; text: string; colour: number };

/**
 * What a line chart draws: its label, y range (set explicitly: contrib floors the axis at 0 otherwise), series,
 * and the values on its y axis, most important first (one that would share a row with another is left out).
 */
export type ChartData = {
  label: string;
  minY: number;
  maxY: number;
  series: ChartSeries[];
  yLabels: AxisLabel[];
};

/** A table's header line and its rows, each already laid out to the table's width. */
export type TableData = { label: string; header: string; rows: string[] };

/** A group of widgets shown or hidden together: one carousel page. */
export type Page = { show(): void; hide(): void };

/** Where a widget sits, in cells, relative to its page. */
export type Rect = { top: number; left: number; width: number; height: number };

/** What the layout may create on a screen. */
export type WidgetFactory = {
  /** A page occupying `rect` of the screen; the rects of its widgets are relative to it. */
  page(rect: Rect): Page;
  /** A text box; `border` draws a frame and shrinks the inner size by two. Content uses blessed tags. */
  text(
    parent: Page | undefined,
    rect: Rect,
    options?: { border?: number; isBanner?: boolean },
  ): Widget<string>;
  /** A braille line chart (never in TTY mode: the Linux console has no braille). */
  line(parent: Page, rect: Rect, colours: { text: number; border: number }): Widget<ChartData>;
  table(parent: Page, rect: Rect, colours: { border: number; text: number }): Widget<TableData>;
  log(parent: Page, rect: Rect, colours: { border: number }): Widget<string[]>;
};

/** The streams and terminal type a wall screen is drawn on. */
export type ScreenOptions = {
  output?: Writable & { columns?: number; rows?: number };
  input?: Readable;
  /** The terminfo entry to use, chosen explicitly (see terminal-mode.ts). */
  terminal: string;
};

/** A blessed screen behind a narrow interface: size, render, teardown, resize and keys, and what is drawn. */
export type WallScreen = {
  readonly cols: number;
  readonly rows: number;
  /** Number of colours the terminal entry offers (8 on the Linux console, 256 on xterm-256color). */
  readonly colours: number;
  factory: WidgetFactory;
  render(): void;
  /** Removes every widget (before a rebuild for a new size). */
  clear(): void;
  onResize(listener: () => void): void;
  onKey(keys: string[], listener: (key: string) => void): void;
  /** The screen as drawn, one string per row, wide characters once (for tests and the soak script). */
  text(): string[];
  /** Restores the terminal: leaves the alternate screen, shows the cursor, resets modes. Safe to call twice. */
  destroy(): void;
};

type Element = blessed.Widgets.BlessedElement;

// Parts of blessed its type definitions leave out.
type Untyped = {
  unicode: { strWidth(text: string): number };
};
/** The drawing context of a contrib canvas, as far as the wall uses it. */
type CanvasText = { fillText(text: string, x: number, y: number): void; fillStyle: unknown };
/** Dots contrib's line chart keeps under its plot for the time axis (yPadding in its line.js). */
const CONTRIB_Y_PADDING = 11;
type ScreenInternals = { lines: [number, string][][]; tput: { colors: number } };

/** Display width of `text` in cells, as blessed measures it (CJK 2, combining marks 0). */
export function cellWidth(text: string): number {
  return (blessed as unknown as Untyped).unicode.strWidth(text);
}

/** Opens a blessed screen with the settings the wall needs on every terminal. */
// Most of the screen is the same from one second to the next: blessed need not parse or draw it again, so a widget
// draws only when the key of its data has changed.
function redrawnOnChange<T>(
  width: number,
  height: number,
  keyOf: (data: T) => string,
  draw: (data: T) => void,
): Widget<T> {
  let last: string | undefined;
  return {
    width,
    height,
    setData(data) {
      const key = keyOf(data);
      if (key === last) return;
      last = key;
      draw(data);
    },
  };
}

export function createWallScreen(options: ScreenOptions): WallScreen {
  const screen = blessed.screen({
    ...(options.output ? { output: options.output } : {}),
    ...(options.input ? { input: options.input } : {}),
    terminal: options.terminal,
    // CJK needs fullUnicode; forceUnicode because a systemd service usually runs without a UTF-8 LANG.
    fullUnicode: true,
    forceUnicode: true,
    smartCSR: true,
    warnings: false,
    autoPadding: false,
    // No window title: the Linux console takes an OSC it does not know as text.
  } as blessed.Widgets.IScreenOptions);
  screen.program.hideCursor();
  // With UTF-8 forced, box drawing goes out as UTF-8: the DEC line-drawing set (ACS) blessed would otherwise
  // switch to is unreliable through tmux and screen, and the Linux console does not have it at all.
  (screen as unknown as { tput: { brokenACS: boolean } }).tput.brokenACS = true;
  const internals = screen as unknown as ScreenInternals;
  let isDestroyed = false;
  const elements: Element[] = [];
  const track = <T extends Element>(el: T): T => {
    elements.push(el);
    return el;
  };
  const parentOf = (page: Page | undefined) => (page as unknown as Element | undefined) ?? screen;
  // Tracked so clear() can destroy it; appended because contrib canvases make their surface on 'attach'.
  const mount = <T extends Element>(parent: Page | undefined, el: T): T => {
    parentOf(parent).append(track(el));
    return el;
  };
  const box = (rect: Rect) => ({ ...rect, tags: true, wrap: false });
  // How every contrib widget here is framed: a line border in the border colour, content with blessed tags.
  const framed = (rect: Rect, border: number) => ({
    ...rect,
    tags: true,
    border: { type: 'line', fg: border },
  });
  const factory: WidgetFactory = {
    page(rect) {
      const el = track(blessed.box({ ...rect, hidden: true }));
      screen.append(el);
      return el as unknown as Page;
    },
    text(parent, rect, opts = {}) {
      const el = mount(
        parent,
        blessed.box({
          ...box(rect),
          ...(opts.border !== undefined
            ? { border: { type: 'line' }, style: { border: { fg: opts.border } } }
            : {}),
          ...(opts.isBanner ? { hidden: true } : {}),
        }),
      );
      const inner = opts.border !== undefined ? 2 : 0;
      return redrawnOnChange(
        rect.width - inner,
        rect.height - inner,
        (text: string) => text,
        (text) => {
          // The banner is the one widget that comes and goes: empty text hides it.
          if (opts.isBanner) {
            if (text === '') el.hide();
            else el.show();
          }
          el.setContent(text);
        },
      );
    },
    line(parent, rect, colours) {
      const chart = mount(
        parent,
        contrib.line({
          ...framed(rect, colours.border),
          label: ' ',
          // contrib's legend box sits over the right end of the plot, which is the newest data; the tile beside
          // the chart says what each line is instead.
          showLegend: false,
          numYLabels: Math.max(2, Math.floor(rect.height / 3)),
          style: { text: colours.text, baseline: colours.border },
        } as unknown as contrib.Widgets.LineOptions) as unknown as Element,
      );
      return redrawnOnChange(
        rect.width - 2,
        rect.height - 2,
        (data: ChartData) => JSON.stringify(data),
        (data) => {
          const line = chart as unknown as contrib.Widgets.LineElement & {
            setData(d: unknown): void;
            clear(): void;
          };
          chart.setLabel(data.label);
          // contrib reads the first series' x labels unconditionally: with nothing to plot, just blank the canvas.
          if (data.series.length === 0) {
            line.clear();
            return;
          }
          line.options.minY = data.minY;
          line.options.maxY = data.maxY;
          // contrib's own y labels are rounded to whole metres once the step reaches a metre, and written where
          // the rounded value does not belong (issue 20.3); the axis carries the labels given instead, room made
          // for the widest.
          const widest = Math.max(0, ...data.yLabels.map((l) => l.text.length));
          line.options.xPadding = Math.max(10, 2 * (widest + 1));
          const ctx = (line as unknown as { ctx: CanvasText }).ctx;
          const canvasRows = rect.height * 4 - 8;
          const plotBottom = canvasRows - CONTRIB_Y_PADDING;
          const fillText = ctx.fillText;
          // Only the time axis (written under the plot) gets through while contrib draws.
          ctx.fillText = (text, x, y) => {
            if (y >= plotBottom) fillText.call(ctx, text, x, y);
          };
          try {
            line.setData(
              data.series.map((s) => ({ title: s.title, x: s.x, y: s.y, style: { line: s.colour } })),
            );
          } finally {
            ctx.fillText = fillText;
          }
          const taken = new Set<number>();
          for (const label of data.yLabels) {
            // Where contrib plots `value` (getYPixel in its line.js), in braille dots; four to a text row.
            const y = plotBottom - (plotBottom / (data.maxY - data.minY)) * (label.value - data.minY) - 2;
            const row = Math.floor(y / 4);
            if (row < 0 || y >= plotBottom || taken.has(row)) continue;
            taken.add(row);
            ctx.fillStyle = label.colour;
            fillText.call(ctx, label.text, 0, y);
          }
        },
      );
    },
    table(parent, rect, colours) {
      // One column wide as the table: contrib pads cells by string length, which is wrong for CJK, so the
      // rows arrive already laid out by display width (see text-cells.ts).
      const table = mount(
        parent,
        contrib.table({
          ...framed(rect, colours.border),
          label: ' ',
          columnWidth: [1000],
          columnSpacing: 0,
          interactive: false,
          fg: colours.text,
        } as unknown as contrib.Widgets.TableOptions) as unknown as Element,
      );
      // One cell short of the list: blessed wraps an item that fills its width exactly when colour codes
      // follow the last cell, moving the last word to a line nobody sees.
      return redrawnOnChange(
        rect.width - 4,
        rect.height - 4,
        (data: TableData) => JSON.stringify(data),
        (data) => {
          table.setLabel(data.label);
          (table as unknown as { setData(d: unknown): void }).setData({
            headers: [data.header],
            data: data.rows.map((r) => [r]),
          });
        },
      );
    },
    log(parent, rect, colours) {
      const log = mount(
        parent,
        contrib.log({
          ...framed(rect, colours.border),
          bufferLength: rect.height,
        } as unknown as contrib.Widgets.LogOptions) as unknown as Element,
      );
      // One cell short, for the reason given for the table. The whole list each time: the view is the truth,
      // not a stream of appended lines.
      return redrawnOnChange(
        rect.width - 3,
        rect.height - 2,
        (lines: string[]) => lines.join('\n'),
        (lines) => {
          (log as unknown as blessed.Widgets.ListElement).setItems(
            lines as unknown as blessed.Widgets.ListElement[],
          );
        },
      );
    },
  };
  return {
    get cols() {
      return screen.cols;
    },
    get rows() {
      return screen.rows;
    },
    get colours() {
      return internals.tput.colors;
    },
    factory,
    render() {
      screen.render();
    },
    clear() {
      for (const el of elements.splice(0)) el.destroy();
    },
    onResize(listener) {
      screen.on('resize', listener);
    },
    onKey(keys, listener) {
      screen.key(keys, (_ch, key) => listener(key.full));
    },
    text() {
      return internals.lines.map((row) =>
        row
          .map((cell) => cell[1])
          .join('')
          .replaceAll('\u0003', ''),
      );
    },
    destroy() {
      if (isDestroyed) return;
      isDestroyed = true;
      screen.destroy();
    },
  };
}
