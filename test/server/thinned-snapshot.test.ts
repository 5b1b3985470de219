import { describe, expect, it } from 'vitest';
import { configSchema, type ReadingPoint } from '../../src/protocol/index.js';
import { stationRainfall } from '../../src/state/selectors/rainfall.js';
import { collectorsPerTest } from '../helpers/collector-per-test.js';
import { sendSixHoursOfG1 } from '../helpers/six-hours-of-g1.js';
import { TOKENS, testConfigInput } from '../helpers/test-config.js';
import { watch } from '../helpers/watch-client.js';

// Issue 19.6 through a real collector: past `server.snapshotHistoryPoints`, a snapshot thins the station's
// history (and says so) while its newest hour, its rain and its newest reading stay exact; within it (the default,
// 20,000, for a small county) every reading is sent. The thinning's equivalence over many series is in
// thin-history.test.ts; asking for the whole history afterwards is in history-request.test.ts.

const { start, ingest } = collectorsPerTest();
const MINUTE = 60_000;

type StationInFeed = { code: string; history: ReadingPoint[]; historyThinned?: true };

async function snapshotAfterSixHours(snapshotHistoryPoints?: number) {
  const input = testConfigInput();
  const config = configSchema.parse({
    ...input,
    server: { ...input.server, ...(snapshotHistoryPoints ? { snapshotHistoryPoints } : {}) },
  });
  const running = await start({ config });
  const sent = await sendSixHoursOfG1(await ingest(running.url, TOKENS.gauges));
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

  it('sends every reading when they fit the default budget', async () => {
    expect(configSchema.parse(testConfigInput()).server.snapshotHistoryPoints).toBe(20_000);
    const { g1, sent } = await snapshotAfterSixHours();
    expect(g1.historyThinned).toBeUndefined();
    expect(g1.history.map((p) => [p.at, p.level, p.rain])).toEqual(sent.map((p) => [p.at, p.level, p.rain]));
  });
});
