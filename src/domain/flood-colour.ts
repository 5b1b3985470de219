import type { GaugeLevels, ReservoirLevels } from '../protocol/index.js';
import { LEVEL_EPSILON, reaches } from './station-lines.js';

/** A flood warning colour (水情预警), mildest first. */
export type FloodColour = 'none' | 'blue' | 'yellow' | 'orange' | 'red';

/** The colours in order of severity, for comparing and sorting. */
export const FLOOD_COLOURS: readonly FloodColour[] = ['none', 'blue', 'yellow', 'orange', 'red'];

/**
 * A river gauge's colour (水利部 2013 水情预警): red ≥ historical max, orange ≥ 保证, yellow ≥ 警戒, blue within
 * `approachMargin` below 警戒.
 */
export function riverColour(gauge: GaugeLevels, level: number, approachMargin: number): FloodColour {
  if (gauge.historicalMax !== undefined && reaches(level, gauge.historicalMax)) return 'red';
  if (reaches(level, gauge.guaranteeLevel)) return 'orange';
  if (reaches(level, gauge.warningLevel)) return 'yellow';
  if (reaches(level, gauge.warningLevel - approachMargin)) return 'blue';
  return 'none';
}

/** Whether a reservoir level is within `designMargin` of 设计洪水位 or above it (a 紧急防汛期 criterion, 防洪法 Art. 41). */
export function isNearDesign(levels: ReservoirLevels, level: number): boolean {
  return reaches(level, levels.designFloodLevel - levels.designMargin);
}

/** Whether a level is strictly above today's binding 汛限 (防洪法 Art. 44: storing above it needs authorisation). */
export function isOverFloodLimit(level: number, floodLimit: number | undefined): boolean {
  return floodLimit !== undefined && level > floodLimit + LEVEL_EPSILON;
}

/**
 * A reservoir's colour: red ≥ 校核洪水位 or ≥ historical max, orange near 设计洪水位, yellow above 汛限, blue within
 * `approachMargin` below 汛限. `floodLimit` is today's 汛限, passed only in flood season, so out of season only the
 * design-flood criteria colour a reservoir.
 */
export function reservoirColour(
  levels: ReservoirLevels,
  level: number,
  approachMargin: number,
  floodLimit: number | undefined,
): FloodColour {
  if (reaches(level, levels.checkFloodLevel)) return 'red';
  if (levels.historicalMax !== undefined && reaches(level, levels.historicalMax)) return 'red';
  if (isNearDesign(levels, level)) return 'orange';
  if (floodLimit === undefined) return 'none';
  if (isOverFloodLimit(level, floodLimit)) return 'yellow';
  if (reaches(level, floodLimit - approachMargin)) return 'blue';
  return 'none';
}
