import type { WatchState } from '../watch-state.js';
import { type StationRow, selectStationRows } from './stations.js';

/**
 * One station's status as scripts read it (`dutywatch watch --json --stations`): the same rows the screens are
 * drawn from. A stale station says `stale` with what it last showed (`lastStatus`), its last level and when it
 * was observed — never its last colour alone.
 */
export type StationStatusLine = {
  code: string;
  status: StationRow['condition'];
  lastStatus: StationRow['lastCondition'] | null;
  floodColour: StationRow['floodColour'];
  level: number | null;
  /** ISO time the latest reading was observed; null with no reading. */
  observedAt: string | null;
  stale: boolean;
};

/** Every station's status line, in config order. */
export function selectStationStatusLines(state: WatchState, now: number): StationStatusLine[] {
  return selectStationRows(state, now, { names: 'ascii' }).map((row) => ({
    code: row.code,
    status: row.condition,
    lastStatus: row.lastCondition ?? null,
    floodColour: row.floodColour,
    level: row.level ?? null,
    observedAt: row.observedAt === undefined ? null : new Date(row.observedAt).toISOString(),
    stale: row.stale,
  }));
}
