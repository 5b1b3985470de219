import { describe, expect, it } from 'vitest';
import { configSchema, type ReadingPoint } from '../../src/protocol/index.js';
import { stationRainfall } from '../../src/state/selectors/rainfall.js';
import { collectorsPerTest } from '../helpers/collector-per-test.js';
import { TOKENS, testConfigInput } from '../helpers/test-config.js';
import { watch } from '../helpers/watch-client.js';
import { request } from '../helpers/ws-client.js';

// Issue 19.6 through a real collector: with `server.snapshotHistoryPoints` set, a snapshot thins the station's
// history (and says so) while its newest hour, its rain and its newest reading stay exact; without it (the
// default) every reading is sent, as before. The thinning's equivalence over many series is in thin-history.test.ts.

const { start, ingest } = collectorsPerTest();
const MINUTE = 60_000;
const READINGS = 72; // six hours, one every five minutes

type StationInFeed = { code: string; history: ReadingPoint[]; historyThinned?: true };

async function snapshotAfterSixHours(snapshotHistoryPoints?: number) {
  const input = testConfigInput();
  const config = configSchema.parse({
    ...input,
    server: { ...input.server, ...(snapshotHistoryPoints ? { snapshotHistoryPoints } : {}) },
  });
  const running = await start({ config });
  const source = await ingest(running.url, TOKENS.gauges);
  const first = Date.now() - (READINGS - 1) * 5 * MINUTE;
  const sent: ReadingPoint[] = [];
  for (let i = 0; i < READINGS; i++) {
    const point = { at: first + i * 5 * MINUTE, level: 5 + i / 100, rain: i % 3 === 0 ? 0.5 : 0.2 };
    const reply = await request(source, {
      type: 'reading',
      id: `r-${i}`,
      station: 'G1',
      observedAt: new Date(point.at).toISOString(),
      level: point.level,
      rain: point.rain,
    });
    expect(reply).toMatchObject({ type: 'ack' });
    sent.push(point);
  }
  const watcher = await watch(running.url, TOKENS.viewer);
  await watcher.until((frames) => frames.some((f) => f.type === 'snapshot'));
  watcher.ws.close();
  const snapshot = watcher.frames.find((f) => f.type === 'snapshot') as unknown as {
    stations: StationInFeed[];
  };
  return { g1: snapshot.stations.find((s) => s.code === 'G1') as StationInFeed, sent };
}

describe('a snapshot over its history budget', () => {
  it('thins the older readings, says so, and keeps the newest hour, the rain and the newest reading exact', async () => {
    const { g1, sent } = await snapshotAfterSixHours(10);
    expect(g1.historyThinned).toBe(true);
    expect(g1.history.length).toBeLessThan(sent.length);
    const lastHour = sent.filter((p) => p.at >= (sent.at(-1) as ReadingPoint).at - 60 * MINUTE);
    expect(g1.history.slice(-lastHour.length).map((p) => [p.at, p.level, p.rain])).toEqual(
      lastHour.map((p) => [p.at, p.level, p.rain]),
    );
    expect(g1.history[0]).toMatchObject({ at: sent[0]?.at, level: sent[0]?.level });
    expect(stationRainfall(g1.history)).toEqual(stationRainfall(sent));
  });

  it('sends every reading when no budget is set (the default)', async () => {
    const { g1, sent } = await snapshotAfterSixHours();
    expect(g1.historyThinned).toBeUndefined();
    expect(g1.history.map((p) => [p.at, p.level, p.rain])).toEqual(sent.map((p) => [p.at, p.level, p.rain]));
  });
});
