import { traceStart } from '../console/start-trace.js';
import { UsageError } from './args.js';
import { consoleCommand } from './console.js';

/**
 * `dutywatch console` without the rest of the CLI: the bin comes here straight, so the console's first frame
 * does not wait for the collector, the SL 651 gateway and CAP code to load (issue 12: first frame < 500 ms).
 * Errors are reported as `main.ts` reports them.
 */
export async function main(argv: string[]): Promise<number> {
  traceStart('console-main: loaded');
  try {
    return await consoleCommand.run(argv.slice(1));
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\nRun "dutywatch console --help" for usage.\n`);
      return 2;
    }
    process.stderr.write(`dutywatch console: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
