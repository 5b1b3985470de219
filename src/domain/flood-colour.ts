import type { GaugeLevels, ReservoirLevels } from '../protocol/index.js';
import type { ReservoirCeiling } from './reservoir-ceiling.js';
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
 * A reservoir's colour: red ≥ 校核洪水位 or ≥ historical max, orange near 设计洪水位, yellow above today's ceiling,
 * blue within `approachMargin` below 汛限. `ceiling` is today's 汛限 while a period binds, else 正常蓄水位
 * (reservoir-ceiling.ts), so a level over 防洪高水位 — above both — is never 'none' in any season (issue 12.9).
 * Sitting at 正常蓄水位 out of season is a full reservoir doing its job, so that ceiling has no blue band.
 */
export function reservoirColour(
  levels: ReservoirLevels,
  level: number,
  approachMargin: number,
  ceiling: ReservoirCeiling,
): FloodColour {
  if (reaches(level, levels.checkFloodLevel)) return 'red';
  if (levels.historicalMax !== undefined && reaches(level, levels.historicalMax)) return 'red';
  if (isNearDesign(levels, level)) return 'orange';
  if (isOverFloodLimit(level, ceiling.level)) return 'yellow';
  if (levels.floodHighLevel !== undefined && reaches(level, levels.floodHighLevel)) return 'yellow';
  if (ceiling.kind === 'floodLimit' && reaches(level, ceiling.level - approachMargin)) return 'blue';
  return 'none';
}
