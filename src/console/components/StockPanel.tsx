import type { StockRow } from '../../state/selectors/stock.js';
import type { Cell, ColumnSpec } from '../columns.js';
import { useConsoleLook } from '../console-context.js';
import type { Strings } from '../strings.js';
import { type DataPanelProps, headersOf, TablePanel } from './TablePanel.js';

type Key = 'warehouse' | 'item' | 'qty' | 'short' | 'status' | 'age';

const COLUMNS: readonly ColumnSpec<Key>[] = [
  { key: 'warehouse', width: 12, isFlex: true },
  { key: 'item', width: 10 },
  { key: 'qty', width: 18, align: 'right' },
  { key: 'short', width: 7, align: 'right', drop: 2 },
  { key: 'status', width: 10 },
  { key: 'age', width: 6, align: 'right', drop: 1 },
];

/** Severity as a word with its tone; an item never counted says so rather than showing a plain zero. */
export function stockStatusCell(row: StockRow, s: Strings): Cell {
  if (!row.isReported) return { text: s.unreported, tone: 'warning', isBold: true };
  if (row.severity === 'critical') return { text: s.stockSeverity.critical, tone: 'critical', isBold: true };
  if (row.severity === 'low') return { text: s.stockSeverity.low, tone: 'warning' };
  if (row.expiringLots.length > 0) {
    return { text: s.expiring(row.expiringLots.reduce((n, l) => n + l.quantity, 0)), tone: 'info' };
  }
  return { text: s.stockSeverity.ok, tone: 'muted' };
}

/** Stock lines, shortfalls first: warehouse, item, quantity against the minimum. */
export function StockPanel(props: DataPanelProps<StockRow>) {
  const { strings: s } = useConsoleLook();
  const short = props.rows.filter((r) => r.isBelowMinimum).length;
  return (
    <TablePanel
      {...props}
      title={s.panels.stock}
      summary={`${s.stockSeverity.low} ${short} / ${props.rows.length}`}
      columns={COLUMNS}
      headers={{ ...headersOf(['warehouse', 'item', 'qty', 'short', 'age'], s.columns.stock), status: '' }}
      rowKey={(r) => `${r.warehouse}/${r.item}`}
      cells={(r) => ({
        warehouse: { text: r.warehouseName },
        item: { text: r.itemName },
        qty: {
          // Usable against the minimum; expired lots beside it, never counted in it.
          text: `${r.usable}/${r.minimum} ${r.unit}${r.expiredQuantity > 0 ? ` ${s.expiredShort(r.expiredQuantity)}` : ''}`,
          isBold: r.isBelowMinimum,
        },
        short: { text: r.shortfall > 0 ? `-${r.shortfall}` : '', tone: 'critical' },
        status: stockStatusCell(r, s),
        age: { text: r.ageText, tone: 'muted' },
      })}
    />
  );
}
