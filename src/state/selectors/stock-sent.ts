import type { WatchState } from '../watch-state.js';
import { type NameStyle, nameOf } from './context.js';

/**
 * The stock issued for each incident, as lines for its details, grouped by the team it went with (the teams
 * first, in the order their stock was first issued, then what went without a team): "县救援队：冲锋舟 2 艘（县
 * 物资库）、救生衣 80 件（县物资库）". Only incidents the collector sent stock lines for appear.
 */
export function selectStockSent(
  state: WatchState,
  names: NameStyle,
  lang: 'zh' | 'en',
): ReadonlyMap<string, string[]> {
  const out = new Map<string, string[]>();
  for (const incident of state.incidents.values()) {
    if (!incident.stockSent || incident.stockSent.length === 0) continue;
    const byTeam = new Map<string | null, string[]>();
    for (const line of incident.stockSent) {
      const item = state.items.get(line.item);
      const warehouse = state.warehouses.get(line.warehouse);
      const itemName = item ? nameOf(item, names) : line.item;
      const unit = item ? (names === 'zh' ? item.unit : item.unitAscii) : '';
      const from = warehouse ? nameOf(warehouse, names) : line.warehouse;
      const text =
        lang === 'zh'
          ? `${itemName} ${line.quantity} ${unit}（${from}）`
          : `${itemName} ${line.quantity} ${unit} (${from})`;
      byTeam.set(line.team, [...(byTeam.get(line.team) ?? []), text]);
    }
    const teams = [...byTeam.keys()].sort((a, b) => (a === null ? 1 : 0) - (b === null ? 1 : 0));
    out.set(
      incident.code,
      teams.map((code) => {
        const team = code === null ? undefined : state.teams.get(code);
        const who =
          code === null ? (lang === 'zh' ? '未随队' : 'no team') : team ? nameOf(team, names) : code;
        return `${who}${lang === 'zh' ? '：' : ': '}${(byTeam.get(code) ?? []).join(lang === 'zh' ? '、' : ', ')}`;
      }),
    );
  }
  return out;
}
