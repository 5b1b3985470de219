import type { Station } from '../protocol/index.js';
import { LINE_NAMES } from './vocabulary.js';

/** Which characteristic line a level is compared with. */
export type LineKey =
  | 'floodLimit'
  | 'normal'
  | 'floodHigh'
  | 'designFlood'
  | 'checkFlood'
  | 'damCrest'
  | 'historicalMax'
  | 'warning'
  | 'guarantee';

/** A name in Chinese and in English. */
export type Label = { zh: string; en: string };

/** Each line's name as the bureau writes it, and in English (from {@link LINE_NAMES}). */
export const LINE_LABELS: Readonly<Record<LineKey, Label>> = Object.fromEntries(
  Object.entries(LINE_NAMES).map(([key, { zh, en }]) => [key, { zh, en }]),
) as Record<LineKey, Label>;

/** One characteristic line of a station, in metres above its datum. */
export type CharacteristicLine = { key: LineKey; label: Label; level: number };

/** A small tolerance for comparing levels, so `10 − 0.3` reaches a configured `9.7` despite binary floats. */
export const LEVEL_EPSILON = 1e-6;

/** Whether `level` is at or above `line`, within {@link LEVEL_EPSILON}. */
export function reaches(level: number, line: number): boolean {
  return level >= line - LEVEL_EPSILON;
}

/**
 * The lines that apply to a station today, lowest first. `floodLimit` is today's 汛限 level, passed only while it
 * binds (in flood season); 死水位 is left out because nothing in a flood watch is compared with it.
 */
export function characteristicLines(station: Station, floodLimit: number | undefined): CharacteristicLine[] {
  const entries: [LineKey, number | undefined][] = [];
  if (station.reservoir) {
    const r = station.reservoir;
    entries.push(
      ['floodLimit', floodLimit],
      ['normal', r.normalLevel],
      ['floodHigh', r.floodHighLevel],
      ['designFlood', r.designFloodLevel],
      ['checkFlood', r.checkFloodLevel],
      ['damCrest', r.damCrest],
      ['historicalMax', r.historicalMax],
    );
  } else if (station.gauge) {
    const g = station.gauge;
    entries.push(
      ['warning', g.warningLevel],
      ['guarantee', g.guaranteeLevel],
      ['historicalMax', g.historicalMax],
    );
  }
  const lines: CharacteristicLine[] = [];
  for (const [key, level] of entries) {
    if (level !== undefined) lines.push({ key, label: LINE_LABELS[key], level });
  }
  // Array.prototype.sort is stable, so equal levels keep the physical order listed above.
  return lines.sort((a, b) => a.level - b.level);
}
