import type { CapCategory } from '../cap/cap-alert.js';
import type { AlertFeed } from '../protocol/index.js';

/**
 * What a county alert is called in the CAP the city reads (issue 14): the `<event>` a city officer understands, in
 * the language the document declares (zh-CN), and the CAP category of the hazard — not the desk's rule keys.
 */
const EVENTS: Readonly<Record<string, { event: string; category: CapCategory }>> = {
  'water.blue': { event: '河道水位接近警戒水位', category: 'Met' },
  'water.warning': { event: '河道水位超警戒水位', category: 'Met' },
  'water.guarantee': { event: '河道水位超保证水位', category: 'Met' },
  'water.record': { event: '水位超历史最高水位', category: 'Met' },
  'water.rise': { event: '水位快速上涨', category: 'Met' },
  'reservoir.over_limit': { event: '水库水位超汛限水位', category: 'Met' },
  'reservoir.near_design': { event: '水库水位接近设计洪水位', category: 'Met' },
  'reservoir.over_check': { event: '水库水位超校核洪水位', category: 'Met' },
  // A silent gauge is a monitoring outage, not weather: CAP's Infra ("utility, telecommunication, other
  // non-transport infrastructure").
  'station.stale': { event: '水情测站数据中断', category: 'Infra' },
  'stock.low': { event: '救灾物资低于储备定额', category: 'Rescue' },
  'stock.empty': { event: '救灾物资库存告罄', category: 'Rescue' },
  'stock.expiring': { event: '救灾物资临近过期', category: 'Rescue' },
  'incident.new': { event: '突发事件报告', category: 'Safety' },
  'incident.reportable': { event: '达到报告标准的事故', category: 'Safety' },
  'incident.major_risk': { event: '较大涉险事故', category: 'Safety' },
};

/** The fallback for a class added after this table: said by what it is about, never by its key. */
const BY_SUBJECT: Readonly<Record<string, { event: string; category: CapCategory }>> = {
  station: { event: '水情告警', category: 'Met' },
  stock: { event: '救灾物资告警', category: 'Rescue' },
  incident: { event: '突发事件告警', category: 'Safety' },
};

/** The CAP `event` and `category` of a county alert. */
export function alertEvent(alert: Pick<AlertFeed, 'class' | 'subject'>): {
  event: string;
  category: CapCategory;
} {
  return EVENTS[alert.class] ?? BY_SUBJECT[alert.subject.kind] ?? { event: '值班告警', category: 'Other' };
}

const LEVEL: Readonly<Record<AlertFeed['severity'], string>> = {
  critical: '严重',
  warning: '警告',
  info: '提示',
};

/**
 * The CAP `description`: what the county's desk saw, in Chinese — the county, the level, what and where, and the
 * figure it measured when there is one.
 */
export function alertDescription(
  alert: Pick<AlertFeed, 'class' | 'subject' | 'severity' | 'title' | 'value' | 'drill'>,
  countyName: string,
  areaDesc: string,
): string {
  const { event } = alertEvent(alert);
  const drill = alert.drill ? '【演练】' : '';
  const figure = alert.value === null ? '' : `监测值：${alert.value}。`;
  return `${drill}${countyName}应急值班台${LEVEL[alert.severity]}级告警（${event}）：${alert.title.zh}。地点：${areaDesc}。${figure}`;
}
