import { hashToken } from '../server/auth/tokens.js';
import type { ConfigInput } from '../src/protocol/index.js';
import { testConfigInput } from '../test/helpers/test-config.js';

/** How many sources stream in the crash cycles and the disk trouble run. */
export const SOURCE_COUNT = 5;

/** Plaintext tokens of the chaos county. */
export const CHAOS_TOKENS = {
  sources: Array.from({ length: SOURCE_COUNT }, (_, i) => `tok-chaos-source-${i + 1}`),
  flooder: 'tok-chaos-flooder',
  fuzzer: 'tok-chaos-fuzzer',
  idle: 'tok-chaos-idle',
  viewer: 'tok-chaos-viewer',
  officer: 'tok-chaos-officer',
  leader: 'tok-chaos-leader',
} as const;

/** Source i reports for gauge G{i}, warehouse W{i} and one township. */
export const sourceStation = (i: number) => `G${i + 1}`;
export const sourceWarehouse = (i: number) => `W${i + 1}`;
export const sourceTownship = (i: number) => (i % 2 === 0 ? 'T1' : 'T2');

/** The water line the gauges' readings cross, so alerts open, climb their ladders and close all the time. */
export const WARNING_LEVEL = 10;

export type ChaosConfigOptions = {
  /** Seconds between ladder rungs (a few, so escalations happen while the collector is being killed). */
  rungSeconds?: number;
  rateLimitPerSecond?: number;
  rateLimitBurst?: number;
  actionRateLimitPerSecond?: number;
  actionRateLimitBurst?: number;
  heartbeatSeconds?: number;
  maxDatabasePages?: number;
  /** Ids held in memory; past it they spill to the database (`idempotencyMaxIds`). */
  idempotencyMaxIds?: number;
};

/**
 * The chaos county: the test county's townships, people and duty, with five gauges and five warehouses, one
 * token per source (scoped to its own gauge, warehouse and township), watchers of every role, and a fast
 * ladder with no hold on water alerts, so alerts open, escalate and close while sources stream.
 */
export function chaosConfig(options: ChaosConfigOptions = {}): ConfigInput {
  const base = testConfigInput();
  const rung = (options.rungSeconds ?? 2) / 60;
  return {
    ...base,
    stations: Array.from({ length: SOURCE_COUNT }, (_, i) => ({
      code: sourceStation(i),
      name: `测试站${i + 1}`,
      nameAscii: `Gauge ${i + 1}`,
      kind: 'river' as const,
      township: sourceTownship(i),
      river: '汝河',
      gauge: { warningLevel: WARNING_LEVEL, guaranteeLevel: 12, historicalMax: 13 },
    })),
    warehouses: Array.from({ length: SOURCE_COUNT }, (_, i) => ({
      code: sourceWarehouse(i),
      name: `储备点${i + 1}`,
      nameAscii: `Store ${i + 1}`,
      tier: 'township' as const,
      township: sourceTownship(i),
      minimums: { TENT: 10, BAG: 100 },
    })),
    server: {
      rateLimitPerSecond: options.rateLimitPerSecond ?? 1_000_000,
      rateLimitBurst: options.rateLimitBurst ?? 1_000_000,
      actionRateLimitPerSecond: options.actionRateLimitPerSecond ?? 1_000_000,
      actionRateLimitBurst: options.actionRateLimitBurst ?? 1_000_000,
      ...(options.heartbeatSeconds ? { heartbeatSeconds: options.heartbeatSeconds } : {}),
      ...(options.maxDatabasePages ? { maxDatabasePages: options.maxDatabasePages } : {}),
      ...(options.idempotencyMaxIds ? { idempotencyMaxIds: options.idempotencyMaxIds } : {}),
    },
    alerts: { minHoldMinutes: 0, clearMargin: 0.05 },
    escalation: {
      ladders: {
        default: {
          steps: (['officer', 'leader', 'chief', 'government'] as const).map((target) => ({
            target,
            delayMinutes: rung,
          })),
          repeat: 2,
        },
      },
      classes: { '*': 'default', 'water.blue': 'none', 'stock.expiring': 'none' },
    },
    tokens: [
      ...CHAOS_TOKENS.sources.map((token, i) => ({
        name: `source-${i + 1}`,
        role: 'source' as const,
        hash: hashToken(token),
        scope: {
          stations: [sourceStation(i)],
          warehouses: [sourceWarehouse(i)],
          townships: [sourceTownship(i)],
        },
      })),
      {
        name: 'flooder',
        role: 'source',
        hash: hashToken(CHAOS_TOKENS.flooder),
        scope: { stations: '*', warehouses: '*', townships: '*' },
      },
      {
        name: 'fuzzer',
        role: 'source',
        hash: hashToken(CHAOS_TOKENS.fuzzer),
        scope: { stations: '*', warehouses: '*', townships: '*' },
      },
      { name: 'idle', role: 'source', hash: hashToken(CHAOS_TOKENS.idle), scope: { stations: '*' } },
      { name: 'viewer', role: 'viewer', hash: hashToken(CHAOS_TOKENS.viewer) },
      { name: 'officer', role: 'officer', hash: hashToken(CHAOS_TOKENS.officer), person: 'P1' },
      { name: 'leader', role: 'leader', hash: hashToken(CHAOS_TOKENS.leader), person: 'P2' },
    ],
  };
}

/** The ladder's rung count, for the escalation checks. */
export const LADDER_STEPS = 4;
