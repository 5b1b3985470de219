import { hashToken } from '../../server/auth/tokens.js';
import { type Config, type ConfigInput, configSchema } from '../../src/protocol/index.js';

/** Plaintext tokens of the test county, by holder. */
export const TOKENS = {
  source: 'tok-source-all',
  gauges: 'tok-source-gauges',
  reporter: 'tok-source-t1',
  officer: 'tok-officer',
  officer2: 'tok-officer-2',
  leader: 'tok-leader',
  viewer: 'tok-viewer',
  admin: 'tok-admin',
  revoked: 'tok-revoked',
} as const;

/** A small county: two townships, a river gauge, a reservoir, two warehouses, two items, one token per role. */
export function testConfigInput(): ConfigInput {
  return {
    county: { code: '410000', name: '测试县', nameAscii: 'Test County' },
    floodSeason: { from: '06-01', to: '09-30' },
    townships: [
      {
        code: 'T1',
        name: '城关镇',
        nameAscii: 'Chengguan',
        villages: [{ code: 'T1V1', name: '东村', nameAscii: 'Dongcun' }],
      },
      {
        code: 'T2',
        name: '河口乡',
        nameAscii: 'Hekou',
        villages: [{ code: 'T2V1', name: '西村', nameAscii: 'Xicun' }],
      },
    ],
    stations: [
      {
        code: 'G1',
        name: '汝河大桥',
        nameAscii: 'Ruhe Bridge',
        kind: 'river',
        township: 'T1',
        river: '汝河',
        riseAlarm: 0.3,
        gauge: { warningLevel: 10, guaranteeLevel: 12, historicalMax: 13 },
        // Tests step G1 across its lines in seconds; the plausibility rule has its own tests (G2 there).
        plausibility: { maxChangePerMinute: 10 },
      },
      {
        code: 'R1',
        name: '白龟湖水库',
        nameAscii: 'Baigui Lake Reservoir',
        kind: 'reservoir',
        township: 'T2',
        plausibility: { maxChangePerMinute: 10 },
        reservoir: {
          deadLevel: 90,
          normalLevel: 103,
          floodHighLevel: 104,
          designFloodLevel: 106,
          checkFloodLevel: 107,
          damCrest: 108,
          floodLimits: [
            { from: '06-01', to: '07-31', level: 101, label: '主汛期' },
            { from: '08-01', to: '09-30', level: 102, label: '后汛期' },
          ],
        },
      },
    ],
    items: [
      { code: 'TENT', name: '帐篷', nameAscii: 'Tent', category: 'shelter', unit: '顶', unitAscii: 'pcs' },
      {
        code: 'BAG',
        name: '编织袋',
        nameAscii: 'Sandbag',
        category: 'flood',
        unit: '条',
        unitAscii: 'pcs',
        isFloodCritical: true,
      },
    ],
    warehouses: [
      {
        code: 'W1',
        name: '县救灾物资储备库',
        nameAscii: 'County depot',
        tier: 'county',
        minimums: { TENT: 10, BAG: 100 },
      },
      {
        code: 'W2',
        name: '城关镇储备点',
        nameAscii: 'Chengguan store',
        tier: 'township',
        township: 'T1',
        minimums: { TENT: 2 },
      },
    ],
    people: [
      { id: 'P1', name: '张伟', nameAscii: 'Zhang Wei', title: '值班员' },
      { id: 'P2', name: '李强', nameAscii: 'Li Qiang', title: '带班领导' },
      { id: 'P3', name: '王局长', nameAscii: 'Director Wang', title: '局长' },
      { id: 'P4', name: '县政府总值班室', nameAscii: 'County duty office' },
      { id: 'P5', name: '赵敏', nameAscii: 'Zhao Min', title: '值班员' },
    ],
    // Tests and benchmarks stream far faster than a county's sources; the rate limit has its own test.
    server: { rateLimitPerSecond: 1_000_000, rateLimitBurst: 1_000_000 },
    duty: {
      anchor: '2026-01-01',
      rotation: [{ officer: 'P1', leader: 'P2' }],
      bureauChief: 'P3',
      governmentDutyOffice: 'P4',
    },
    tokens: [
      {
        name: 'all-sources',
        role: 'source',
        hash: hashToken(TOKENS.source),
        scope: { stations: '*', warehouses: '*', townships: '*', capSenders: '*' },
      },
      { name: 'gauges', role: 'source', hash: hashToken(TOKENS.gauges), scope: { stations: ['G1'] } },
      { name: 'reporter-t1', role: 'source', hash: hashToken(TOKENS.reporter), scope: { townships: ['T1'] } },
      { name: 'officer', role: 'officer', hash: hashToken(TOKENS.officer), person: 'P1' },
      { name: 'leader', role: 'leader', hash: hashToken(TOKENS.leader), person: 'P2' },
      { name: 'officer2', role: 'officer', hash: hashToken(TOKENS.officer2), person: 'P5' },
      { name: 'viewer', role: 'viewer', hash: hashToken(TOKENS.viewer) },
      { name: 'admin', role: 'admin', hash: hashToken(TOKENS.admin) },
      {
        name: 'old',
        role: 'source',
        hash: hashToken(TOKENS.revoked),
        scope: { stations: '*' },
        revoked: true,
      },
    ],
  };
}

/** The test county, validated (so defaults are filled in). */
export function testConfig(): Config {
  return configSchema.parse(testConfigInput());
}
