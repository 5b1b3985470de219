import { NO_VALUE } from '../../domain/format.js';
import type { WatchState } from '../watch-state.js';
import { nameOf } from './context.js';
import type { StockRow } from './stock.js';
import { type WallList, wallList } from './wall-list.js';
import type { WallTone } from './wall-tone.js';
import type { WallWords } from './wall-words.js';

/** One stock line as a bar of quantity against minimum. */
export type StockBar = {
  label: string;
  /** Usable quantity ÷ minimum; undefined where no minimum is set. */
  ratio: number | undefined;
  /** `usable/minimum` (and expired lots beside it), the unit apart, so a narrow column can leave it out. */
  figures: string;
  unit: string;
  tone: WallTone;
  word: string;
};

/** The stock page: the county store and the township stores, each a list of bars. */
export type StockLists = { county: WallList<StockBar>; townships: WallList<StockBar> };

const SEVERITY_TONE: Readonly<Record<StockRow['severity'], WallTone>> = {
  critical: 'danger',
  low: 'warning',
  ok: 'ok',
};

function stockBar(row: StockRow, label: string, t: WallWords): StockBar {
  const expiring = row.expiringLots.length > 0;
  const word = !row.isReported
    ? t.stockWords.unreported
    : row.severity !== 'ok'
      ? t.stockWords[row.severity]
      : expiring
        ? t.stockWords.expiring
        : t.stockWords.ok;
  return {
    label,
    ratio: row.minimum > 0 ? row.usable / row.minimum : undefined,
    figures:
      `${row.usable}/${row.minimum > 0 ? row.minimum : t.noMinimum}` +
      (row.expiredQuantity > 0 ? ` ${t.expiredBeside(row.expiredQuantity)}` : ''),
    unit: row.unit,
    tone: !row.isReported
      ? 'stale'
      : row.severity === 'ok' && expiring
        ? 'watch'
        : SEVERITY_TONE[row.severity],
    word,
  };
}

/** The county store in full; township stores only where something is short or expiring, worst first. */
export function stockLists(state: WatchState, rows: StockRow[], t: WallWords, max: number): StockLists {
  const tier = (row: StockRow) => state.warehouses.get(row.warehouse)?.tier;
  const countyRows = rows.filter((r) => tier(r) === 'county' && (r.minimum > 0 || r.severity !== 'ok'));
  const countyNames = [...new Set(countyRows.map((r) => r.warehouseName))];
  // A store never counted is unknown rather than empty: counted shortfalls come first.
  const township = rows
    .filter((r) => tier(r) !== 'county' && (r.severity !== 'ok' || r.expiringLots.length > 0))
    .sort((a, b) => Number(!a.isReported) - Number(!b.isReported));
  const unreported = township.filter((r) => !r.isReported).length;
  const placeOf = (row: StockRow) => {
    const code = state.warehouses.get(row.warehouse)?.township;
    const place = state.county?.townships.find((tw) => tw.code === code);
    return place ? nameOf(place, t.names) : row.warehouseName;
  };
  return {
    county: wallList(
      t.county(countyNames.join(' ') || NO_VALUE),
      countyRows.map((r) =>
        stockBar(r, countyNames.length > 1 ? `${r.warehouseName} ${r.itemName}` : r.itemName, t),
      ),
      max,
      t.allStocked,
    ),
    townships: wallList(
      t.townships(unreported),
      township.map((r) => stockBar(r, `${placeOf(r)} ${r.itemName}`, t)),
      max,
      t.allStocked,
    ),
  };
}
