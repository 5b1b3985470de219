/**
 * `npm run bench -- NAME`: runs one benchmark. Each benchmark is a module under bench/ loaded on demand, so
 * adding one is one line in BENCHMARKS.
 */

type Benchmark = { describe: string; run: (args: string[]) => Promise<void> };

export const BENCHMARKS: Record<string, Benchmark> = {
  ingest: {
    describe: 'durable, acked ingest messages/s: dutywatch collector vs a bare ws + SQLite baseline',
    run: async (args) => (await import('./ingest.js')).runIngestBench(args),
  },
  'ingest-stages': {
    describe: 'where ingest time goes: decode, checks, journal, savepoint, commit, one stage at a time',
    run: async (args) => (await import('./ingest-stages.js')).runIngestStagesBench(args),
  },
  'ingest-ids': {
    describe: 'idempotency: meaning hash vs frame hash; storage path with the id window in memory vs spilled',
    run: async (args) => (await import('./ingest-ids.js')).runIngestIdsBench(args),
  },
  fanout: {
    describe:
      'live feed: p50/p99 delivery latency and collector CPU, 1,000 readings/s to 10, 100, 500 watchers',
    run: async (args) => (await import('./fanout.js')).runFanoutBench(args),
  },
  snapshot: {
    describe:
      "demo county with 1,000,000 readings: collector start-up, feed.snapshot(), a watcher's first snapshot",
    run: async (args) => (await import('./snapshot.js')).runSnapshotBench(args),
  },
  alerts: {
    describe: 'alert engine with 10,000 open alerts: tick/evaluate cost, line crossing → alert delta latency',
    run: async (args) => (await import('./alerts.js')).runAlertsBench(args),
  },
  console: {
    describe:
      'duty console at 120×40: terminal bytes/s and CPU at 10 and 200 deltas/s vs naive Ink, exec → first frame',
    run: async (args) => {
      await (await import('./console.js')).runConsoleBench(args);
      await (await import('./console-start.js')).runConsoleStartBench(args);
    },
  },
  'console-start': {
    describe:
      'dutywatch console: exec → first full frame on a 120×40 pty (target < 500 ms), and --help for the floor',
    run: async (args) => (await import('./console-start.js')).runConsoleStartBench(args),
  },
  e2e: {
    describe:
      'what the officer sees: line crossing → the prompt on a real console (120×40 pty, headless xterm), and the wall',
    run: async (args) => (await import('./e2e.js')).runE2eBench(args),
  },
  'console-memory': {
    describe:
      'console memory over an hour (--minutes N, default 60) at 100 deltas/s: RSS, heap, external, via the inspector',
    run: async (args) => (await import('./console-memory.js')).runConsoleMemoryBench(args),
  },
  callout: {
    describe:
      'one call-out to 300 recipients through the webhook: trigger → first/last delivery, ingest ack during it',
    run: async (args) => (await import('./callout.js')).runCalloutBench(args),
  },
  scale: {
    describe:
      'snapshot size and build, new watcher, heap and tick at 50, 500 and 5,000 stations (--stations=, --days=)',
    run: async (args) => (await import('./scale.js')).runScaleBench(args),
  },
  relay: {
    describe: 'relay catch-up of a 50,000-reading spool to the city, msg/s vs the same frames sent straight',
    run: async (args) => (await import('./relay.js')).runRelayBench(args),
  },
  'wall-soak': {
    describe:
      'wall memory over hours (--hours H, default 6): real walls on ptys, demo-rate feed, GC + heap snapshots',
    run: async (args) => (await import('../scripts/wall-soak.js')).runWallSoak(args),
  },
};

function usage(): string {
  const names = Object.entries(BENCHMARKS).map(([name, b]) => `  ${name.padEnd(14)} ${b.describe}`);
  return ['usage: npm run bench -- NAME', '', 'benchmarks:', ...names].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const benchmark = name === undefined ? undefined : BENCHMARKS[name];
  if (!benchmark) {
    if (name !== undefined) console.error(`unknown benchmark: ${name}\n`);
    console.error(usage());
    return name === undefined ? 0 : 2;
  }
  await benchmark.run(rest);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
