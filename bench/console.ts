import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createElement } from 'react';
import type WebSocket from 'ws';
import { startCollectorProcess, writeConfig } from '../test/helpers/collector-process.js';
import { TOKENS, testConfigInput } from '../test/helpers/test-config.js';
import { connect } from '../test/helpers/ws-client.js';
import { cpuMsSince, int, sleep, table, wallNow } from './stats.js';

/**
 * `npm run bench -- console`: what the duty console costs a terminal and a CPU. A collector runs in a child
 * process; this process sends readings to it at 10 and 200 per second (each one a delta on the viewer's feed)
 * and draws the console on a fake 120×40 TTY that counts bytes. It measures, in the same run:
 * - source only (no console): the CPU this process spends sending, subtracted from the rows below;
 * - dutywatch: `renderConsole` as `dutywatch console` runs it (4 Hz flush, 10 fps, incremental with our fix);
 * - naive: plain Ink `render` with defaults, the same App and panels, no flush throttle, one `rerender` per delta.
 * Also the time from `renderConsole` to the first full frame (header live and every panel drawn).
 */

const COLUMNS = 120;
const ROWS = 40;
const RATES = [10, 200];
const SECONDS = 5;
const TARGET_BYTES_RATIO = 1 / 5;
const TARGET_CPU = 0.3;
const TARGET_FIRST_FRAME_MS = 1000;

type Setup = 'source only' | 'dutywatch' | 'naive';
type Row = { setup: Setup; rate: number; bytesPerS: number; cpu: number };

/** A TTY-like stdout that counts what it is given, and a stdin Ink can put in raw mode. */
async function countingTerminal() {
  const { fakeTerminal } = await import('../test/console/fake-terminal.js');
  const term = fakeTerminal(COLUMNS, ROWS);
  let bytes = 0;
  let text = '';
  const write = term.stdout.write.bind(term.stdout);
  (term.stdout as unknown as { write: (chunk: string | Uint8Array) => boolean }).write = (chunk) => {
    bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
    if (text.length < 200_000)
      text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return write(typeof chunk === 'string' ? '' : new Uint8Array());
  };
  return { ...term, bytes: () => bytes, text: () => text };
}

/** Sends `rate` readings per second in 20 batches a second, without waiting for acks; returns a stop function. */
function paceReadings(source: WebSocket, rate: number, counter: { next: number; base: number }): () => void {
  const perTick = Math.max(1, Math.round(rate / 20));
  const timer = setInterval(() => {
    for (let i = 0; i < perTick; i += 1) {
      const n = counter.next;
      counter.next += 1;
      const isGauge = n % 2 === 0;
      source.send(
        JSON.stringify({
          type: 'reading',
          id: `bench-${counter.base}-${n}`,
          station: isGauge ? 'G1' : 'R1',
          observedAt: new Date(counter.base + n * 50).toISOString(),
          level: isGauge ? 8 + (n % 17) / 10 : 96 + (n % 13) / 10,
        }),
      );
    }
  }, 1000 / 20);
  return () => clearInterval(timer);
}

export async function runConsoleBench(args: string[]): Promise<void> {
  const seconds = Number(args.find((a) => a.startsWith('--seconds='))?.split('=')[1] ?? SECONDS);
  // Ink decides at import time whether it runs in CI (and then draws only its last frame).
  delete process.env['CI'];
  delete process.env['CONTINUOUS_INTEGRATION'];
  const { render } = await import('ink');
  const { renderConsole } = await import('../src/console/render-console.js');
  const { consoleSettings } = await import('../src/console/settings.js');
  const { App } = await import('../src/console/App.js');
  const { createStore } = await import('../src/client/store.js');
  const { connectWatch } = await import('../src/client/watch-connection.js');
  const { reduce } = await import('../src/state/reducer.js');
  const { initialWatchState } = await import('../src/state/watch-state.js');

  const dir = mkdtempSync(join(tmpdir(), 'dutywatch-bench-console-'));
  const collector = await startCollectorProcess(
    writeConfig(dir, testConfigInput()),
    join(dir, 'collector.db'),
  );
  const source = await connect(collector.url, '/ingest', TOKENS.source);
  source.on('message', () => {});
  const counter = { next: 0, base: Date.now() - 20 * 60_000 };
  const settings = consoleSettings({ lang: 'zh', isAscii: false, hasColor: true });
  const rows: Row[] = [];
  let firstFrameMs = Number.NaN;

  const measure = async (setup: Setup, rate: number, bytes: () => number) => {
    await sleep(500);
    const bytes0 = bytes();
    const cpu0 = process.cpuUsage();
    const t0 = wallNow();
    const stop = paceReadings(source, rate, counter);
    await sleep(seconds * 1000);
    stop();
    const wallS = (wallNow() - t0) / 1000;
    rows.push({ setup, rate, bytesPerS: (bytes() - bytes0) / wallS, cpu: cpuMsSince(cpu0) / 1000 / wallS });
  };

  try {
    for (const rate of RATES) {
      await measure('source only', rate, () => 0);

      const term = await countingTerminal();
      const startedAt = wallNow();
      const handle = await renderConsole({
        url: collector.url,
        token: TOKENS.viewer,
        settings,
        stdout: term.stdout,
        stdin: term.stdin,
      });
      while (!(term.text().includes('在线') && term.text().includes('值班日志'))) await sleep(5);
      if (Number.isNaN(firstFrameMs)) firstFrameMs = wallNow() - startedAt;
      await measure('dutywatch', rate, term.bytes);
      await handle.stop();

      const naiveTerm = await countingTerminal();
      const store = createStore(reduce, initialWatchState);
      const link = connectWatch({
        url: collector.url,
        token: TOKENS.viewer,
        dispatch: store.dispatch,
        getState: store.getState,
        onWarning: () => {},
      });
      const naiveSettings = { ...settings, flushMs: 0 };
      const app = () =>
        createElement(App, { store, send: (request) => link.send(request), settings: naiveSettings });
      const instance = render(app(), { stdout: naiveTerm.stdout, stdin: naiveTerm.stdin });
      const unsubscribe = store.subscribe(() => instance.rerender(app()));
      while (!naiveTerm.text().includes('在线')) await sleep(5);
      await measure('naive', rate, naiveTerm.bytes);
      unsubscribe();
      instance.unmount();
      await link.close();
    }
  } finally {
    source.close();
    await collector.kill9();
    rmSync(dir, { recursive: true, force: true });
  }

  const base = new Map(rows.filter((r) => r.setup === 'source only').map((r) => [r.rate, r.cpu]));
  const cpuOf = (r: Row) =>
    r.setup === 'source only' ? r.cpu : Math.max(0, r.cpu - (base.get(r.rate) ?? 0));
  console.log(
    `console at ${COLUMNS}×${ROWS}, ${seconds} s per row; CPU is this process minus the source-only row`,
  );
  console.log(
    table(
      ['setup', 'deltas/s', 'bytes/s', 'CPU (one core)'],
      rows.map((r) => [r.setup, int(r.rate), int(r.bytesPerS), `${(cpuOf(r) * 100).toFixed(1)}%`]),
      ['l', 'r', 'r', 'r'],
    ),
  );
  const at = (setup: Setup, rate: number) => rows.find((r) => r.setup === setup && r.rate === rate);
  const ours = at('dutywatch', 200);
  const naive = at('naive', 200);
  if (ours && naive) {
    const ratio = ours.bytesPerS / naive.bytesPerS;
    console.log(
      `at 200 deltas/s: bytes ${(ratio * 100).toFixed(1)}% of naive (target < ${TARGET_BYTES_RATIO * 100}%), ` +
        `CPU ${(cpuOf(ours) * 100).toFixed(1)}% of a core (target < ${TARGET_CPU * 100}%)`,
    );
  }
  console.log(`first full frame: ${int(firstFrameMs)} ms (target < ${TARGET_FIRST_FRAME_MS} ms)`);
}
