import { readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, it } from 'vitest';
import { loadConfigFile } from '../../server/config-file.js';
import { DEMO_CONFIG, DEMO_TOKENS } from '../../src/cli/demo.js';
import { createStore } from '../../src/client/store.js';
import { connectWatch } from '../../src/client/watch-connection.js';
import type { ConfigInput } from '../../src/protocol/index.js';
import { reduce } from '../../src/state/reducer.js';
import { initialWatchState } from '../../src/state/watch-state.js';
import { createWall, type Wall } from '../../src/wall/main.js';
import { writeConfig } from '../helpers/collector-process.js';
import { replayDemoNight } from '../helpers/demo-night.js';
import { manualClock, type RunningCollector, startCollector } from '../helpers/start-collector.js';

/** A terminal that is not there: output and input streams that say they are a TTY of a given size. */
export function fakeTerminal(cols: number, rows: number) {
  const output = Object.assign(new PassThrough(), { columns: cols, rows, isTTY: true });
  let bytes = 0;
  // Drained, or blessed's writes would pile up in the stream's buffer for the whole test.
  output.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
  });
  const input = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => input });
  return {
    output,
    input,
    bytes: () => bytes,
    /** Resizes as a terminal emulator does: new size, then a 'resize' event. */
    resize(c: number, r: number) {
      output.columns = c;
      output.rows = r;
      output.emit('resize');
    },
  };
}

/** The demo county's config file with a short heartbeat, written to `dir` for a collector child process. */
export function demoConfigWithHeartbeat(dir: string, heartbeatSeconds: number): string {
  const input = JSON.parse(readFileSync(DEMO_CONFIG, 'utf8')) as ConfigInput;
  return writeConfig(dir, { ...input, server: { ...input.server, heartbeatSeconds } });
}

/** The scenario's last reading (02:00 on 20 July), plus a minute: flood season, everything fresh. */
export const SCENARIO_END = Date.parse('2026-07-20T02:01:00+08:00');

export { replayDemoNight };

/** A collector with the demo county on a clock stopped just after the flood night, the scenario replayed into it. */
export async function startDemoCollector(): Promise<RunningCollector> {
  const clock = manualClock(SCENARIO_END);
  // The clock stands at the end of the night while six hours of it arrive in a second or two. A rules pass that
  // runs mid-replay (on a loaded machine it does) sees stations whose latest reading so far is hours old and opens
  // stale alerts; with the usual hold they would stay open on a clock that never moves. Without the hold they
  // close on the pass after the replay, so the wall shows the night as it ends, however the passes fell.
  const demo = loadConfigFile(DEMO_CONFIG);
  const config = { ...demo, alerts: { ...demo.alerts, minHoldMinutes: 0 } };
  const running = await startCollector({ config, clock });
  const result = await replayDemoNight(running.url);
  if (result.errors > 0)
    throw new Error(`replay refused ${result.errors}: ${JSON.stringify(result.firstErrors)}`);
  running.collector.engine.evaluate();
  running.collector.feed.flush();
  await acknowledgeTwoAlerts(running.url);
  return running;
}

/** The two critical alerts the officer acknowledges: the same ones however the rules passes fell during the replay. */
const ACKED_KEYS = ['reservoir.near_design:ST-RES-01', 'stock.empty:WH-T11:GENERATOR'];

// The officer on duty acknowledges two critical alerts, so the alert log has someone to name. They are chosen by
// key, not by position: on a loaded machine rules passes run mid-replay and number the alerts in another order
// (CI once acknowledged two others, one of them the inhibited 防洪高 alert the wall does not list).
async function acknowledgeTwoAlerts(url: string): Promise<void> {
  const store = createStore(reduce, initialWatchState);
  const connection = connectWatch({ url, token: DEMO_TOKENS.officer, ...store });
  try {
    await until(() => store.getState().alerts.size > 0, 10_000, 'the alerts');
    const critical = ACKED_KEYS.map((key) =>
      [...store.getState().alerts.values()].find((a) => a.key === key && a.state !== 'closed'),
    );
    if (critical.some((a) => a?.severity !== 'critical'))
      throw new Error(`the scenario did not raise the critical alerts ${ACKED_KEYS.join(', ')}`);
    for (const [i, alert] of critical.entries()) {
      if (!alert) continue;
      const reply = await connection.send({
        type: 'alert.ack',
        id: `wall-test-ack-${i}`,
        alert: alert.id,
        reason: '已派人核查',
        recheckAt: new Date(SCENARIO_END + 30 * 60_000).toISOString(),
      });
      if (reply.type !== 'ack') throw new Error(`the ack was refused: ${JSON.stringify(reply)}`);
    }
  } finally {
    await connection.close();
  }
}

/**
 * The demo collector for the wall tests of one file: started before them and stopped after them, as replaying the
 * night takes seconds. Its `url` is there once the tests run.
 */
export function sharedDemoCollector(): { readonly url: string } {
  let running: RunningCollector | undefined;
  beforeAll(async () => {
    running = await startDemoCollector();
  });
  afterAll(async () => {
    await running?.stop();
  });
  return {
    get url() {
      if (!running) throw new Error('the demo collector is not started yet');
      return running.url;
    },
  };
}

/** A wall on a fake terminal, connected to `url` with the demo viewer token (or `token`), no carousel. */
export function startTestWall(
  url: string,
  cols: number,
  rows: number,
  opts: { lang: 'zh' | 'en'; isTty: boolean; redrawMs?: number; token?: string },
) {
  const terminal = fakeTerminal(cols, rows);
  const warnings: string[] = [];
  const wall = createWall({
    url,
    token: opts.token ?? DEMO_TOKENS.viewer,
    lang: opts.lang,
    isTty: opts.isTty,
    pageSeconds: 0,
    heartbeatMs: 15_000,
    terminal: opts.isTty ? 'linux' : 'xterm-256color',
    output: terminal.output,
    input: terminal.input,
    // Tests draw when they want to look; the timer would only race them (unless the test is about the timer).
    redrawMs: opts.redrawMs ?? 60_000,
    onWarning: (message) => warnings.push(message),
  });
  return { wall, terminal, warnings };
}

/**
 * Hands `look` a test wall once it holds the replayed picture, and stops the wall however `look` ends, so a failed
 * expectation never leaves a wall connected to the shared collector.
 */
export async function withLoadedWall(
  url: string,
  cols: number,
  rows: number,
  opts: Parameters<typeof startTestWall>[3],
  look: (started: ReturnType<typeof startTestWall>) => void | Promise<void>,
): Promise<void> {
  const started = startTestWall(url, cols, rows, opts);
  try {
    await untilLoaded(started.wall);
    await look(started);
  } finally {
    await started.wall.stop();
  }
}

/** The two sizes a command centre has, each in Chinese, in English, and in English on the Linux console (issue 20). */
export const ROOM_CASES = (
  [
    [80, 24],
    [160, 48],
  ] as const
).flatMap(([cols, rows]) =>
  (
    [
      { lang: 'zh', isTty: false },
      { lang: 'en', isTty: false },
      { lang: 'en', isTty: true },
    ] as const
  ).map((mode) => ({ cols, rows, ...mode })),
);

/** A test for each of ROOM_CASES, `title` naming the case with `$cols`, `$rows`, `$lang` and `$isTty`. */
export function itInEveryRoom(
  title: string,
  collector: { readonly url: string },
  look: (started: ReturnType<typeof startTestWall>, c: (typeof ROOM_CASES)[number]) => void | Promise<void>,
): void {
  it.each(ROOM_CASES)(title, (c) =>
    withLoadedWall(collector.url, c.cols, c.rows, { lang: c.lang, isTty: c.isTty }, (started) =>
      look(started, c),
    ),
  );
}

/** Resolves once `test` holds, polling every 20 ms. */
export async function until(test: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const start = Date.now();
  while (!test()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Resolves once the wall holds the replayed picture: a snapshot with the scenario's incidents in it. */
export function untilLoaded(wall: Wall): Promise<void> {
  return until(() => wall.store.getState().incidents.size >= 4, 10_000, 'the snapshot');
}

/** What page `key` shows, after drawing it. */
export function pageText(wall: Wall, key: Parameters<Wall['showPage']>[0]): string {
  wall.showPage(key);
  return wall.screen.text().join('\n');
}
