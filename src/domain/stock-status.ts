import type { Item, Warehouse } from '../protocol/index.js';
import { daysUntil } from './local-time.js';

/** One lot of an item in a warehouse, as counted (盘点). */
export type StockLot = { batch: string; expiresOn?: string | undefined; quantity: number };

/** A lot that expires within the item's warning window, or already has. */
export type ExpiringLot = StockLot & { expiresOn: string; daysLeft: number; isExpired: boolean };

/** How urgent a stock line is: `critical` means nothing left where something is required. */
export type StockSeverity = 'ok' | 'low' | 'critical';

/** One item in one warehouse, measured against its minimum and its lots' expiry dates. */
export type StockStatus = {
  /** Everything on the books, expired lots included. */
  quantity: number;
  /** What can be issued: the quantity less the expired lots. The minimum is measured against this. */
  usable: number;
  minimum: number;
  shortfall: number;
  isBelowMinimum: boolean;
  expiringLots: ExpiringLot[];
  /** Units in lots already past their date: counted in `quantity`, but not fit to issue. */
  expiredQuantity: number;
  severity: StockSeverity;
};

/** The input of {@link stockStatus}: the balance of one item in one warehouse and its lots. */
export type StockInput = { warehouse: Warehouse; item: Item; quantity: number; lots: readonly StockLot[] };

/** Options for {@link stockStatus}: the county's offset (expiry dates are local days) and the flood season. */
export type StockStatusOptions = { utcOffset: string; inFloodSeason: boolean };

/** Measures one item's stock in one warehouse against its minimum and expiry window at `now`. */
export function stockStatus(input: StockInput, now: number, opts: StockStatusOptions): StockStatus {
  const { warehouse, item, quantity } = input;
  const minimum = warehouse.minimums[item.code] ?? 0;
  const expiringLots = expiringLotsOf(input.lots, item.expiryWarningDays, now, opts.utcOffset);
  const expiredQuantity = expiringLots.filter((l) => l.isExpired).reduce((sum, l) => sum + l.quantity, 0);
  // Expired lots are on the shelf but cannot be issued to anyone: they never count toward the minimum.
  const usable = Math.max(0, quantity - expiredQuantity);
  const isBelowMinimum = usable < minimum;
  const isEmpty = usable <= 0;
  // domain-rules §6 R8: a flood item at zero in flood season is red even where no minimum is set.
  const isCritical = isEmpty && (minimum > 0 || (item.isFloodCritical && opts.inFloodSeason));
  return {
    quantity,
    usable,
    minimum,
    shortfall: Math.max(0, minimum - usable),
    isBelowMinimum,
    expiringLots,
    expiredQuantity,
    severity: isCritical ? 'critical' : isBelowMinimum ? 'low' : 'ok',
  };
}

/**
 * The lots expiring within `warningDays` local days of `now` (the edge day included) or already expired,
 * soonest first. A lot is usable through its `expiresOn` day (有效期至), so it is expired from the day after.
 */
export function expiringLotsOf(
  lots: readonly StockLot[],
  warningDays: number,
  now: number,
  utcOffset: string,
): ExpiringLot[] {
  const result: ExpiringLot[] = [];
  for (const lot of lots) {
    // An empty lot has nothing left to spoil.
    if (lot.expiresOn === undefined || lot.quantity <= 0) continue;
    const daysLeft = daysUntil(lot.expiresOn, now, utcOffset);
    if (daysLeft <= warningDays) {
      result.push({ ...lot, expiresOn: lot.expiresOn, daysLeft, isExpired: daysLeft < 0 });
    }
  }
  return result.sort((a, b) => a.daysLeft - b.daysLeft);
}
