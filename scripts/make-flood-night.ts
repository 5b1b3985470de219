// Over 250 lines on purpose: the script of one six-hour night, thread by thread (gauges, stock counts and
// movements, incidents, rescue forces), then sorted, checked against the demo county and written; split, the
// night's story would be too.
// Writes fixtures/scenarios/flood-night.jsonl: six hours of a rainstorm night in the demo county.
// Run with `npx tsx scripts/make-flood-night.ts`; the output is deterministic, so re-running changes nothing.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeConfig, decodeIngestValue } from '../src/protocol/index.js';

type Draft = { type: string; messages?: Draft[]; [field: string]: unknown };
type Line = { t: number; message: Draft };

const ROOT = join(import.meta.dirname, '..');
const START = '2026-07-19T20:00:00+08:00';
const START_MS = Date.parse(START);
const HOUR = 3600;
const END = 6 * HOUR;

const TITLE =
  '汝川县防汛之夜：白鹭湖水库超汛限、汝河城关站超警 / Flood night in Ruchuan: reservoir over its flood limit, Ru River over warning';

/** Scenario time `t` seconds after the start, written in county time (+08:00). */
function instantAt(t: number): string {
  const local = new Date(START_MS + (t + 8 * HOUR) * 1000);
  return `${local.toISOString().slice(0, 19)}+08:00`;
}

/** A level that rises by `rates[h]` metres during hour `h`, linearly within the hour. */
function profile(start: number, rates: number[]): (t: number) => number {
  return (t) => {
    let level = start;
    for (let h = 0; h < rates.length; h++) {
      const part = Math.min(Math.max(t / HOUR - h, 0), 1);
      level += (rates[h] ?? 0) * part;
    }
    return Math.round(level * 100) / 100;
  };
}

/** Rain intensity over the night in mm/h: builds to a peak around 22:30, then eases. */
function rainRate(t: number): number {
  const x = t / HOUR;
  return Math.max(6, 58 * Math.exp(-((x - 2.5) ** 2) / 3.2));
}

type StationPlan = {
  code: string;
  every: number;
  level: (t: number) => number;
  rainScale: number;
  flow: (level: number) => number;
  /** The last report before an outage and the first one after it. */
  silent?: [number, number];
};

const stations: StationPlan[] = [
  {
    code: 'ST-RES-01',
    every: 300,
    // Crosses the 主汛期 limit 51.50 near 21:10 and comes within 0.5 m of 设计洪水位 55.00 near 01:50.
    level: profile(51.2, [0.25, 0.45, 0.65, 0.75, 0.72, 0.6]),
    rainScale: 1.1,
    flow: (z) => Math.round(40 + 120 * Math.max(0, z - 51.5)),
  },
  {
    code: 'ST-RH-01',
    every: 300,
    // Upstream on 汝河: crests below its blue band at 5 h, then falls.
    level: profile(41.6, [0.12, 0.3, 0.5, 0.4, 0.15, -0.1]),
    rainScale: 1,
    flow: (z) => Math.round(100 * Math.max(0, z - 39.5) ** 1.5),
  },
  {
    code: 'ST-RH-02',
    every: 300,
    // 汝河 at the county town: over 警戒 41.80 near 23:25, 0.25 m short of 保证 43.60 at 02:00.
    level: profile(40.2, [0.15, 0.4, 0.75, 0.85, 0.6, 0.4]),
    rainScale: 0.9,
    flow: (z) => Math.round(100 * Math.max(0, z - 37.8) ** 1.5),
  },
  {
    code: 'ST-BRH-01',
    every: 600,
    level: profile(36.4, [0.1, 0.25, 0.4, 0.4, 0.3, 0.2]),
    rainScale: 0.8,
    flow: (z) => Math.round(80 * Math.max(0, z - 34.5) ** 1.5),
  },
  {
    code: 'ST-BRH-02',
    every: 600,
    level: profile(34.8, [0.1, 0.22, 0.38, 0.4, 0.3, 0.2]),
    rainScale: 0.85,
    flow: (z) => Math.round(80 * Math.max(0, z - 32.9) ** 1.5),
    // The gateway loses its link after the 21:50 report and is back at 22:40: 50 minutes without data.
    silent: [6600, 9600],
  },
];

// On the half hour the telemetry gateway sends everything it has as one batch.
const BATCH_TIMES = new Set([1800, 5400, 9000, 12600, 16200, 19800]);

function readingsAt(t: number): Draft[] {
  const out: Draft[] = [];
  for (const s of stations) {
    if (t % s.every !== 0) continue;
    if (s.silent && t > s.silent[0] && t < s.silent[1]) continue;
    // Rain is "since the previous report", so the first report after the outage carries all of it.
    const since = s.silent && t === s.silent[1] ? s.silent[1] - s.silent[0] : s.every;
    const level = s.level(t);
    const rain = t === 0 ? 0 : Math.round(rainRate(t) * s.rainScale * (since / HOUR) * 10) / 10;
    out.push({
      type: 'reading',
      station: s.code,
      observedAt: instantAt(t),
      level,
      flow: s.flow(level),
      rain,
    });
  }
  return out;
}

const lines: Line[] = [];
const add = (t: number, message: Draft) => lines.push({ t, message });

for (let t = 0; t <= END; t += 300) {
  const readings = readingsAt(t);
  if (BATCH_TIMES.has(t)) add(t, { type: 'batch', messages: readings });
  else for (const r of readings) add(t, r);
}

type Lot = { batch: string; expiresOn: string; quantity: number };
const count = (t: number, warehouse: string, item: string, quantity: number, lots?: Lot[]) =>
  add(t, { type: 'stock.count', warehouse, item, quantity, at: instantAt(t), ...(lots ? { lots } : {}) });

// 20:00 — the pre-night count (汛期盘点). Some items are already below their minimums.
const counts: [number, string, Record<string, number>][] = [
  [
    0,
    'WH-COUNTY',
    {
      'TENT-SINGLE': 260,
      'TENT-COTTON': 120,
      QUILT: 1350,
      COAT: 640,
      FOLDBED: 230,
      LIFEJACKET: 620,
      LIFEBUOY: 240,
      'BOAT-ASSAULT': 5,
      'BOAT-RUBBER': 12,
      SANDBAG: 62000,
      GEOTEXTILE: 4200,
      PUMP: 14,
      GENERATOR: 8,
      LAMP: 26,
      RAINCOAT: 410,
    },
  ],
  [60, 'WH-T01', { SANDBAG: 18000, GEOTEXTILE: 520, PUMP: 2, LIFEJACKET: 150, RAINCOAT: 110, LAMP: 4 }],
  [
    90,
    'WH-T05',
    {
      SANDBAG: 16000,
      GEOTEXTILE: 600,
      PUMP: 1,
      LIFEJACKET: 160,
      'BOAT-ASSAULT': 1,
      'BOAT-RUBBER': 1,
      LAMP: 5,
      GENERATOR: 1,
      QUILT: 60,
      'TENT-SINGLE': 12,
    },
  ],
  [120, 'WH-T08', { 'TENT-SINGLE': 10, QUILT: 52, FOLDBED: 20, COAT: 30 }],
  [
    150,
    'WH-T09',
    {
      LIFEJACKET: 90,
      SANDBAG: 9000,
      'TENT-SINGLE': 8,
      QUILT: 55,
      'BOAT-ASSAULT': 1,
      'BOAT-RUBBER': 1,
      LIFEBUOY: 30,
    },
  ],
  [180, 'WH-T11', { LAMP: 4, GENERATOR: 1, RAINCOAT: 40, QUILT: 50, FOLDBED: 22, 'TENT-SINGLE': 10 }],
];
for (const [t, warehouse, quantities] of counts) {
  for (const [item, quantity] of Object.entries(quantities)) count(t, warehouse, item, quantity);
}
count(30, 'WH-COUNTY', 'WATER', 380, [
  { batch: 'W2025-08', expiresOn: '2026-08-31', quantity: 120 },
  { batch: 'W2026-03', expiresOn: '2027-03-15', quantity: 260 },
]);
count(30, 'WH-COUNTY', 'FOOD', 300, [
  { batch: 'F2025-10', expiresOn: '2026-09-10', quantity: 100 },
  { batch: 'F2026-04', expiresOn: '2027-04-20', quantity: 200 },
]);
count(150, 'WH-T09', 'FOOD', 25, [{ batch: 'F2025-12', expiresOn: '2026-12-01', quantity: 25 }]);

type MoveOptions = {
  incident?: string;
  team?: string;
  to?: string;
  lot?: { batch: string; expiresOn?: string };
};
// Document numbers as the ledger forms are labelled: 入库 RK, 出库 CK, 调拨 DB, 调整 TZ.
const DOC_PREFIX: Record<string, string> = { in: 'RK', out: 'CK', transfer: 'DB', adjust: 'TZ' };
const docCounts = new Map<string, number>();
const docNo = (kind: string) => {
  const n = (docCounts.get(kind) ?? 0) + 1;
  docCounts.set(kind, n);
  return `RC-${DOC_PREFIX[kind]}-20260719-${String(n).padStart(3, '0')}`;
};
const move = (
  t: number,
  warehouse: string,
  item: string,
  kind: string,
  quantity: number,
  reason: string,
  options: MoveOptions = {},
) =>
  add(t, {
    type: 'stock.movement',
    warehouse,
    item,
    kind,
    quantity,
    at: instantAt(t),
    ...options,
    docNo: docNo(kind),
    reason,
  });

const INC_HOUSE = 'INC-20260719-01';
const INC_KILN = 'INC-20260719-02';
const INC_LINWAN = 'INC-20260719-03';
const INC_DAM = 'INC-20260719-04';
const INCIDENTS = [INC_HOUSE, INC_KILN, INC_LINWAN, INC_DAM];
const none = { deaths: 0, missing: 0, seriousInjuries: 0, injuries: 0, trapped: 0, evacuated: 0 };
const report = (t: number, fields: Omit<Draft, 'type'>) =>
  add(t, { type: 'incident.report', ...fields, status: 'open' });
const update = (t: number, incident: string, fields: Omit<Draft, 'type'>) =>
  add(t, { type: 'incident.update', incident, at: instantAt(t), ...fields });

// 21:10 a house collapses in 韩庄镇陈湾村 (一般); the township reports it 15 minutes later.
report(5100, {
  incident: INC_HOUSE,
  category: 'natural',
  kind: 'house_collapse',
  title: '韩庄镇陈湾村一处民房因降雨倒塌，1人受伤',
  township: 'T08',
  village: 'V0805',
  location: '陈湾村三组',
  occurredAt: instantAt(4200),
  casualties: { ...none, injuries: 1, evacuated: 4 },
  directLossYuan: 60000,
  description: '持续强降雨致土坯房后墙倒塌，1名老人轻伤，已送镇卫生院；同户4人已转移至村委会。',
});
move(6000, 'WH-T08', 'TENT-SINGLE', 'out', 2, '陈湾村倒房户临时安置', { incident: INC_HOUSE });
move(6000, 'WH-T08', 'QUILT', 'out', 8, '陈湾村倒房户临时安置', { incident: INC_HOUSE });
update(9900, INC_HOUSE, {
  casualties: { evacuated: 11 },
  directLossYuan: 85000,
  note: '续报：伤者转县人民医院，无生命危险；相邻两户危房7人一并转移。',
});

// 22:05 a brick-kiln shed collapses in 王岗镇梁桥村: first 1 dead, 2 missing (一般), then 3 dead (较大).
report(8400, {
  incident: INC_KILN,
  category: 'accident',
  kind: 'production_safety',
  title: '王岗镇梁桥村砖厂窑棚坍塌，1人死亡2人失联',
  township: 'T11',
  village: 'V1102',
  location: '梁桥村东砖厂',
  occurredAt: instantAt(7500),
  casualties: { ...none, deaths: 1, missing: 2, injuries: 2, evacuated: 35, atRisk: 40 },
  directLossYuan: 1200000,
  description: '暴雨中砖厂窑棚坍塌，现场作业人员被埋压；镇救援队和县蛟龙救援队正在搜救，厂区35人已撤离。',
});
move(8700, 'WH-T11', 'LAMP', 'out', 2, '梁桥村砖厂夜间搜救照明', { incident: INC_KILN });
move(8700, 'WH-T11', 'GENERATOR', 'out', 1, '梁桥村砖厂夜间搜救照明', { incident: INC_KILN });
move(9300, 'WH-COUNTY', 'LAMP', 'out', 4, '县救援队携带照明支援梁桥村', { incident: INC_KILN });
move(9300, 'WH-T11', 'RAINCOAT', 'out', 30, '搜救人员雨具', { incident: INC_KILN });
update(12600, INC_KILN, {
  casualties: { deaths: 3, missing: 0, seriousInjuries: 1 },
  directLossYuan: 3800000,
  note: '续报：2名失联人员已找到，均已死亡；另1人重伤送市中心医院。事故等级升为较大。',
});
update(18000, INC_KILN, {
  directLossYuan: 4650000,
  note: '续报：现场搜救结束，砖厂已停产封存，事故调查组已成立。',
});

// 23:00 the 汝河 floods low ground in 沙口镇林湾村: 14 people trapped, no deaths (较大涉险).
report(11100, {
  incident: INC_LINWAN,
  category: 'natural',
  kind: 'flood',
  title: '沙口镇林湾村低洼处进水，14名群众被困',
  township: 'T09',
  village: 'V0907',
  location: '林湾村南组汝河滩地',
  occurredAt: instantAt(10800),
  casualties: { ...none, trapped: 14, evacuated: 120, atRisk: 60 },
  directLossYuan: 0,
  description: '汝河水位上涨倒灌，林湾村南组积水深约1.2米，14名群众被困屋顶，镇村已组织周边120人转移。',
});
// Stock that went with a team names it (its dispatch): the county team's boats and lifejackets are booked out
// half a minute after it left, so the dispatch they name is stored before them.
const withCounty = { incident: INC_LINWAN, team: 'TEAM-COUNTY' };
move(11430, 'WH-COUNTY', 'BOAT-ASSAULT', 'out', 2, '县救援队携带：林湾村被困群众救援', withCounty);
move(11430, 'WH-COUNTY', 'LIFEJACKET', 'out', 80, '县救援队携带：林湾村被困群众救援', withCounty);
move(11430, 'WH-COUNTY', 'LIFEBUOY', 'out', 30, '林湾村被困群众救援', { incident: INC_LINWAN });
const withT09 = { incident: INC_LINWAN, team: 'TEAM-T09' };
move(11700, 'WH-T09', 'BOAT-ASSAULT', 'out', 1, '镇救援队携带：林湾村被困群众救援', withT09);
move(11700, 'WH-T09', 'BOAT-RUBBER', 'out', 1, '镇救援队携带：林湾村被困群众救援', withT09);
move(11700, 'WH-T09', 'LIFEJACKET', 'out', 60, '林湾村被困群众救援', { incident: INC_LINWAN });
update(12900, INC_LINWAN, {
  casualties: { trapped: 6, evacuated: 380 },
  note: '续报：冲锋舟已救出8人，余6人仍被困；沙口镇沿河三个村组转移380人。',
});
move(13800, 'WH-COUNTY', 'TENT-SINGLE', 'transfer', 40, '调拨沙口镇安置点', { to: 'WH-T09' });
move(13800, 'WH-COUNTY', 'QUILT', 'transfer', 300, '调拨沙口镇安置点', { to: 'WH-T09' });
move(13800, 'WH-COUNTY', 'SANDBAG', 'transfer', 8000, '调拨沙口镇汝河堤防抢险', { to: 'WH-T09' });
move(13800, 'WH-COUNTY', 'FOOD', 'transfer', 60, '调拨沙口镇安置点', {
  to: 'WH-T09',
  lot: { batch: 'F2025-10', expiresOn: '2026-09-10' },
});
move(15000, 'WH-T09', 'TENT-SINGLE', 'out', 35, '林湾村转移群众安置', { incident: INC_LINWAN });
move(15000, 'WH-T09', 'QUILT', 'out', 280, '林湾村转移群众安置', { incident: INC_LINWAN });
move(15000, 'WH-T09', 'FOOD', 'out', 50, '林湾村转移群众安置', { incident: INC_LINWAN });
update(15300, INC_LINWAN, {
  casualties: { trapped: 0, evacuated: 620 },
  directLossYuan: 2300000,
  note: '续报：被困14人全部救出，无人员伤亡；累计转移620人，集中安置于沙口镇中学。',
});
update(19800, INC_LINWAN, {
  casualties: { evacuated: 860 },
  directLossYuan: 3100000,
  note: '续报：累计转移860人，农作物受灾约2100亩。',
});

// 23:20 the county flood HQ orders the villages below the dam of 白鹭湖水库 to move out as the lake keeps rising.
report(12300, {
  incident: INC_DAM,
  category: 'natural',
  kind: 'flood',
  title: '白鹭湖水库超汛限持续上涨，坝下三村预防性转移',
  township: 'T05',
  village: 'V0504',
  location: '湖滨镇何洼、宋店、董屯三村',
  occurredAt: instantAt(12000),
  casualties: { ...none, evacuated: 450 },
  directLossYuan: 0,
  description: '水库水位超汛限并持续上涨，泄洪闸加大下泄，县防指决定坝下三村预防性转移。',
});
move(13200, 'WH-T05', 'SANDBAG', 'out', 6000, '水库副坝及溢洪道两岸加固', {
  incident: INC_DAM,
  team: 'TEAM-T05',
});
move(13200, 'WH-T05', 'GEOTEXTILE', 'out', 400, '水库副坝及溢洪道两岸加固', { incident: INC_DAM });
move(14400, 'WH-COUNTY', 'PUMP', 'out', 4, '坝下排涝', { incident: INC_DAM, team: 'TEAM-COUNTY' });
move(14400, 'WH-COUNTY', 'GENERATOR', 'out', 2, '坝下排涝', { incident: INC_DAM, team: 'TEAM-COUNTY' });
move(16800, 'WH-COUNTY', 'GEOTEXTILE', 'out', 1500, '水库大坝背水坡渗水处置', { incident: INC_DAM });
update(16800, INC_DAM, { casualties: { evacuated: 1300 }, note: '续报：坝下三村累计转移1300人。' });
update(20400, INC_DAM, {
  casualties: { evacuated: 2150 },
  note: '续报：库水位接近设计洪水位，转移范围扩大至沿河五村，累计转移2150人。',
});

// 城关街道 reinforces the 汝河 dike once the town gauge is over 警戒; the city sends sandbags at 01:10.
move(13500, 'WH-T01', 'SANDBAG', 'out', 6000, '汝河城关段堤防巡查加固');
move(13500, 'WH-T01', 'LAMP', 'out', 2, '汝河城关段夜间巡堤');
move(18600, 'WH-COUNTY', 'SANDBAG', 'in', 20000, '市应急局调拨编织袋到库');

update(21000, INC_HOUSE, { status: 'closed', note: '终报：伤者病情稳定，倒房户已妥善安置，事件处置完毕。' });

// Rescue forces (issue 17). At 20:05 every team reports its roll call (all on standby, at or above its minimum
// after the night's dispatches, so no team runs short); each incident gets teams within its first half hour, they
// report arriving within their travel time, and all come back but the county team at the dam, still out at dawn.
const forcesConfig = decodeConfig(
  JSON.parse(readFileSync(join(ROOT, 'fixtures/county/demo-county.json'), 'utf8')),
);
if (!forcesConfig.ok) throw new Error(`demo-county.json: ${forcesConfig.message}`);
const TEAMS = forcesConfig.value.forces.teams;
add(300, {
  type: 'batch',
  messages: TEAMS.map((team, i) => ({
    type: 'team.status',
    team: team.code,
    available: team.strength - (i % 3),
    posture: 'standby',
    at: instantAt(300),
  })),
});
const sent = (
  team: string,
  incident: string,
  headcount: number,
  departed: number,
  arrived: number,
  back?: number,
  note?: string,
) => {
  add(departed, {
    type: 'team.dispatch',
    team,
    incident,
    headcount,
    departedAt: instantAt(departed),
    ...(note ? { note } : {}),
  });
  add(arrived, { type: 'team.arrive', team, incident, at: instantAt(arrived) });
  if (back !== undefined) add(back, { type: 'team.return', team, incident, at: instantAt(back) });
};
sent('TEAM-V0805', INC_HOUSE, 8, 5400, 6000, 9900, '转移倒房户及相邻危房群众');
sent('TEAM-T11', INC_KILN, 10, 8500, 9600, 18000, '现场搜救');
sent('TEAM-JIAOLONG', INC_KILN, 20, 8700, 11100, 18300, '生命探测仪、破拆工具');
sent('TEAM-T09', INC_LINWAN, 16, 11200, 12300, 15600, '冲锋舟1艘、橡皮艇1艘');
sent('TEAM-V0907', INC_LINWAN, 6, 11200, 11700, 15600);
sent('TEAM-COUNTY', INC_LINWAN, 30, 11400, 13800, 16200, '冲锋舟2艘、救生衣80件');
sent('TEAM-T05', INC_DAM, 12, 12400, 13000, 21000, '副坝加固');
sent('TEAM-COUNTY', INC_DAM, 25, 12600, 14400, undefined, '排涝泵4台、发电机2台');

// Every code a message names must exist in the demo county, or the replay would only produce UNKNOWN_REFERENCE.
const config = decodeConfig(JSON.parse(readFileSync(join(ROOT, 'fixtures/county/demo-county.json'), 'utf8')));
if (!config.ok) throw new Error(`demo-county.json: ${config.message}`);
const { stations: s, warehouses: w, items: it, townships: tw } = config.value;
const known = new Set(
  [...s, ...w, ...it, ...tw, ...tw.flatMap((t) => t.villages), ...config.value.forces.teams]
    .map((x) => x.code)
    .concat(INCIDENTS),
);
const checkCodes = (m: Draft) => {
  for (const key of ['station', 'warehouse', 'item', 'to', 'township', 'village', 'incident', 'team']) {
    const code = m[key];
    if (typeof code === 'string' && !known.has(code))
      throw new Error(`${m.type} names unknown ${key} ${code}`);
  }
};

// 20:04 — every other store with a minimum reports its pre-night count too, all at or above the minimum (120–180%,
// fixed per line): the shortfalls the console shows are the ones this night is about. All but the last store,
// whose keeper has not reported yet: never-counted lines must show as such (未盘点), not as fine.
const countedLines = new Set(
  lines.flatMap(({ message: m }) => (m.type === 'stock.count' ? [`${m['warehouse']}/${m['item']}`] : [])),
);
const routineCounts: Draft[] = w.slice(0, -1).flatMap((warehouse, i) =>
  Object.entries(warehouse.minimums)
    .filter(([item, minimum]) => minimum > 0 && !countedLines.has(`${warehouse.code}/${item}`))
    .map(([item, minimum], j) => ({
      type: 'stock.count',
      warehouse: warehouse.code,
      item,
      quantity: Math.ceil(minimum * (1.2 + ((i * 7 + j * 3) % 7) / 10)),
      at: instantAt(240),
    })),
);
for (let from = 0; from < routineCounts.length; from += 400) {
  add(240, { type: 'batch', messages: routineCounts.slice(from, from + 400) });
}

// Stable sort by time keeps each step's own order; ids follow the final order.
const ordered = lines.map((line, i) => ({ line, i })).sort((a, b) => a.line.t - b.line.t || a.i - b.i);
const out = [JSON.stringify({ scenario: 'flood-night', title: TITLE, start: START })];
ordered.forEach(({ line }, i) => {
  const id = `fn-${String(i + 1).padStart(4, '0')}`;
  const { type, ...rest } = line.message;
  const message: Draft = { type, id, ...rest };
  if (message.messages) {
    message.messages = message.messages.map(({ type: inner, ...fields }, k) => ({
      type: inner,
      id: `${id}-${k + 1}`,
      ...fields,
    }));
  }
  for (const m of message.messages ?? [message]) checkCodes(m);
  const decoded = decodeIngestValue(message);
  if (!decoded.ok) throw new Error(`${id}: ${decoded.message}`);
  out.push(JSON.stringify({ t: line.t, message }));
});

writeFileSync(join(ROOT, 'fixtures/scenarios/flood-night.jsonl'), `${out.join('\n')}\n`);
console.log(`wrote ${out.length} lines`);
