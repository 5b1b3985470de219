import type { Command } from './args.js';

/** `dutywatch serve` (the collector lives in server/; loaded only when asked for, to keep other commands fast). */
export const serveCommand: Command = {
  summary: 'run the collector (ingest, watch feed, health and metrics)',
  get help() {
    return 'Run "dutywatch serve --help".';
  },
  async run(argv) {
    const { runServe } = await import('../../server/main.js');
    return runServe(argv);
  },
};
