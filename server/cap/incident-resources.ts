import type { Config } from '../../src/protocol/index.js';
import type { Db } from '../db/open-database.js';

/**
 * The resources sent to an incident, as lines of Chinese text for the CAP description (CAP 1.2's `resource`
 * element is for attached files, and GB/T 35965.1 has no field for deployed resources): each team dispatched
 * with its headcount and where it stands, then the stock issued to the incident, item by item.
 */
export function incidentResources(db: Db, config: Config, incident: string): string[] {
  const teams = db
    .prepare<
      [string],
      { team: string; headcount: number; arrived_at: number | null; returned_at: number | null }
    >(
      'SELECT team, headcount, arrived_at, returned_at FROM team_dispatches WHERE incident = ? ORDER BY departed_at, id',
    )
    .all(incident)
    .map((d) => {
      const name = config.forces.teams.find((t) => t.code === d.team)?.name ?? d.team;
      const state = d.returned_at !== null ? '已归队' : d.arrived_at !== null ? '在现场' : '途中';
      return `${name}${d.headcount}人（${state}）`;
    });
  const stock = db
    .prepare<[string], { item: string; quantity: number }>(
      `SELECT item, -SUM(delta) AS quantity FROM stock_ledger WHERE incident = ? AND kind = 'out'
       GROUP BY item ORDER BY MIN(id)`,
    )
    .all(incident)
    .map((s) => {
      const item = config.items.find((i) => i.code === s.item);
      return `${item?.name ?? s.item}${s.quantity}${item?.unit ?? ''}`;
    });
  const lines: string[] = [];
  if (teams.length > 0) lines.push(`救援力量：${teams.join('，')}`);
  if (stock.length > 0) lines.push(`调拨物资：${stock.join('，')}`);
  return lines;
}
