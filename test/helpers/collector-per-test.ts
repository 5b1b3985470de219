import { afterEach } from 'vitest';
import type WebSocket from 'ws';
import { type RunningCollector, startCollector } from './start-collector.js';
import { connect } from './ws-client.js';

/**
 * Real collectors for the tests of one file, each stopped (its folder removed) after the test that started it,
 * whether it passed or not. Call once at the top of the file; `start` takes startCollector's options.
 */
export function collectorsPerTest() {
  const started: RunningCollector[] = [];
  const sockets: WebSocket[] = [];
  afterEach(async () => {
    for (const ws of sockets.splice(0)) ws.close();
    // The last first: a restarted collector may share the folder of one the test closed before it.
    for (const running of started.splice(0).reverse()) await running.stop();
  });
  return {
    async start(options?: Parameters<typeof startCollector>[0]): Promise<RunningCollector> {
      const running = await startCollector(options);
      started.push(running);
      return running;
    },
    /** A source's /ingest socket on a collector, closed after the test (before the collectors stop). */
    async ingest(url: string, token: string): Promise<WebSocket> {
      const ws = await connect(url, '/ingest', token);
      sockets.push(ws);
      return ws;
    },
  };
}
