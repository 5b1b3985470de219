import { formatLevel } from '../../domain/format.js';
import { type StationRow, selectStationRows } from '../selectors/stations.js';
import { type StockRow, selectStockRows } from '../selectors/stock.js';
import { compareStationRows } from '../selectors/wall-summary.js';
import { item, type ReportContext, section } from './report-context.js';

/**
 * Stations at a warning line or worse, approaching one (blue, or rising fast), or without fresh data, worst
 * first. A stale station is listed whatever its last level: nobody knows where the water is now.
 */
export function stationsToWatch(ctx: ReportContext): StationRow[] {
  return selectStationRows(ctx.state, ctx.now, { names: ctx.names })
    .filter(
      (s) => s.stale || s.condition === 'danger' || s.condition === 'warning' || s.condition === 'watch',
    )
    .sort(compareStationRows);
}

/** Stations needing eyes, with colour, level, distance to the next line and freshness. */
export function stationsSection(ctx: ReportContext): string {
  const { w } = ctx;
  return section(
    w.sections.stations,
    stationsToWatch(ctx).map((s) => item(stationLine(s, ctx))),
    w,
  );
}

function stationLine(s: StationRow, ctx: ReportContext): string {
  const { w } = ctx;
  const colour = w.colour[s.floodColour];
  const head = `**${s.code}** ${s.name}${w.paren(s.townshipName)} — ${w.condition[s.condition]}`;
  if (s.level === undefined) return `${head}${w.sep}${w.noReading}`;
  const parts = [s.stale ? w.lastKnown(colour) : colour, `${s.levelText} m`];
  if (s.nextLine) {
    parts.push(
      w.belowLine(formatLevel(-s.nextLine.distance), s.nextLine.label, formatLevel(s.nextLine.level)),
    );
  } else {
    parts.push(w.aboveEveryLine);
  }
  if (s.overFloodLimit && s.floodLimit) {
    parts.push(w.overFloodLimit(formatLevel(s.level - s.floodLimit.level), formatLevel(s.floodLimit.level)));
  }
  parts.push(
    s.timeToNextLineMs === undefined
      ? s.rateText
      : `${s.rateText}${w.paren(w.inNextLine(s.timeToNextLineText))}`,
  );
  if (s.sensorFault) parts.push(w.sensorFault);
  // The row's age is measured on the collector's clock, so the reading's own time is `at` minus it.
  parts.push(
    s.stale && s.ageMs !== undefined
      ? w.staleSince(ctx.time(ctx.at - s.ageMs), s.ageText)
      : w.readingAge(s.ageText),
  );
  return `${head}${w.sep}${parts.join(w.sep)}`;
}

/**
 * Stock lines below their minimum (or critical), in the selector's order: the worst counted shortfall first.
 * Required items a store has never counted follow, one line per store: a new deployment has hundreds, and a
 * line each would bury the counted shortfalls somebody can act on tonight.
 */
export function stockSection(ctx: ReportContext): string {
  const { w } = ctx;
  const rows = selectStockRows(ctx.state, ctx.now, { names: ctx.names }).filter(
    (r) => r.isBelowMinimum || r.severity !== 'ok',
  );
  const amount = (r: StockRow) =>
    `${r.usable}/${r.minimum}${ctx.lang === 'zh' ? '' : ' '}${r.unit}` +
    (r.expiredQuantity > 0 ? `${w.sep}${w.expiredBeside(r.expiredQuantity, r.unit)}` : '');
  const counted = rows
    .filter((r) => r.isReported)
    .map((r) => {
      const parts = [amount(r)];
      // A flood-critical item at zero may have no minimum, hence no shortfall to state.
      if (r.shortfall > 0) parts.push(w.shortBy(r.shortfall, r.unit));
      parts.push(w.stockSeverity[r.severity]);
      return item(`**${r.warehouseName}** — ${r.itemName}${w.sep}${parts.join(w.sep)}`);
    });
  const uncounted = new Map<string, StockRow[]>();
  for (const r of rows) {
    if (!r.isReported) uncounted.set(r.warehouseName, [...(uncounted.get(r.warehouseName) ?? []), r]);
  }
  const grouped = [...uncounted].map(([warehouse, list]) => {
    const text = list.map((r) => `${r.itemName} ${amount(r)}`).join(w.list);
    return item(`**${warehouse}** — ${w.neverCounted}${w.colon}${text}`);
  });
  return section(w.sections.stock, [...counted, ...grouped], w, { count: rows.length });
}
