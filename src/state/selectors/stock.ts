import { isInSeason } from '../../domain/flood-limit.js';
import { formatAge } from '../../domain/format.js';
import { type ExpiringLot, type StockSeverity, stockStatus } from '../../domain/stock-status.js';
import type { Item, StockFeed, Warehouse } from '../../protocol/index.js';
import { stockKey, type WatchState } from '../watch-state.js';
import { nameOf, type SelectOptions, timeContext } from './context.js';

/** One item in one warehouse as the stock table shows it. */
export type StockRow = {
  warehouse: string;
  warehouseName: string;
  item: string;
  itemName: string;
  /** On the books, expired lots included. */
  quantity: number;
  /** What can be issued (expired lots left out): this is what is measured against the minimum. */
  usable: number;
  minimum: number;
  shortfall: number;
  unit: string;
  severity: StockSeverity;
  isBelowMinimum: boolean;
  /** Lots expiring within the item's warning window or already expired, soonest first. */
  expiringLots: ExpiringLot[];
  expiredQuantity: number;
  /** False for a (warehouse, item) with a minimum that was never counted: shown as zero, never as fine. */
  isReported: boolean;
  ageMs: number | undefined;
  ageText: string;
};

const SEVERITY_RANK: Readonly<Record<StockSeverity, number>> = { critical: 0, low: 1, ok: 2 };

/**
 * Every balance plus every required item never counted: counted shortfalls first (critical, then low, larger
 * shortfall first), then lines never counted, then lines with expiring lots, then the rest in config order.
 */
export function selectStockRows(state: WatchState, now: number, opts: SelectOptions): StockRow[] {
  const county = state.county;
  if (!county) return [];
  const { at, utcOffset } = timeContext(state, now);
  const statusOpts = { utcOffset, inFloodSeason: isInSeason(county.floodSeason, at, utcOffset) };
  const rows: { row: StockRow; order: number }[] = [];
  const warehouseOrder = [...state.warehouses.keys()];
  const itemOrder = [...state.items.keys()];
  const orderOf = (w: string, i: string) => rank(warehouseOrder, w) * 10_000 + rank(itemOrder, i);
  const add = (warehouse: Warehouse, item: Item, balance: StockFeed | undefined) => {
    const lots = (balance?.lots ?? []).map((l) => ({ ...l, expiresOn: l.expiresOn ?? undefined }));
    const status = stockStatus({ warehouse, item, quantity: balance?.quantity ?? 0, lots }, at, statusOpts);
    const ageMs = balance ? Math.max(0, at - balance.updatedAt) : undefined;
    rows.push({
      order: orderOf(warehouse.code, item.code),
      row: {
        warehouse: warehouse.code,
        warehouseName: nameOf(warehouse, opts.names),
        item: item.code,
        itemName: nameOf(item, opts.names),
        quantity: status.quantity,
        usable: status.usable,
        minimum: status.minimum,
        shortfall: status.shortfall,
        unit: opts.names === 'zh' ? item.unit : item.unitAscii,
        severity: status.severity,
        isBelowMinimum: status.isBelowMinimum,
        expiringLots: status.expiringLots,
        expiredQuantity: status.expiredQuantity,
        isReported: balance !== undefined,
        ageMs,
        ageText: formatAge(ageMs),
      },
    });
  };
  for (const balance of state.stock.values()) {
    const warehouse = state.warehouses.get(balance.warehouse);
    const item = state.items.get(balance.item);
    if (warehouse && item) add(warehouse, item, balance);
  }
  // A minimum with no balance at all is a shortfall of everything: the store may never have been counted.
  for (const warehouse of state.warehouses.values()) {
    for (const [itemCode, minimum] of Object.entries(warehouse.minimums)) {
      const item = state.items.get(itemCode);
      if (item && minimum > 0 && !state.stock.has(stockKey(warehouse.code, itemCode))) {
        add(warehouse, item, undefined);
      }
    }
  }
  // Real shortages (counted, below minimum) first; a line never counted reads as zero and comes after them, so
  // a dozen uncounted village stores cannot push a county warehouse that is out of tents off the panel.
  const need = (r: StockRow) => (r.isBelowMinimum && r.isReported ? 0 : r.isReported ? 2 : 1);
  rows.sort(
    (a, b) =>
      need(a.row) - need(b.row) ||
      SEVERITY_RANK[a.row.severity] - SEVERITY_RANK[b.row.severity] ||
      b.row.shortfall - a.row.shortfall ||
      Number(b.row.expiringLots.length > 0) - Number(a.row.expiringLots.length > 0) ||
      a.order - b.order,
  );
  return rows.map((r) => r.row);
}

// Unknown codes sort last rather than first.
function rank(order: readonly string[], code: string): number {
  const i = order.indexOf(code);
  return i === -1 ? order.length : i;
}
