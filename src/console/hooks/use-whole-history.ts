import { useEffect } from 'react';
import type { HistoryAnswer } from '../../client/pending-replies.js';
import type { WatchState } from '../../state/watch-state.js';

/** Asks the collector for one station's whole history (`history.get`); the answer reaches the store as a frame. */
export type ReadHistory = (station: string, id: string) => Promise<HistoryAnswer>;

/**
 * While a station's details are open and its snapshot history was thinned (issue 19.6), asks once for the whole
 * day, so the chart an officer reads is every reading, not the snapshot's samples. Asks again when the link comes
 * back live or a new snapshot thins it again; a failed ask is left to those moments, never retried in a loop.
 */
export function useWholeHistory(
  state: WatchState,
  station: string | undefined,
  readHistory: ReadHistory | undefined,
  newId: () => string,
): void {
  const isThinned = station !== undefined && state.stations.get(station)?.historyThinned === true;
  const isLive = state.connection.status === 'live';
  // biome-ignore lint/correctness/useExhaustiveDependencies: newId and readHistory are fixed for the console's life
  useEffect(() => {
    if (!readHistory || station === undefined || !isThinned || !isLive) return;
    // A dropped link rejects; an unknown station answers with an error: the details keep the sampled chart.
    readHistory(station, newId()).catch(() => {});
  }, [station, isThinned, isLive]);
}
