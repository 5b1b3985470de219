import { DEMO_SCENARIO, DEMO_TOKENS } from '../../src/cli/demo.js';
import { runReplay } from '../../src/replay/replay-runner.js';
import { readScenario } from '../../src/replay/scenario.js';

// Without vitest: the wall soak (scripts/) and the console-memory bench replay the demo night too.

/** Replays the demo flood night into the collector at `url` as fast as it takes it, from `startAt` (else as written). */
export function replayDemoNight(url: string, startAt?: number): ReturnType<typeof runReplay> {
  const scenario = readScenario(DEMO_SCENARIO);
  return runReplay({
    url,
    token: DEMO_TOKENS.source,
    scenario,
    speed: Number.POSITIVE_INFINITY,
    startAt: startAt ?? scenario.start,
  });
}
