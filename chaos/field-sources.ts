import {
  CHAOS_TOKENS,
  sourceStation,
  sourceTownship,
  sourceWarehouse,
  WARNING_LEVEL,
} from './chaos-config.js';
import { fieldSource, innerIds } from './messages.js';
import { ChaosSource } from './source.js';

export type FieldSourcesOptions = {
  /** Ids of source i are `${prefix}${i + 1}-n`, so each run's (and each restart's) ids are its own. */
  prefix: string;
  ratePerSecond: number;
  /** Source i's wave takes this many seconds plus i, so the sources' alerts do not open in step. */
  firstPeriodSeconds: number;
};

/**
 * The first `count` field sources of the chaos county (not yet connected), each with its own token, gauge,
 * warehouse and township, its wave crossing the warning line: the load the crash, disk and backup runs share.
 */
export function chaosFieldSources(count: number, options: FieldSourcesOptions): ChaosSource[] {
  return Array.from(
    { length: count },
    (_, i) =>
      new ChaosSource({
        token: CHAOS_TOKENS.sources[i] as string,
        window: 50,
        ratePerSecond: options.ratePerSecond,
        innerIds,
        make: fieldSource({
          prefix: `${options.prefix}${i + 1}`,
          station: sourceStation(i),
          warehouse: sourceWarehouse(i),
          township: sourceTownship(i),
          periodSeconds: options.firstPeriodSeconds + i,
          line: WARNING_LEVEL,
        }),
      }),
  );
}

/** What each source was promised (acked), keyed as the checks name them: `source-1`, `source-2`, … */
export function promisedBySource(sources: readonly ChaosSource[]): Map<string, Set<string>> {
  return new Map(sources.map((s, i) => [`source-${i + 1}`, s.promised()]));
}
