import type { Lang } from '../../domain/vocabulary.js';
/** The wall's languages: `zh` for Chinese names, `en` for English words and ASCII names. */
export type WallLang = Lang;

/** Every word the wall shows, in one language. */
export type WallWords = (typeof WALL_WORDS)[WallLang];

/** The wall's words in both languages, side by side so a change to one is seen to need the other. */
export const WALL_WORDS = {
  zh: {
    names: 'zh',
    wall: '值班台',
    simulatedClock: '演练时钟',
    duty: (o: string, l: string) => `值班 ${o}  带班 ${l}`,
    dutyShort: (o: string, l: string) => `值班 ${o} 带班 ${l}`,
    handover: (at: string) => `交班 ${at}`,
    ago: (age: string) => `${age}前`,
    lastAt: (clock: string, age: string) => `最后 ${clock}（${age}前）`,
    data: (age: string) => `数据 ${age}前`,
    /** The link's age (since the collector was last heard) beside the data's (the newest station reading). */
    link: (age: string) => `链路 ${age}前`,
    linkShort: (age: string) => `链路${age}`,
    dataShort: (age: string) => `数据${age}`,
    noReadings: '数据 无',
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
    // The collector's reason is English: a Chinese wall says what the status means in its own words.
    refused: (status: number, _reason: string) =>
      `采集服务器拒绝了本屏的令牌（HTTP ${status}）：${status === 401 ? '令牌无效或已吊销' : status === 403 ? '令牌无权查看' : '请核对令牌与地址'} · 每分钟重试`,
    refusedShort: (status: number) => `采集服务器拒绝了本屏的令牌（HTTP ${status}）· 每分钟重试`,
    snapshotTooLarge:
      '采集端快照超过本屏可接收的大小，无法载入：请通知管理员（快照上限 server.snapshotMax*，或某数据源刷屏）',
    quiet: (age: string) => `采集服务器已 ${age} 无消息`,
    titles: {
      water: '水情',
      trend: '水位过程',
      stock: '物资',
      incidents: '事件',
      alerts: '告警',
      forces: '救援力量',
    },
    forcesColumns: ['乡镇', '队', '在岗', '出动', '未点名', '专长'],
    noTeams: '本县未配置救援队伍',
    forcesSummary: (ready: number, out: number, stale: number) =>
      `在岗 ${ready} 人 · 出动 ${out} 人${stale > 0 ? ` · ${stale} 队未点名` : ''}`,
    // "水情 1/6" read as a count of stations (issue 20.2): the page counter says it counts pages, the station
    // count says it counts stations.
    page: (n: number, of: number) => `第${n}/${of}页`,
    pageShort: (n: number, of: number) => `${n}/${of}页`,
    noStations: '尚无测站数据',
    stationsShown: (shown: number, all: number) =>
      shown < all ? `测站 共 ${all} 个，显示最急 ${shown} 个` : `测站 ${all} 个`,
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
    /** Rain (雨量) in the hour to the latest reading, and over the day (or since the oldest reading held). */
    rain: (hour: string, span: string, total: string) => `雨量 1h ${hour} · ${span} ${total}mm`,
    rainShort: (hour: string, total: string) => `雨 ${hour}/${total}mm`,
    rainSince: (clock: string) => `${clock}起`,
    /** Beside a colour word, the level's distance from the word's own line ("近设计 -0.38m"). */
    wordFigure: (signed: string) => `${signed}m`,
    chart: (name: string, hours: number) => `${name} 近${hours}小时`,
    level: '水位',
    // In the big figure's order ("54.62/51.50" over "54.62/汛限51.50"), so its second half says which line it is.
    worstWater: (name: string, word: string, level: string, ref: string) => [
      `${name} ${word}`,
      `${level}/${ref}`,
    ],
    worstLevel: (level: string) => `${level}m`,
    ref: (label: string, level: string) => `${label}${level}`,
    worstIncidents: (n: string, open: string, risk: string) => [
      `较大以上 ${n}`,
      `在办 ${open}`,
      `涉险 ${risk}`,
    ],
    worstAlerts: (n: string, acked: string) => [`未确认告警 ${n}`, `已确认 ${acked}`],
    worstStock: (n: string, critical: string) => [`低于定额 ${n}`, `缺货 ${critical}`],
    worstForces: (onHand: string, out: string, stale: number) => [
      `救援力量 在岗 ${onHand} · 出动 ${out}`,
      ...(stale > 0 ? [`${stale} 队未点名`] : []),
    ],
    county: (name: string) => `${name}（全部品种）`,
    townships: (unreported: number) => `乡镇储备点 缺口最大${unreported ? ` · 未盘点 ${unreported} 项` : ''}`,
    allStocked: '全部达到储备定额',
    stockWords: { ok: '足额', low: '不足', critical: '缺货', expiring: '临期', unreported: '未盘点' },
    noMinimum: '无定额',
    expiredBeside: (n: number) => `+${n}过期`,
    incidentColumns: ['等级', '事件', '伤亡', '下一报送时限', '已过'],
    noIncidents: '无在办事件',
    incidentSummary: (open: number, serious: number) => `在办 ${open} 起 · 较大及以上 ${serious} 起`,
    countyTotals: (evacuated: number, trapped: number) => `全县转移 ${evacuated} 人 · 被困 ${trapped} 人`,
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
    more: (n: number) => `+${n} 另有 ${n} 条未显示`,
  },
  en: {
    names: 'ascii',
    wall: 'duty watch',
    simulatedClock: 'SIMULATED CLOCK',
    duty: (o: string, l: string) => `officer ${o}  leader ${l}`,
    dutyShort: (o: string, l: string) => `duty ${o} lead ${l}`,
    handover: (at: string) => `handover ${at}`,
    ago: (age: string) => `${age} ago`,
    lastAt: (clock: string, age: string) => `last ${clock} (${age} ago)`,
    data: (age: string) => `data ${age} old`,
    link: (age: string) => `link ${age} ago`,
    linkShort: (age: string) => `link ${age}`,
    dataShort: (age: string) => `data ${age}`,
    noReadings: 'data none',
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
      `the collector refused this wall's token (HTTP ${status}): ${reason} - retrying every minute`,
    refusedShort: (status: number) =>
      `the collector refused this wall's token (HTTP ${status}) - retrying every minute`,
    snapshotTooLarge:
      "the collector's snapshot is larger than this wall accepts: tell the administrator (server.snapshotMax*, or a flooding source)",
    quiet: (age: string) => `no word from the collector for ${age}`,
    titles: {
      water: 'Water',
      trend: 'Levels 24h',
      stock: 'Stock',
      incidents: 'Incidents',
      alerts: 'Alerts',
      forces: 'Forces',
    },
    forcesColumns: ['Township', 'Teams', 'Ready', 'Out', 'Stale', 'Specialties'],
    noTeams: 'no rescue teams configured',
    forcesSummary: (ready: number, out: number, stale: number) =>
      `ready ${ready} - out ${out}${stale > 0 ? ` - ${stale} teams stale` : ''}`,
    page: (n: number, of: number) => `page ${n}/${of}`,
    pageShort: (n: number, of: number) => `p${n}/${of}`,
    noStations: 'no station data yet',
    stationsShown: (shown: number, all: number) =>
      shown < all ? `${all} stations, the ${shown} most urgent shown` : `${all} stations`,
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
    rain: (hour: string, span: string, total: string) => `rain 1h ${hour}, ${span} ${total} mm`,
    rainShort: (hour: string, total: string) => `rain ${hour}/${total} mm`,
    rainSince: (clock: string) => `since ${clock}`,
    wordFigure: (signed: string) => `${signed} m`,
    chart: (name: string, hours: number) => `${name}, last ${hours} h`,
    level: 'level',
    worstWater: (name: string, word: string, level: string, ref: string) => [
      `${name} ${word}`,
      `${level}/${ref}`,
    ],
    worstLevel: (level: string) => `${level} m`,
    ref: (label: string, level: string) => `${label} ${level}`,
    worstIncidents: (n: string, open: string, risk: string) => [
      `serious ${n}`,
      `open ${open}`,
      `at risk ${risk}`,
    ],
    worstAlerts: (n: string, acked: string) => [`unacked ${n}`, `acked ${acked}`],
    worstStock: (n: string, critical: string) => [`short ${n}`, `empty ${critical}`],
    worstForces: (onHand: string, out: string, stale: number) => [
      `forces ${onHand} on hand · ${out} out`,
      ...(stale > 0 ? [`${stale} teams stale`] : []),
    ],
    county: (name: string) => `${name} (every item)`,
    townships: (unreported: number) =>
      `Township stores, worst first${unreported ? ` - ${unreported} lines never counted` : ''}`,
    allStocked: 'every line at or above its minimum',
    stockWords: { ok: 'OK', low: 'LOW', critical: 'EMPTY', expiring: 'EXPIRING', unreported: 'NOT COUNTED' },
    noMinimum: 'no minimum',
    expiredBeside: (n: number) => `+${n} expired`,
    incidentColumns: ['Level', 'Incident', 'Casualties', 'Next report due', 'Age'],
    noIncidents: 'no open incidents',
    incidentSummary: (open: number, serious: number) => `open ${open}, serious (III+) ${serious}`,
    countyTotals: (evacuated: number, trapped: number) => `evac ${evacuated} · trapped ${trapped}`,
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
    more: (n: number) => `+${n} more not shown`,
  },
} as const;
