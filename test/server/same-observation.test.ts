import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createLiveQueries } from '../../server/live/live-queries.js';
import { HISTORY_MAX_POINTS, type ReadingPoint } from '../../src/protocol/index.js';
import { appendReading } from '../../src/state/history.js';
import { collectorsPerTest } from '../helpers/collector-per-test.js';
import { TOKENS } from '../helpers/test-config.js';
import { type Frame, streamReadings, watch } from '../helpers/watch-client.js';

// Found by the 1,000-cycle chaos run: a source that sends the same observation twice under two ids (a relay or a
// logger resending) had the console that watched all along and a console started afresh show different windows
// of the same station, and the fresh one never caught up.

const collectors = collectorsPerTest();

const COUNT = HISTORY_MAX_POINTS + 20;
const start = Date.now() - 3_600_000;

type Snapshot = Frame & { stations: { code: string; history: ReadingPoint[] }[] };
const historyIn = (snapshot: Frame) =>
  (snapshot as Snapshot).stations.find((s) => s.code === 'G1')?.history ?? [];

/** The history a client keeps: its snapshot, then every reading delta folded in as src/state does. */
function keptHistory(frames: Frame[]): ReadingPoint[] {
  let history = historyIn(frames[0] as Frame);
  for (const frame of frames.slice(1))
    for (const change of (frame.changes ?? []) as {
      kind: string;
      station?: string;
      reading?: ReadingPoint;
    }[])
      if (change.kind === 'reading' && change.station === 'G1')
        history = appendReading(history, change.reading as ReadingPoint);
  return history;
}

describe('the same observation sent twice under two ids', () => {
  it('is one point for a console watching all along, a fresh console, the database and after a restart', async () => {
    let running = await collectors.start();
    const along = await watch(running.url, TOKENS.viewer);
    await along.until((f) => f.length >= 1);

    // Every observation twice: same station, instant and level, another id.
    await streamReadings(running.url, TOKENS.source, COUNT, { start, idPrefix: 'first' });
    await streamReadings(running.url, TOKENS.source, COUNT, { start, idPrefix: 'again' });
    running.collector.feed.flush();
    await along.until((frames) => keptHistory(frames).length === HISTORY_MAX_POINTS);

    const kept = keptHistory(along.frames);
    expect(new Set(kept.map((p) => p.at)).size).toBe(HISTORY_MAX_POINTS);
    expect(kept.at(-1)?.at).toBe(start + (COUNT - 1) * 100);

    const fresh = await watch(running.url, TOKENS.viewer);
    await fresh.until((f) => f.length >= 1);
    expect(historyIn(fresh.frames[0] as Frame)).toEqual(kept);

    const db = new Database(running.dbPath, { readonly: true });
    try {
      expect(db.prepare("SELECT COUNT(*) AS n FROM readings WHERE station = 'G1'").get()).toEqual({
        n: 2 * COUNT,
      });
      expect(createLiveQueries(db).history('G1')).toEqual(kept);
    } finally {
      db.close();
    }

    along.ws.close();
    fresh.ws.close();
    const dir = running.dir;
    await running.collector.close();
    running = await collectors.start({ dir });
    const afterRestart = await watch(running.url, TOKENS.viewer);
    await afterRestart.until((f) => f.length >= 1);
    expect(historyIn(afterRestart.frames[0] as Frame)).toEqual(kept);
    afterRestart.ws.close();
  });
});
