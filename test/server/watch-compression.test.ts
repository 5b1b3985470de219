import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WATCH_COMPRESS_THRESHOLD_BYTES } from '../../server/ws-servers.js';
import { configSchema, SUBPROTOCOL } from '../../src/protocol/index.js';
import { collectorsPerTest } from '../helpers/collector-per-test.js';
import { TOKENS, testConfigInput } from '../helpers/test-config.js';
import { streamReadings } from '../helpers/watch-client.js';
import { connect } from '../helpers/ws-client.js';

// Issue 19.6: a large county's snapshot goes to a screen compressed (permessage-deflate on /watch), and a snapshot
// larger than the feed's high-water mark no longer stalls the watcher it was sent to.

const { start, ingest } = collectorsPerTest();

type Frame = { type: string; seq?: number; resync?: boolean; stations?: { code: string }[] };

/** The test county with `count` gauges in all (copies of G1), so its snapshot is well past the threshold. */
function countyOfGauges(count: number, server: Record<string, unknown> = {}) {
  const input = testConfigInput();
  const g1 = input.stations.find((s) => s.code === 'G1');
  const copies = Array.from({ length: count - input.stations.length }, (_, i) => ({
    ...g1,
    code: `G${String(i + 100)}`,
    name: `汝河${i}号站`,
    nameAscii: `Ruhe ${i}`,
  }));
  return configSchema.parse({
    ...input,
    server: { ...input.server, ...server },
    stations: [...input.stations, ...copies],
  });
}

/** A /watch socket offering compression or not, with every frame and the bytes that came off the wire. */
async function openWatch(url: string, perMessageDeflate: boolean) {
  const ws = new WebSocket(`${url}/watch`, SUBPROTOCOL, {
    headers: { Authorization: `Bearer ${TOKENS.viewer}` },
    perMessageDeflate,
  });
  const frames: Frame[] = [];
  let textBytes = 0;
  ws.on('message', (data: Buffer) => {
    textBytes += data.length;
    const frame = JSON.parse(String(data)) as Frame;
    if (frame.type !== 'welcome') frames.push(frame);
  });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const until = async (test: () => boolean) => {
    for (let i = 0; i < 800 && !test(); i += 1) await new Promise((r) => setTimeout(r, 25));
    if (!test()) throw new Error(`timed out; ${frames.length} frames`);
  };
  const wireBytes = () => (ws as unknown as { _socket: { bytesRead: number } })._socket.bytesRead;
  return { ws, frames, until, textBytes: () => textBytes, wireBytes };
}

describe('/watch compression', () => {
  it('sends a large snapshot deflated to a client that offers it, and whole to one that does not', async () => {
    const running = await start({ config: countyOfGauges(400) });
    const deflated = await openWatch(running.url, true);
    const plain = await openWatch(running.url, false);
    for (const w of [deflated, plain]) await w.until(() => w.frames.length >= 1);

    expect(deflated.ws.extensions).toContain('permessage-deflate');
    expect(plain.ws.extensions).toBe('');
    // The same snapshot either way, well past the threshold as text.
    expect(deflated.frames[0]?.stations).toHaveLength(400);
    expect(deflated.frames[0]).toEqual(plain.frames[0]);
    expect(deflated.textBytes()).toBeGreaterThan(WATCH_COMPRESS_THRESHOLD_BYTES);
    // Off the wire: the compressed one a fraction of its text, the other at least all of it.
    expect(deflated.wireBytes()).toBeLessThan(deflated.textBytes() / 4);
    expect(plain.wireBytes()).toBeGreaterThanOrEqual(plain.textBytes());

    // A delta is small and urgent: it goes as it is, without a trip through zlib, even to a client that offered.
    const [wireBefore, textBefore] = [deflated.wireBytes(), deflated.textBytes()];
    const source = await ingest(running.url, TOKENS.gauges);
    const observedAt = new Date().toISOString();
    source.send(JSON.stringify({ type: 'reading', id: 'r-1', station: 'G1', observedAt, level: 9.5 }));
    await deflated.until(() => deflated.frames.some((f) => f.type === 'delta'));
    expect(deflated.wireBytes() - wireBefore).toBeGreaterThan(deflated.textBytes() - textBefore);
    for (const w of [deflated, plain]) w.ws.close();
  });

  it('does not compress /ingest, whatever the source offers', async () => {
    const running = await start();
    // ws clients offer permessage-deflate unless told not to.
    const source = await ingest(running.url, TOKENS.gauges);
    expect(source.extensions).toBe('');
    const watcher = await connect(running.url, '/watch', TOKENS.viewer);
    expect(watcher.extensions).toContain('permessage-deflate');
    watcher.close();
  });

  it('keeps sending deltas after a snapshot larger than the high-water mark, instead of resyncing again and again', async () => {
    // The snapshot (~150 KB) is ten times the mark, and it is still queued while zlib compresses it: judged against
    // the mark alone, the first delta behind it stalled the watcher, and its resync snapshot stalled it again.
    const running = await start({
      config: countyOfGauges(400),
      feedIntervalMs: 0,
      feedHighWaterBytes: 16 * 1024,
    });
    const sending = streamReadings(running.url, TOKENS.gauges, 600, { window: 1 });
    const watcher = await openWatch(running.url, true);
    await sending;
    running.collector.feed.flush();
    await watcher.until(() => watcher.frames.at(-1)?.seq === running.collector.feed.seq);

    const snapshots = watcher.frames.filter((f) => f.type === 'snapshot');
    expect(snapshots).toHaveLength(1);
    expect(snapshots[0]?.resync).toBe(false);
    // Every delta after it, none missed: the watcher followed the feed.
    const seqs = watcher.frames.slice(1).map((f) => f.seq);
    const first = snapshots[0]?.seq ?? 0;
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => first + 1 + i));
    expect(seqs.length).toBeGreaterThan(10);
    watcher.ws.close();
  });
});
