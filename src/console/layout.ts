import { PANELS, type PanelId } from '../state/ui-state.js';

/** The narrowest terminal the console lays out for; below it a "too small" page is shown. */
export const MIN_COLUMNS = 80;
/** The shortest terminal the console lays out for. */
export const MIN_ROWS = 24;

/** The wide layout (two columns of panels) from this many columns… */
export const WIDE_COLUMNS = 120;
/** …and this many rows up. */
export const WIDE_ROWS = 34;

/** One panel's place: its column, its width, and how many rows it may use (its title line included). */
export type PanelSlot = { id: PanelId; column: 0 | 1; width: number; height: number; isCollapsed: boolean };

/** Where everything goes on a terminal of a given size. */
export type LayoutPlan =
  | { kind: 'too-small'; columns: number; rows: number }
  | {
      kind: 'compact' | 'wide';
      /** The frame: never as tall as the terminal (Ink 6.8 clears the screen on every frame that is). */
      width: number;
      height: number;
      headerRows: number;
      promptRows: number;
      footerRows: number;
      bodyRows: number;
      /** Column widths: one in compact, two (plus a one-column gap) in wide. */
      columns: readonly number[];
      panels: readonly PanelSlot[];
    };

/** What the layout depends on besides the terminal size. */
export type LayoutInput = {
  columns: number;
  rows: number;
  focus: PanelId;
  hasPrompt: boolean;
  /** The prompt's height as drawn (it grows when its lines wrap); by default {@link PROMPT_ROWS}. */
  promptRows?: number;
  isLowBandwidth: boolean;
};

/** Which layout a terminal gets: two columns when it is big enough and the link can afford it. */
export function layoutKind(
  input: Pick<LayoutInput, 'columns' | 'rows' | 'isLowBandwidth'>,
): 'compact' | 'wide' {
  return input.columns >= WIDE_COLUMNS && input.rows >= WIDE_ROWS && !input.isLowBandwidth
    ? 'wide'
    : 'compact';
}

const HEADER_ROWS = 2;
const FOOTER_ROWS = 1;
/** A prompt in compact mode is four lines; in wide mode it has a double border around five. */
export const PROMPT_ROWS = { compact: 4, wide: 7 } as const;

/** Plans the frame for a terminal of `columns` × `rows`. */
export function planLayout(input: LayoutInput): LayoutPlan {
  const { columns, rows } = input;
  if (columns < MIN_COLUMNS || rows < MIN_ROWS) return { kind: 'too-small', columns, rows };
  const kind = layoutKind(input);
  const isWide = kind === 'wide';
  // The bottom row stays empty: a frame as tall as the terminal makes Ink 6.8 clear and redraw it all (ink#450).
  const height = rows - 1;
  // However much the prompt wraps, the panels keep at least half the body.
  const maxPrompt = Math.floor((height - HEADER_ROWS - FOOTER_ROWS) / 2);
  const promptRows = input.hasPrompt ? Math.min(maxPrompt, input.promptRows ?? PROMPT_ROWS[kind]) : 0;
  const bodyRows = height - HEADER_ROWS - FOOTER_ROWS - promptRows;
  const base = {
    width: columns,
    height,
    headerRows: HEADER_ROWS,
    promptRows,
    footerRows: FOOTER_ROWS,
    bodyRows,
  };
  if (isWide) {
    const left = Math.floor((columns - 1) / 2);
    const right = columns - 1 - left;
    return {
      kind,
      ...base,
      columns: [left, right],
      panels: [
        ...stack(['alerts', 'incidents'], [3, 2], bodyRows).map((h, i) =>
          slot(i === 0 ? 'alerts' : 'incidents', 0, left, h),
        ),
        ...stack(['water', 'stock', 'log'], [3, 2, 2], bodyRows).map((h, i) =>
          slot((['water', 'stock', 'log'] as const)[i] ?? 'log', 1, right, h),
        ),
      ],
    };
  }
  return { kind, ...base, columns: [columns], panels: compactPanels(input.focus, columns, bodyRows) };
}

/**
 * The compact priority view: alerts and reporting deadlines always open, plus one more panel (the focused one,
 * else water); the rest collapse to their title line, which still says how many rows they hold.
 */
function compactPanels(focus: PanelId, width: number, bodyRows: number): PanelSlot[] {
  const third: PanelId = focus === 'alerts' || focus === 'incidents' ? 'water' : focus;
  const open: PanelId[] = ['alerts', 'incidents', third];
  const collapsed = PANELS.filter((p) => !open.includes(p));
  const weights = open.map((p) => (p === focus ? 4 : p === 'alerts' ? 3 : 2));
  const heights = stack(open, weights, bodyRows - collapsed.length);
  const byId = new Map<PanelId, PanelSlot>();
  for (const [i, id] of open.entries()) byId.set(id, slot(id, 0, width, heights[i] ?? 2));
  for (const id of collapsed) byId.set(id, { id, column: 0, width, height: 1, isCollapsed: true });
  // Tab order on screen, so moving the focus never reorders what the eye has learnt.
  return PANELS.map((id) => byId.get(id)).filter((s): s is PanelSlot => s !== undefined);
}

function slot(id: PanelId, column: 0 | 1, width: number, height: number): PanelSlot {
  return { id, column, width, height, isCollapsed: false };
}

/** Shares `rows` among panels by weight, each at least two rows (a title and one line); the sum is exactly `rows`. */
export function stack(ids: readonly PanelId[], weights: readonly number[], rows: number): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  const heights = ids.map((_, i) => Math.max(2, Math.floor((rows * (weights[i] ?? 1)) / total)));
  let spare = rows - heights.reduce((a, b) => a + b, 0);
  // Rounding leftovers go to the shortest panels; a shortfall is taken from the tallest.
  for (let i = 0; spare !== 0 && i < 100; i += 1) {
    const order = heights
      .map((h, j) => [h, j] as const)
      .sort((a, b) => (spare > 0 ? a[0] - b[0] : b[0] - a[0]));
    const j = order[0]?.[1] ?? 0;
    if (spare < 0 && (heights[j] ?? 0) <= 2) break;
    heights[j] = (heights[j] ?? 0) + Math.sign(spare);
    spare -= Math.sign(spare);
  }
  return heights;
}
