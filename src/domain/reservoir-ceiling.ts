import type { ReservoirLevels } from '../protocol/index.js';
import { type FloodLimit, floodLimitAt, isInSeason, type Season } from './flood-limit.js';

/**
 * The highest level a reservoir may hold on one day without authorisation: today's 汛限 while a flood-limit
 * period binds (防洪法 Art. 44), otherwise its 正常蓄水位. Outside every period a reservoir may fill to its normal
 * pool, never above it: a level over 正常蓄水位 (let alone over 防洪高水位) is not "normal" in any season.
 */
export type ReservoirCeiling =
  | { kind: 'floodLimit'; level: number; floodLimit: FloodLimit }
  | { kind: 'normal'; level: number };

/** The reservoir's ceiling on the local day containing `now`. */
export function reservoirCeiling(
  levels: ReservoirLevels,
  now: number,
  opts: { utcOffset: string; floodSeason: Season },
): ReservoirCeiling {
  const floodLimit = bindingFloodLimit(levels, now, opts);
  return floodLimit
    ? { kind: 'floodLimit', level: floodLimit.level, floodLimit }
    : { kind: 'normal', level: levels.normalLevel };
}

/** Today's 汛限 when it binds: only in flood season, and only on a day one of the reservoir's periods covers. */
export function bindingFloodLimit(
  levels: ReservoirLevels,
  now: number,
  opts: { utcOffset: string; floodSeason: Season },
): FloodLimit | undefined {
  if (!isInSeason(opts.floodSeason, now, opts.utcOffset)) return undefined;
  return floodLimitAt(levels, now, opts.utcOffset);
}
