import { formatAge, formatLevel, NO_VALUE } from '../../domain/format.js';
import { characteristicLines, type LineKey } from '../../domain/station-lines.js';
import type { AlertFeed, ObligationFeed, StationFeed } from '../../protocol/index.js';
import { serverNow } from '../clock.js';
import type { WatchState } from '../watch-state.js';
import { formatClock, nameOf, timeContext } from './context.js';
import { type IncidentRow, type IncidentSelectOptions, selectIncidentRows } from './incidents.js';
import { type StationRow, selectStationRows } from './stations.js';
import { type StockRow, selectStockRows } from './stock.js';
import { compareStationRows, selectWallSummary, type WallSummary } from './wall-summary.js';

/** How bad something is, for the wall's colours; a word always goes with it, so colour is never the only signal. */
export type WallTone = 'ok' | 'info' | 'watch' | 'warning' | 'danger' | 'stale';

/** The wall's pages, in carousel order. */
export type WallPageKey = 'water' | 'trend' | 'stock' | 'incidents' | 'alerts';

/** Options of {@link selectWallView}: names (`zh` shows Chinese everywhere, `ascii` English and ASCII names). */
export type WallViewOptions = IncidentSelectOptions & {
  /** Points in each 24-hour chart (default 48: one every half hour over a full day). */
  chartPoints?: number;
  /** Most rows in a list page (default 40); the layout shows what fits. */
  maxRows?: number;
};

/**
 * One figure of the worst-state line: a caption in small type (parts in order of importance, so a narrow wall
 * drops whole parts from the end rather than cutting a number in two), the figure in big ASCII type, a tone.
 */
export type WorstSegment = { key: string; caption: string[]; figure: string; tone: WallTone };

/** A characteristic line on a station's gauge or chart. */
export type WallLine = { short: string; title: string; level: number; tone: WallTone };

/** One station tile: a text line, a gauge between its lowest and highest lines, and its 24-hour chart. */
export type StationTile = {
  code: string;
  name: string;
  tone: WallTone;
  word: string;
  isStale: boolean;
  /** Level, rate, the next line and the time to reach it, the reading's age: one line of text. */
  detail: string;
  gauge: { low: number; high: number; lowText: string; highText: string; level: number | undefined };
  lines: WallLine[];
  chart:
    | {
        title: string;
        levelTitle: string;
        x: string[];
        y: number[];
        minY: number;
        maxY: number;
        lines: WallLine[];
      }
    | undefined;
};

/** One stock line as a bar of quantity against minimum. */
export type StockBar = {
  label: string;
  /** Quantity ÷ minimum; undefined where no minimum is set. */
  ratio: number | undefined;
  /** `quantity/minimum`, and the unit apart, so a narrow column can leave it out. */
  figures: string;
  unit: string;
  tone: WallTone;
  word: string;
};

/** A titled list of rows, with how many more there were than the view carries. */
export type WallList<T> = { title: string; rows: T[]; more: number; empty: string };

/** Incident table row: each field already a string. */
export type IncidentLine = {
  level: string;
  tone: WallTone;
  title: string;
  casualties: string;
  deadline: string;
  deadlineTone: WallTone;
  age: string;
};

/** Alert log row. */
export type AlertLine = { time: string; tone: WallTone; state: string; title: string; who: string };

/** Everything the wall shows, as strings and numbers; `src/wall/apply-view.ts` only places it. */
export type WallView = {
  lang: 'zh' | 'en';
  header: {
    title: string;
    time: string;
    duty: string;
    connection: string;
    connectionTone: WallTone;
    freshness: string;
    isStale: boolean;
  };
  /** The link-down banner: shown while `isDown`, with the time the outage began. */
  link: { isDown: boolean; text: string; tone: WallTone };
  worst: WorstSegment[];
  titles: Record<WallPageKey, string>;
  water: { stations: StationTile[]; empty: string };
  stock: { county: WallList<StockBar>; townships: WallList<StockBar> };
  incidents: WallList<IncidentLine> & { columns: string[]; summary: string };
  alerts: WallList<AlertLine> & { summary: string };
};

type Lang = 'zh' | 'en';
type Text = (typeof TEXT)[Lang];

const TEXT = {
  zh: {
    names: 'zh',
    wall: '值班台',
    duty: (o: string, l: string) => `值班 ${o}  带班 ${l}`,
    ago: (age: string) => `${age}前`,
    data: (age: string) => `数据 ${age}前`,
    conn: {
      idle: '未连接',
      connecting: '连接中',
      live: '实时',
      reconnecting: '重连中',
      offline: '离线',
      refused: '被拒绝',
    },
    down: (since: string, age: string, frozen: string, n: number) =>
      `链路中断 自 ${since} 起（${age}）· 数据停在 ${frozen} · 正在重连（第 ${n} 次）`,
    connecting: (n: number) => `正在连接采集服务器（第 ${n} 次）`,
    refused: (status: number, reason: string) => `采集服务器拒绝了本屏的令牌（HTTP ${status}）：${reason}`,
    quiet: (age: string) => `采集服务器已 ${age} 无消息`,
    titles: { water: '水情', trend: '水位过程', stock: '物资', incidents: '事件', alerts: '告警' },
    noStations: '尚无测站数据',
    words: {
      noData: '无数据',
      stale: '过期',
      fault: '传感器故障',
      normal: '正常',
      fast: '涨势快',
      river: { blue: '接近警戒', yellow: '超警戒', orange: '超保证', red: '超历史' },
      reservoir: { blue: '接近汛限', yellow: '超汛限', orange: '近设计', red: '超校核' },
    },
    toLine: (label: string, dist: string, time: string | undefined) =>
      `距${label} ${dist}m${time ? ` 约${time}` : ''}`,
    aboveAll: '高于全部特征水位',
    chart: (name: string, hours: number) => `${name} 近${hours}小时`,
    level: '水位',
    worstWater: (name: string, word: string, level: string, ref: string) => [
      `${name} ${word}`,
      `${level}m`,
      ref,
    ],
    ref: (label: string, level: string, diff: string) => `${label}${level} ${diff}`,
    worstIncidents: (n: string, open: string, risk: string) => [
      `较大以上 ${n}`,
      `在办 ${open}`,
      `涉险 ${risk}`,
    ],
    worstAlerts: (n: string, acked: string) => [`未确认告警 ${n}`, `已确认 ${acked}`],
    worstStock: (n: string, critical: string) => [`低于定额 ${n}`, `缺货 ${critical}`],
    county: (name: string) => `${name}（全部品种）`,
    townships: (unreported: number) => `乡镇储备点 缺口最大${unreported ? ` · 未盘点 ${unreported} 项` : ''}`,
    allStocked: '全部达到储备定额',
    stockWords: { ok: '足额', low: '不足', critical: '缺货', expiring: '临期', unreported: '未盘点' },
    noMinimum: '无定额',
    incidentColumns: ['等级', '事件', '伤亡', '下一报送时限', '已过'],
    noIncidents: '无在办事件',
    incidentSummary: (open: number, serious: number) => `在办 ${open} 起 · 较大及以上 ${serious} 起`,
    risk: '涉险',
    report: {
      kind: { statutory: '上报', phone: '电话报', written: '书面报', followup: '续报' },
      target: { city: '市', province: '省', ministry: '部', county_gov: '县政府' },
      due: (what: string, left: string) => `剩${left} ${what}`,
      overdue: (what: string, late: string) => `超时${late} ${what}`,
      none: '无待报',
    },
    severity: { critical: '严重', warning: '警告', info: '提示' },
    state: { triggered: '未确认', acknowledged: '已确认', closed: '已关闭' },
    acked: (who: string, at: string) => `${who} ${at} 确认`,
    notified: (who: string) => `已通知 ${who}`,
    snoozed: (until: string) => `暂缓至 ${until}`,
    noAlerts: '近期无告警',
    alertSummary: (t: number, a: number, c: number) => `未确认 ${t} · 已确认 ${a} · 近一天已关闭 ${c}`,
    more: (n: number) => `另有 ${n} 条`,
  },
  en: {
    names: 'ascii',
    wall: 'duty watch',
    duty: (o: string, l: string) => `duty ${o} / ${l}`,
    ago: (age: string) => `${age} ago`,
    data: (age: string) => `data ${age} old`,
    conn: {
      idle: 'NOT CONNECTED',
      connecting: 'CONNECTING',
      live: 'LIVE',
      reconnecting: 'RECONNECTING',
      offline: 'OFFLINE',
      refused: 'REFUSED',
    },
    down: (since: string, age: string, frozen: string, n: number) =>
      `LINK DOWN since ${since} (${age}) - data frozen at ${frozen} - reconnecting (attempt ${n})`,
    connecting: (n: number) => `connecting to the collector (attempt ${n})`,
    refused: (status: number, reason: string) =>
      `the collector refused this wall's token (HTTP ${status}): ${reason}`,
    quiet: (age: string) => `no word from the collector for ${age}`,
    titles: { water: 'Water', trend: 'Levels 24h', stock: 'Stock', incidents: 'Incidents', alerts: 'Alerts' },
    noStations: 'no station data yet',
    words: {
      noData: 'NO DATA',
      stale: 'STALE',
      fault: 'SENSOR FAULT',
      normal: 'NORMAL',
      fast: 'RISING FAST',
      river: { blue: 'NEAR WARNING', yellow: 'OVER WARNING', orange: 'OVER GUARANTEED', red: 'OVER RECORD' },
      reservoir: {
        blue: 'NEAR FLOOD LIMIT',
        yellow: 'OVER FLOOD LIMIT',
        orange: 'NEAR DESIGN',
        red: 'OVER CHECK FLOOD',
      },
    },
    toLine: (label: string, dist: string, time: string | undefined) =>
      `${dist} m to ${label}${time ? `, ~${time}` : ''}`,
    aboveAll: 'above every line',
    chart: (name: string, hours: number) => `${name}, last ${hours} h`,
    level: 'level',
    worstWater: (name: string, word: string, level: string, ref: string) => [
      `${name} ${word}`,
      `${level} m`,
      ref,
    ],
    ref: (label: string, level: string, diff: string) => `${label} ${level} ${diff}`,
    worstIncidents: (n: string, open: string, risk: string) => [
      `serious ${n}`,
      `open ${open}`,
      `at risk ${risk}`,
    ],
    worstAlerts: (n: string, acked: string) => [`unacked ${n}`, `acked ${acked}`],
    worstStock: (n: string, critical: string) => [`short ${n}`, `empty ${critical}`],
    county: (name: string) => `${name} (every item)`,
    townships: (unreported: number) =>
      `Township stores, worst first${unreported ? ` - ${unreported} lines never counted` : ''}`,
    allStocked: 'every line at or above its minimum',
    stockWords: { ok: 'OK', low: 'LOW', critical: 'EMPTY', expiring: 'EXPIRING', unreported: 'NOT COUNTED' },
    noMinimum: 'no minimum',
    incidentColumns: ['Level', 'Incident', 'Casualties', 'Next report due', 'Age'],
    noIncidents: 'no open incidents',
    incidentSummary: (open: number, serious: number) => `open ${open}, serious (III+) ${serious}`,
    risk: 'at risk',
    report: {
      kind: { statutory: 'report', phone: 'phone', written: 'written', followup: 'follow-up' },
      target: { city: 'city', province: 'province', ministry: 'ministry', county_gov: 'county gov' },
      due: (what: string, left: string) => `${left} ${what}`,
      overdue: (what: string, late: string) => `LATE ${late} ${what}`,
      none: 'none due',
    },
    severity: { critical: 'CRIT', warning: 'WARN', info: 'INFO' },
    state: { triggered: 'UNACKED', acknowledged: 'ACKED', closed: 'CLOSED' },
    acked: (who: string, at: string) => `acked by ${who} ${at}`,
    notified: (who: string) => `notified ${who}`,
    snoozed: (until: string) => `snoozed until ${until}`,
    noAlerts: 'no recent alerts',
    alertSummary: (t: number, a: number, c: number) =>
      `unacked ${t}, acked ${a}, closed in the last day ${c}`,
    more: (n: number) => `${n} more`,
  },
} as const;

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

const SHORT_LINES: Readonly<Record<LineKey, { zh: string; en: string; tone: WallTone }>> = {
  floodLimit: { zh: '汛限', en: 'FL', tone: 'warning' },
  normal: { zh: '正常', en: 'NP', tone: 'watch' },
  floodHigh: { zh: '防高', en: 'FH', tone: 'warning' },
  designFlood: { zh: '设计', en: 'DF', tone: 'danger' },
  checkFlood: { zh: '校核', en: 'CF', tone: 'danger' },
  damCrest: { zh: '坝顶', en: 'DC', tone: 'danger' },
  historicalMax: { zh: '历史', en: 'HM', tone: 'danger' },
  warning: { zh: '警戒', en: 'WL', tone: 'warning' },
  guarantee: { zh: '保证', en: 'GL', tone: 'danger' },
};

/** The whole wall at local time `now`, composed from the shared selectors. */
export function selectWallView(state: WatchState, now: number, opts: WallViewOptions): WallView {
  const lang: Lang = opts.names === 'zh' ? 'zh' : 'en';
  const t = TEXT[lang];
  const { at, utcOffset } = timeContext(state, now);
  const clock = (ms: number) => formatClock(ms, utcOffset);
  const summary = selectWallSummary(state, now, opts);
  const stations = selectStationRows(state, now, opts).sort(compareStationRows);
  const incidents = selectIncidentRows(state, now, opts).filter((i) => i.status === 'open');
  const stock = selectStockRows(state, now, opts);
  const alerts = [...state.alerts.values()];
  const maxRows = opts.maxRows ?? 40;
  const person = (id: string) => {
    const p = state.people.get(id);
    return p ? nameOf(p, opts.names) : id;
  };
  const tiles = stations.map((row) =>
    stationTile(row, state.stations.get(row.code), { at, t, lang, clock, points: opts.chartPoints ?? 48 }),
  );
  const visibleAlerts = alerts.filter((a) => a.inhibitedBy === null);
  const triggered = visibleAlerts.filter(
    (a) => a.state === 'triggered' && !(a.snooze && a.snooze.until > at),
  );
  const acked = visibleAlerts.filter((a) => a.state === 'acknowledged');
  const risky = incidents.filter((i) => i.majorRisk.length > 0).length;
  const header = summary.header;
  return {
    lang,
    header: {
      title: state.county ? `${header.countyName} ${t.wall}` : t.wall,
      time: header.localTime,
      duty: state.duty ? t.duty(person(state.duty.officer), person(state.duty.leader)) : '',
      connection: t.conn[header.connection.status],
      connectionTone: header.connection.status === 'live' ? 'ok' : 'danger',
      freshness: t.data(header.freshness.text),
      isStale: header.freshness.isStale,
    },
    link: linkBanner(state, now, t, clock, header.freshness),
    worst: [
      worstWater(tiles[0], stations[0], t),
      ...worstCounts(summary, { triggered, acked: acked.length, risky }, t, state.county !== undefined),
    ],
    titles: t.titles,
    water: { stations: tiles, empty: t.noStations },
    stock: stockLists(state, stock, t, maxRows),
    incidents: {
      ...list(
        t.titles.incidents,
        incidents.map((i) => incidentLine(i, state.obligations, at, t)),
        maxRows,
        t.noIncidents,
      ),
      columns: [...t.incidentColumns],
      summary: t.incidentSummary(summary.openIncidents, summary.seriousIncidents),
    },
    alerts: {
      ...list(t.titles.alerts, alertLines(visibleAlerts, at, t, clock, person), maxRows, t.noAlerts),
      summary: t.alertSummary(
        triggered.length,
        acked.length,
        visibleAlerts.filter((a) => a.state === 'closed').length,
      ),
    },
  };
}

function list<T>(title: string, rows: T[], max: number, empty: string): WallList<T> {
  return { title, rows: rows.slice(0, max), more: Math.max(0, rows.length - max), empty };
}

function linkBanner(
  state: WatchState,
  now: number,
  t: Text,
  clock: (ms: number) => string,
  freshness: { text: string; isStale: boolean },
): WallView['link'] {
  const conn = state.connection;
  // Shown on the collector's clock, like the header time, so the start of an outage can be read against it.
  const onServer = (local: number) => clock(serverNow(state, local));
  switch (conn.status) {
    case 'live':
      return { isDown: freshness.isStale, text: t.quiet(freshness.text), tone: 'warning' };
    case 'reconnecting':
    case 'offline': {
      const frozen = state.lastChangeAt === undefined ? NO_VALUE : onServer(state.lastChangeAt);
      // The age on the collector's clock too, so it agrees with the times beside it when a drill runs fast.
      const age = formatAge(serverNow(state, now) - serverNow(state, conn.since));
      const text = t.down(onServer(conn.since), age, frozen, conn.attempt + 1);
      return { isDown: true, text, tone: 'danger' };
    }
    case 'connecting':
      return { isDown: true, text: t.connecting(conn.attempt + 1), tone: 'warning' };
    case 'refused':
      return { isDown: true, text: t.refused(conn.httpStatus, conn.reason), tone: 'danger' };
    case 'idle':
      return { isDown: true, text: t.conn.idle, tone: 'warning' };
  }
}

const CONDITION_TONE: Readonly<Record<StationRow['condition'], WallTone>> = {
  danger: 'danger',
  warning: 'warning',
  watch: 'watch',
  normal: 'ok',
  stale: 'stale',
  'no-data': 'stale',
};

type TileContext = { at: number; t: Text; lang: Lang; clock: (ms: number) => string; points: number };

function stationWord(row: StationRow, t: Text): string {
  if (row.condition === 'no-data') return t.words.noData;
  if (row.condition === 'stale') return t.words.stale;
  if (row.sensorFault) return t.words.fault;
  if (row.floodColour !== 'none') return t.words[row.kind][row.floodColour];
  return row.riseAlarm ? t.words.fast : t.words.normal;
}

function stationTile(row: StationRow, feed: StationFeed | undefined, ctx: TileContext): StationTile {
  const { t, lang } = ctx;
  const lines = feed ? wallLines(feed, row, lang) : [];
  const next = row.nextLine;
  const toLine = next
    ? t.toLine(
        next.label,
        formatLevel(Math.abs(next.distance)),
        row.timeToNextLineMs === undefined ? undefined : row.timeToNextLineText,
      )
    : row.level === undefined
      ? ''
      : t.aboveAll;
  // Most important first: the line is cut at the tile's width.
  const detail = [
    row.level === undefined ? NO_VALUE : `${row.levelText} m`,
    row.rateText,
    t.ago(row.ageText),
    row.riseAlarm && row.floodColour !== 'none' ? t.words.fast : '',
    toLine,
  ]
    .filter((part) => part !== '')
    .join('  ');
  return {
    code: row.code,
    name: row.name,
    tone: CONDITION_TONE[row.condition],
    word: stationWord(row, t),
    isStale: row.stale,
    detail,
    gauge: gaugeRange(feed, row),
    lines,
    chart: feed ? stationChart(feed, row, lines, ctx) : undefined,
  };
}

// The domain's characteristic lines (every one but 死水位, today's 汛限 where it binds), named short for the gauge.
function wallLines(feed: StationFeed, row: StationRow, lang: Lang): WallLine[] {
  return characteristicLines(feed, row.floodLimit?.level).map((line) => {
    const short = SHORT_LINES[line.key];
    const label = lang === 'zh' ? short.zh : short.en;
    return {
      short: label,
      title: `${label} ${formatLevel(line.level)}`,
      level: line.level,
      tone: short.tone,
    };
  });
}

// A reservoir spans 死水位 to 坝顶; a river has no low line, so the span below 警戒 mirrors the span above it.
function gaugeRange(feed: StationFeed | undefined, row: StationRow): StationTile['gauge'] {
  let low = row.level ?? 0;
  let high = low + 1;
  if (feed?.reservoir) {
    low = feed.reservoir.deadLevel;
    high = feed.reservoir.damCrest;
  } else if (feed?.gauge) {
    const g = feed.gauge;
    high = Math.max(g.historicalMax ?? g.guaranteeLevel, g.guaranteeLevel);
    low = g.warningLevel - (high - g.warningLevel);
  }
  return { low, high, lowText: formatLevel(low), highText: formatLevel(high), level: row.level };
}

// The chart spans the history the feed holds (at most a day), on evenly spaced points; the compact line chart
// spaces points evenly whatever their times, so readings are resampled rather than plotted as they came.
function stationChart(
  feed: StationFeed,
  row: StationRow,
  lines: WallLine[],
  ctx: TileContext,
): StationTile['chart'] {
  const history = feed.history;
  const first = history[0];
  if (!first) return undefined;
  const hours = Math.min(24, Math.max(1, Math.ceil((ctx.at - first.at) / HOUR_MS)));
  const start = ctx.at - hours * HOUR_MS;
  const x: string[] = [];
  const y: number[] = [];
  let i = 0;
  let level = first.level;
  for (let p = 1; p <= ctx.points; p += 1) {
    const end = start + (p * hours * HOUR_MS) / ctx.points;
    while (i < history.length && (history[i]?.at ?? Number.POSITIVE_INFINITY) <= end) {
      level = history[i]?.level ?? level;
      i += 1;
    }
    x.push(ctx.clock(end).slice(0, 5));
    y.push(level);
  }
  const minLevel = Math.min(...y);
  const maxLevel = Math.max(...y);
  // The lines worth drawing: the two highest already reached and the first one above the day's peak.
  const reached = lines.filter((l) => l.level <= maxLevel).slice(-2);
  const above = lines.find((l) => l.level > maxLevel);
  const shown = above ? [...reached, above] : reached;
  const lo = Math.min(minLevel, ...shown.map((l) => l.level));
  const hi = Math.max(maxLevel, ...shown.map((l) => l.level));
  // contrib's line chart draws two pixels above where a value belongs and clips the top, so the top needs room.
  const span = Math.max(0.5, hi - lo);
  return {
    title: ctx.t.chart(row.name, hours),
    levelTitle: `${ctx.t.level} ${row.levelText}`,
    x,
    y,
    minY: Math.floor((lo - span * 0.1) * 10) / 10,
    maxY: Math.ceil((hi + span * 0.35) * 10) / 10,
    lines: shown,
  };
}

// Before the first snapshot every count is unknown: '--' in the stale tone, never a reassuring zero.
function worstCounts(
  summary: WallSummary,
  alerts: { triggered: AlertFeed[]; acked: number; risky: number },
  t: Text,
  hasData: boolean,
): WorstSegment[] {
  const n = (x: number) => (hasData ? String(x) : NO_VALUE);
  const known = (tone: WallTone): WallTone => (hasData ? tone : 'stale');
  const { triggered } = alerts;
  return [
    {
      key: 'incidents',
      caption: t.worstIncidents(n(summary.seriousIncidents), n(summary.openIncidents), n(alerts.risky)),
      figure: n(summary.seriousIncidents),
      tone: known(summary.seriousIncidents > 0 ? 'danger' : summary.openIncidents > 0 ? 'watch' : 'ok'),
    },
    {
      key: 'alerts',
      caption: t.worstAlerts(n(triggered.length), n(alerts.acked)),
      figure: n(triggered.length),
      tone: known(
        triggered.some((a) => a.severity === 'critical') ? 'danger' : triggered.length > 0 ? 'warning' : 'ok',
      ),
    },
    {
      key: 'stock',
      caption: t.worstStock(n(summary.shortfalls), n(summary.criticalShortfalls)),
      figure: n(summary.shortfalls),
      tone: known(summary.criticalShortfalls > 0 ? 'danger' : summary.shortfalls > 0 ? 'warning' : 'ok'),
    },
  ];
}

function worstWater(tile: StationTile | undefined, row: StationRow | undefined, t: Text): WorstSegment {
  if (!tile || !row) return { key: 'water', caption: [t.noStations], figure: NO_VALUE, tone: 'stale' };
  // The reservoir's level is read against today's 汛限, a river's against 警戒: the lines the bureau reports on.
  const ref =
    row.floodLimit !== undefined
      ? {
          title: tile.lines.find((l) => l.level === row.floodLimit?.level)?.short,
          level: row.floodLimit.level,
        }
      : row.kind === 'river'
        ? { title: tile.lines[0]?.short, level: tile.lines[0]?.level }
        : {
            title: tile.lines.find((l) => l.level === row.nextLine?.level)?.short,
            level: row.nextLine?.level,
          };
  const hasRef = row.level !== undefined && ref.level !== undefined && ref.title !== undefined;
  const diff = hasRef ? (row.level as number) - (ref.level as number) : 0;
  const refText = hasRef
    ? t.ref(ref.title as string, formatLevel(ref.level), `${diff > 0 ? '+' : ''}${formatLevel(diff)}`)
    : '';
  return {
    key: 'water',
    caption: t.worstWater(tile.name, tile.word, row.levelText, refText).filter((part) => part !== ''),
    figure: hasRef ? `${row.levelText}/${formatLevel(ref.level)}` : row.levelText,
    tone: tile.tone,
  };
}

const SEVERITY_TONE: Readonly<Record<StockRow['severity'], WallTone>> = {
  critical: 'danger',
  low: 'warning',
  ok: 'ok',
};

function stockBar(row: StockRow, label: string, t: Text): StockBar {
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
    ratio: row.minimum > 0 ? row.quantity / row.minimum : undefined,
    figures: `${row.quantity}/${row.minimum > 0 ? row.minimum : t.noMinimum}`,
    unit: row.unit,
    tone: !row.isReported
      ? 'stale'
      : row.severity === 'ok' && expiring
        ? 'watch'
        : SEVERITY_TONE[row.severity],
    word,
  };
}

// The county store in full; township stores only where something is short or expiring, worst first.
function stockLists(state: WatchState, rows: StockRow[], t: Text, max: number): WallView['stock'] {
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
    county: list(
      t.county(countyNames.join(' ') || NO_VALUE),
      countyRows.map((r) =>
        stockBar(r, countyNames.length > 1 ? `${r.warehouseName} ${r.itemName}` : r.itemName, t),
      ),
      max,
      t.allStocked,
    ),
    townships: list(
      t.townships(unreported),
      township.map((r) => stockBar(r, `${placeOf(r)} ${r.itemName}`, t)),
      max,
      t.allStocked,
    ),
  };
}

const LEVEL_TONE: Readonly<Record<IncidentRow['level'], WallTone>> = {
  1: 'danger',
  2: 'danger',
  3: 'danger',
  4: 'watch',
};

function incidentLine(
  row: IncidentRow,
  obligations: ReadonlyMap<number, ObligationFeed>,
  at: number,
  t: Text,
): IncidentLine {
  let next: ObligationFeed | undefined;
  for (const o of obligations.values()) {
    if (o.incident === row.code && o.state === 'open' && (!next || o.dueAt < next.dueAt)) next = o;
  }
  const risk = row.majorRisk.length > 0 ? ` ${t.risk}` : '';
  const isZh = t.names === 'zh';
  let deadline: string = t.report.none;
  let deadlineTone: WallTone = 'ok';
  if (next) {
    const what = `${t.report.kind[next.kind]}${isZh ? '' : ' to '}${t.report.target[next.target]}`;
    const left = next.dueAt - at;
    deadline = left < 0 ? t.report.overdue(what, formatAge(-left)) : t.report.due(what, formatAge(left));
    deadlineTone = left < 0 ? 'danger' : at >= next.warnAt ? 'warning' : 'info';
  }
  return {
    // The English level names run long ("relatively serious"): the official numeral says it in four cells.
    level: isZh ? `${row.levelRoman} ${row.levelName}${risk}` : `${row.levelRoman}${risk}`,
    tone: row.majorRisk.length > 0 && row.level === 4 ? 'warning' : LEVEL_TONE[row.level],
    // Incident titles are free Chinese text the Linux console cannot draw; the ASCII wall names the kind and place.
    title: isZh ? row.title : `${row.kind.replaceAll('_', ' ')}, ${row.townshipName}`,
    casualties: row.casualtiesText,
    deadline,
    deadlineTone,
    age: row.ageText,
  };
}

const ALERT_TONE: Readonly<Record<AlertFeed['severity'], WallTone>> = {
  critical: 'danger',
  warning: 'warning',
  info: 'info',
};

// Open alerts first (unacknowledged before acknowledged), then the day's closed ones; newest first in each.
function alertLines(
  alerts: AlertFeed[],
  at: number,
  t: Text,
  clock: (ms: number) => string,
  person: (id: string) => string,
): AlertLine[] {
  const rank = { triggered: 0, acknowledged: 1, closed: 2 } as const;
  const hhmm = (ms: number) => clock(ms).slice(0, 5);
  return alerts
    .filter((a) => a.state !== 'closed' || (a.closedAt ?? a.updatedAt) > at - DAY_MS)
    .sort((a, b) => rank[a.state] - rank[b.state] || b.openedAt - a.openedAt || b.id - a.id)
    .map((a) => {
      let who = '';
      if (a.ack) who = t.acked(person(a.ack.by), hhmm(a.ack.at));
      else if (a.snooze && a.snooze.until > at) who = t.snoozed(hhmm(a.snooze.until));
      else if (a.rung?.person) who = t.notified(person(a.rung.person));
      return {
        time: hhmm(a.openedAt),
        tone: a.state === 'closed' ? 'stale' : ALERT_TONE[a.severity],
        state: `${t.severity[a.severity]} ${t.state[a.state]}`,
        title: t.names === 'zh' ? a.title.zh : a.title.en,
        who,
      };
    });
}
