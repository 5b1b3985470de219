import { Text } from 'ink';
import { type Cell, type ColumnSpec, fitCells, placeColumns } from '../columns.js';
import { useConsoleLook } from '../console-context.js';
import { fitWidth } from '../text-width.js';
import { Line } from './Line.js';
import { Panel, windowTop } from './Panel.js';

/** What every data panel is given by the App: its rows, its place, and how to draw. */
export type DataPanelProps<Row> = {
  rows: readonly Row[];
  selectedKey: string | undefined;
  isFocused: boolean;
  /** Collapsed to its title line (compact layout): the note says what it holds. */
  isCollapsed: boolean;
  width: number;
  height: number;
  /** Since when the data is frozen, when it is. */
  stale: { since: string; age: string } | undefined;
  filter: string;
  showColumnHeaders: boolean;
  showSparklines: boolean;
};

/** Props of {@link TablePanel}: a data panel plus its columns and how a row becomes cells. */
export type TablePanelProps<Row, K extends string> = DataPanelProps<Row> & {
  title: string;
  /** The counts for the title line, e.g. `3 triggered / 12`. */
  summary: string;
  columns: readonly ColumnSpec<K>[];
  headers: Readonly<Record<K, string>>;
  rowKey(row: Row): string;
  cells(row: Row): Readonly<Record<K, Cell>>;
  /** A row that is itself not current (a stale station, a closed alert) is drawn dim. */
  isRowDim?(row: Row): boolean;
};

/** The header row: the header strings (in the order the strings list them) under their column keys. */
export function headersOf<const K extends string>(
  keys: readonly K[],
  titles: readonly string[],
): Record<K, string> {
  return Object.fromEntries(keys.map((key, i) => [key, titles[i] ?? ''])) as Record<K, string>;
}

/**
 * A panel drawn as a table: a windowed slice of its rows that keeps the selection in view, each row fitted to
 * the column widths with the one width function.
 */
export function TablePanel<Row, K extends string>(props: TablePanelProps<Row, K>) {
  const { strings, theme } = useConsoleLook();
  const { rows, width, height, stale } = props;
  const staleNote = stale ? strings.staleSince(stale.since, stale.age) : '';
  const filterNote = props.filter ? strings.filtered(props.filter) : '';
  const note = [props.summary, filterNote, staleNote].filter(Boolean).join('  ');
  // One column for the selection marker.
  const columns = placeColumns(props.columns, width - 1);
  const headerRows = props.showColumnHeaders && height > 3 ? 1 : 0;
  const bodyRows = Math.max(0, height - 1 - headerRows);
  const index = Math.max(
    0,
    rows.findIndex((r) => props.rowKey(r) === props.selectedKey),
  );
  const top = windowTop(index, bodyRows, rows.length);
  const shown = rows.slice(top, top + bodyRows);
  const selectedKey = rows[index] === undefined ? undefined : props.rowKey(rows[index] as Row);
  return (
    <Panel
      title={props.title}
      note={note}
      width={width}
      height={props.isCollapsed ? 1 : height}
      isFocused={props.isFocused}
      isStale={stale !== undefined}
    >
      {props.isCollapsed ? null : (
        <>
          {headerRows > 0 ? (
            <Line
              cells={fitCells(
                columns,
                Object.fromEntries(
                  columns.map((c) => [c.key, { text: props.headers[c.key], tone: 'muted' }]),
                ) as Record<K, Cell>,
                theme,
              )}
              width={width}
              isDim
            />
          ) : null}
          {shown.length === 0 ? (
            <Text dimColor>{fitWidth(theme.text(` ${strings.noRows}`), width)}</Text>
          ) : (
            shown.map((row) => {
              const key = props.rowKey(row);
              return (
                <Line
                  key={key}
                  cells={fitCells(columns, props.cells(row), theme)}
                  width={width}
                  isSelected={key === selectedKey}
                  isFocused={props.isFocused}
                  isDim={stale !== undefined || props.isRowDim?.(row) === true}
                />
              );
            })
          )}
        </>
      )}
    </Panel>
  );
}
