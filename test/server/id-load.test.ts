import { describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import type { Logger } from '../../src/log/logger.js';
import { collectorsPerTest } from '../helpers/collector-per-test.js';
import type { RunningCollector } from '../helpers/start-collector.js';
import { stockCount, stockIssue } from '../helpers/stock-issue.js';
import { TOKENS } from '../helpers/test-config.js';
import { watch } from '../helpers/watch-client.js';
import { replies, request, sendReadingBatches } from '../helpers/ws-client.js';

const AT = new Date(Date.now() - 60_000).toISOString();

const collectors = collectorsPerTest();
/** The test's collector; a restart replaces it. */
let running: RunningCollector | undefined;

/** A logger that keeps the order of events, with what else happened meanwhile. */
function eventLog() {
  const events: { event: string; fields: Record<string, unknown> }[] = [];
  const logger: Logger = {
    info: (event, fields = {}) => events.push({ event, fields }),
    warn: (event, fields = {}) => events.push({ event, fields }),
    error: (event, fields = {}) => events.push({ event, fields }),
  };
  return { events, logger, mark: (event: string) => events.push({ event, fields: {} }) };
}

const source = (url: string, token: string = TOKENS.source): Promise<WebSocket> =>
  collectors.ingest(url, token);

const issue = stockIssue(AT);

/** A collector's directory whose journal holds a stock issue and 20,000 other ids; the collector is closed. */
async function seedTwentyThousandIds(): Promise<string> {
  running = await collectors.start();
  const first = await source(running.url);
  await request(first, stockCount(AT));
  expect(await request(first, issue)).toEqual({ v: 1, type: 'ack', id: 'issue-1' });
  // 20,000 other ids: loaded 100 rows a slice, 200 turns of the event loop.
  const gauges = await source(running.url, TOKENS.gauges);
  expect((await sendReadingBatches(gauges, 40, AT)).filter((a) => a.type !== 'ack')).toEqual([]);
  const { dir } = running;
  await running.collector.close();
  return dir;
}

describe('start-up: the port opens before the id window is loaded (issue 19, target 4)', () => {
  it('serves a watcher while the ids load in slices, holds ingest until they are loaded, and a resend sent at once is a duplicate', async () => {
    const dir = await seedTwentyThousandIds();

    const log = eventLog();
    running = await collectors.start({ dir, logger: log.logger, idLoadSliceRows: 100 });
    log.mark('test.listening');
    const viewer = await watch(running.url, TOKENS.viewer);
    await viewer.until((frames) => frames.some((f) => f.type === 'snapshot'));
    log.mark('test.snapshot');
    const again = await source(running.url);
    const answer = await request(again, issue);
    log.mark('test.resend_answered');

    expect(answer).toEqual({ v: 1, type: 'ack', id: 'issue-1', duplicate: true });
    const order = log.events
      .map((e) => e.event)
      .filter((e) => e.startsWith('test.') || e === 'ingest.ids_loaded');
    // Listening and the snapshot came before the load finished; the resend was answered only after it.
    expect(order).toEqual(['test.listening', 'test.snapshot', 'ingest.ids_loaded', 'test.resend_answered']);
    expect(log.events.find((e) => e.event === 'ingest.ids_loaded')?.fields['ids']).toBeGreaterThanOrEqual(
      20_002,
    );
    viewer.ws.close();
  }, 60_000);

  it('answers what waited for the load when the collector is closed before the load is done', async () => {
    const dir = await seedTwentyThousandIds();
    const log = eventLog();
    // One row per slice: 20,000 turns of the event loop, so the load is still going when the close comes.
    running = await collectors.start({ dir, logger: log.logger, idLoadSliceRows: 1 });
    const again = await source(running.url);
    const inbox = replies(again);
    again.send(JSON.stringify(issue));
    await new Promise((resolve) => setTimeout(resolve, 50));
    log.mark('test.closing');
    await running.collector.close();
    expect(await inbox.waitFor(1)).toEqual([{ v: 1, type: 'ack', id: 'issue-1', duplicate: true }]);
    const order = log.events
      .map((e) => e.event)
      .filter((e) => e === 'test.closing' || e === 'ingest.ids_loaded');
    expect(order).toEqual(['test.closing', 'ingest.ids_loaded']);
  });
});
