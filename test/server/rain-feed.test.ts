import { describe, expect, it } from 'vitest';
import type { ReadingPoint } from '../../src/protocol/index.js';
import { collectorsPerTest } from '../helpers/collector-per-test.js';
import { TOKENS } from '../helpers/test-config.js';
import { type Frame, watch } from '../helpers/watch-client.js';
import { connect, requestById } from '../helpers/ws-client.js';

// Rain (雨量) reaches the wall (issue 20.4) only if the watch feed carries it: on the delta a watcher gets as the
// reading arrives, and on the history a fresh snapshot reads back from the database, as the same point.

const collectors = collectorsPerTest();

type Snapshot = Frame & { stations: { code: string; history: ReadingPoint[] }[] };
type ReadingChange = { kind: string; station?: string; reading?: ReadingPoint };

describe('rain on the watch feed', () => {
  it('is carried on the reading delta and read back the same in a fresh snapshot; a reading without rain has none', async () => {
    const running = await collectors.start();
    const along = await watch(running.url, TOKENS.viewer);
    await along.until((f) => f.length >= 1);
    const ingest = await connect(running.url, '/ingest', TOKENS.source);
    const at = Date.now() - 10 * 60_000;
    const send = (id: string, minutes: number, extra: object) =>
      requestById(ingest, {
        type: 'reading',
        id,
        station: 'G1',
        observedAt: new Date(at + minutes * 60_000).toISOString(),
        level: 8.1,
        ...extra,
      });
    expect((await send('rain-1', 0, { rain: 12.5 })).type).toBe('ack');
    expect((await send('rain-2', 5, { rain: 0 })).type).toBe('ack');
    expect((await send('rain-3', 6, {})).type).toBe('ack');
    ingest.close();
    running.collector.feed.flush();

    const deltas = () =>
      along.frames
        .flatMap((f) => (f.changes ?? []) as ReadingChange[])
        .filter((c) => c.kind === 'reading' && c.station === 'G1')
        .map((c) => c.reading);
    await along.until(() => deltas().length === 3);
    expect(deltas()).toEqual([
      { at, level: 8.1, rain: 12.5 },
      { at: at + 5 * 60_000, level: 8.1, rain: 0 },
      { at: at + 6 * 60_000, level: 8.1 },
    ]);

    const fresh = await watch(running.url, TOKENS.viewer);
    await fresh.until((f) => f.length >= 1);
    const history = (fresh.frames[0] as Snapshot).stations.find((s) => s.code === 'G1')?.history;
    expect(history).toEqual(deltas());
    fresh.ws.close();
    along.ws.close();
  });
});
