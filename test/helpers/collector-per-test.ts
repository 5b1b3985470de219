import { afterEach } from 'vitest';
import { type RunningCollector, startCollector } from './start-collector.js';

/**
 * Real collectors for the tests of one file, each stopped (its folder removed) after the test that started it,
 * whether it passed or not. Call once at the top of the file; `start` takes startCollector's options.
 */
export function collectorsPerTest() {
  const started: RunningCollector[] = [];
  afterEach(async () => {
    for (const running of started.splice(0)) await running.stop();
  });
  return {
    async start(options?: Parameters<typeof startCollector>[0]): Promise<RunningCollector> {
      const running = await startCollector(options);
      started.push(running);
      return running;
    },
  };
}
