import type { Item, StockFeed, Warehouse } from '../../protocol/index.js';
import { isInSeason } from '../flood-limit.js';
import { type StockStatus, stockStatus } from '../stock-status.js';
import { type Condition, conditionOf, type RuleClass } from './condition.js';
import type { RuleInput } from './rule-input.js';

/** Below the configured minimum for the item in that warehouse (R8). */
export const STOCK_LOW: RuleClass = {
  class: 'stock.low',
  severity: 'warning',
  autoClose: true,
  worseWhen: 'lower',
  action: {
    zh: '通知仓库补充库存或从上级仓库调拨',
    en: 'Ask the warehouse to restock, or transfer from a higher-tier store',
  },
};

/** Nothing left where something is required, or a flood item at zero in flood season (R8 red). */
export const STOCK_EMPTY: RuleClass = {
  class: 'stock.empty',
  severity: 'critical',
  autoClose: true,
  worseWhen: 'lower',
  action: { zh: '立即调拨补充，报告带班领导', en: 'Transfer stock in now; tell the leader on duty' },
};

/** Lots expiring within the item's warning window, or already expired. */
export const STOCK_EXPIRING: RuleClass = {
  class: 'stock.expiring',
  severity: 'info',
  autoClose: true,
  worseWhen: 'higher',
  action: { zh: '安排轮换，优先发放临期物资', en: 'Rotate the stock; issue the expiring lots first' },
};

/**
 * Stock rules over every recorded balance. A minimum with no balance ever recorded raises nothing: an item never
 * counted is unknown, not zero, and the handover report lists it instead.
 */
export function stockConditions(input: RuleInput, now: number): Condition[] {
  const { config } = input;
  const utcOffset = config.county.utcOffset;
  const inFloodSeason = isInSeason(config.floodSeason, now, utcOffset);
  const conditions: Condition[] = [];
  for (const line of input.stock) {
    const warehouse = config.warehouses.find((w) => w.code === line.warehouse);
    const item = config.items.find((i) => i.code === line.item);
    // Stock of a place or item no longer configured has no minimum or window to judge it by.
    if (!warehouse || !item) continue;
    const lots = line.lots.map((l) => ({
      batch: l.batch,
      expiresOn: l.expiresOn ?? undefined,
      quantity: l.quantity,
    }));
    const status = stockStatus({ warehouse, item, quantity: line.quantity, lots }, now, {
      utcOffset,
      inFloodSeason,
    });
    conditions.push(...lineConditions(line, warehouse, item, status));
  }
  return conditions;
}

function lineConditions(line: StockFeed, warehouse: Warehouse, item: Item, status: StockStatus): Condition[] {
  const suffix = `${warehouse.code}:${item.code}`;
  const subject = { kind: 'stock' as const, code: suffix };
  const group = `stock:${suffix}`;
  const place = { zh: `${warehouse.name} ${item.name}`, en: `${warehouse.nameAscii}: ${item.nameAscii}` };
  // The usable quantity is what is measured; expired lots are named beside it so the count still adds up.
  const expired = status.expiredQuantity;
  const have =
    expired > 0
      ? {
          zh: `可用 ${status.usable}${item.unit}（另有过期 ${expired}${item.unit}）`,
          en: `${status.usable} ${item.unitAscii} usable (${expired} more expired)`,
        }
      : { zh: `${line.quantity}${item.unit}`, en: `${line.quantity} ${item.unitAscii}` };
  const conditions: Condition[] = [];
  if (status.isBelowMinimum) {
    conditions.push(
      conditionOf(STOCK_LOW, suffix, {
        subject,
        title: {
          zh: `${place.zh} 低于最低储备：${have.zh}（最低 ${status.minimum}）`,
          en: `${place.en} below minimum: ${have.en} (minimum ${status.minimum})`,
        },
        value: status.usable,
        status: 'set',
        inhibit: { group, rank: 1 },
      }),
    );
  }
  if (status.severity === 'critical') {
    conditions.push(
      conditionOf(STOCK_EMPTY, suffix, {
        subject,
        title: {
          zh: `${place.zh} ${expired > 0 ? `可用库存为零（${expired}${item.unit} 已过期）` : '库存为零'}（最低 ${status.minimum}）`,
          en: `${place.en} ${expired > 0 ? `none usable (${expired} ${item.unitAscii} expired)` : 'none left'} (minimum ${status.minimum})`,
        },
        value: status.usable,
        status: 'set',
        inhibit: { group, rank: 2 },
      }),
    );
  }
  const soonest = status.expiringLots[0];
  if (soonest) {
    const quantity = status.expiringLots.reduce((sum, l) => sum + l.quantity, 0);
    const expired =
      status.expiredQuantity > 0
        ? {
            zh: `，其中 ${status.expiredQuantity}${item.unit} 已过期`,
            en: `, ${status.expiredQuantity} ${item.unitAscii} already expired`,
          }
        : { zh: '', en: '' };
    conditions.push(
      conditionOf(STOCK_EXPIRING, suffix, {
        subject,
        title: {
          zh: `${place.zh} 临期 ${quantity}${item.unit}（最早 ${soonest.expiresOn} 到期${expired.zh}）`,
          en: `${place.en} ${quantity} ${item.unitAscii} expiring (first ${soonest.expiresOn}${expired.en})`,
        },
        // Units in the window: a new lot entering it is what an acknowledger should hear about.
        value: quantity,
        status: 'set',
      }),
    );
  }
  return conditions;
}
