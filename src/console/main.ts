import { appendFileSync } from 'node:fs';
import { watchForGoneTerminal } from '../terminal/gone-terminal.js';
import type { ConsoleSettings } from './settings.js';
import { traceStart } from './start-trace.js';

/** What `dutywatch console` (and the demo) asks for. */
export type RunConsoleOptions = {
  url: string;
  token: string;
  settings: ConsoleSettings;
  heartbeatMs?: number;
  /** Connection warnings and stray console output go here, never to the terminal. */
  logFile?: string;
  /** Print the bytes written per second when the console ends. */
  showStats?: boolean;
};

// Alternate screen with the cursor home (1049 keeps the main screen's cursor row otherwise); and back, cursor shown.
const ENTER_SCREEN = '\u001B[?1049h\u001B[H';
const LEAVE_SCREEN = '\u001B[?1049l\u001B[?25h';

/** The most a first frame waits for the link to settle; a collector that is down is said after this. */
const FIRST_FRAME_WAIT_MS = 300;

/** How to get a terminal over SSH, for when there is none. */
export const NO_TTY_HELP = `dutywatch console needs an interactive terminal: standard input and output must both be a TTY.
Over SSH, ask for one with -t:  ssh -t HOST dutywatch console --url ws://… --token-file ~/.dutywatch-token
To follow the feed without a terminal, use: dutywatch watch --json`;

/**
 * Runs the console on this process's terminal and resolves with the exit code. The terminal is always given back —
 * on quit, SIGHUP (the SSH link died), SIGTERM, SIGINT and crashes — even if writing to it fails.
 */
export async function runConsole(options: RunConsoleOptions): Promise<number> {
  // Ink decides at import time whether it runs in CI, and then writes only its last frame (DESIGN.md, Measured).
  delete process.env['CI'];
  delete process.env['CONTINUOUS_INTEGRATION'];
  const { stdin, stdout, stderr } = process;
  if (!stdin.isTTY || !stdout.isTTY) {
    stderr.write(`${NO_TTY_HELP}\n`);
    return 2;
  }
  const log = (line: string) => {
    if (!options.logFile) return;
    try {
      appendFileSync(options.logFile, `${new Date().toISOString()} console ${line}\n`);
    } catch {
      // A log that cannot be written must not take the screen down.
    }
  };
  const restoreConsole = silenceConsole(log);
  // A terminal that has gone away (SSH dropped, the terminal window closed): the console ends as on SIGHUP.
  const terminal = watchForGoneTerminal(log);
  let isRestored = false;
  const restore = () => {
    if (isRestored) return;
    isRestored = true;
    try {
      if (stdin.isTTY) stdin.setRawMode(false);
    } catch {
      terminal.markGone('setRawMode failed');
    }
    if (!terminal.isGone()) {
      try {
        stdout.write(LEAVE_SCREEN);
      } catch {}
    }
    restoreConsole();
  };
  // Connect first: the collector builds the snapshot while Ink and React load (issue 12). One turn of the event
  // loop lets the socket connect and send its upgrade request before the UI modules' evaluation blocks it.
  const { openLink, whenSettled } = await import('./open-link.js');
  const link = openLink({
    url: options.url,
    token: options.token,
    ...(options.heartbeatMs ? { heartbeatMs: options.heartbeatMs } : {}),
    onWarning: log,
  });
  await new Promise((resolve) => setImmediate(resolve));
  const { renderConsole } = await import('./render-console.js');
  traceStart('render-console loaded');
  // Usually settled by now; the first frame is then the full one instead of "connecting" redrawn at once.
  await whenSettled(link.store, FIRST_FRAME_WAIT_MS);
  traceStart('link settled (or gave up waiting)');
  const startedAt = Date.now();
  stdout.write(ENTER_SCREEN);
  process.once('exit', restore);
  let handle: Awaited<ReturnType<typeof renderConsole>> | undefined;
  const crash = (error: unknown) => {
    restore();
    stderr.write(
      `dutywatch console crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  };
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);
  let endBySignal: (() => void) | undefined;
  const signalled = new Promise<void>((resolve) => {
    endBySignal = resolve;
  });
  const onSignal = (signal: NodeJS.Signals) => {
    log(`${signal}: restoring the terminal`);
    endBySignal?.();
  };
  terminal.onGone(() => endBySignal?.());
  for (const signal of ['SIGHUP', 'SIGTERM', 'SIGINT'] as const) process.on(signal, onSignal);
  try {
    handle = await renderConsole({
      url: options.url,
      token: options.token,
      settings: options.settings,
      stdout,
      stdin,
      ...(options.heartbeatMs ? { heartbeatMs: options.heartbeatMs } : {}),
      onWarning: log,
      link,
    });
    await Promise.race([handle.waitUntilExit(), signalled]);
  } finally {
    await handle?.stop().catch(() => {});
    restore();
    for (const signal of ['SIGHUP', 'SIGTERM', 'SIGINT'] as const) process.off(signal, onSignal);
    process.off('uncaughtException', crash);
    process.off('unhandledRejection', crash);
    process.off('exit', restore);
    // A gone terminal may still report failed writes (Ink's last frame): they stay swallowed until exit.
    terminal.detach();
  }
  if (handle) {
    const seconds = (Date.now() - startedAt) / 1000;
    const bytes = handle.meter.totalBytes();
    const line = `${bytes} bytes written to the terminal in ${seconds.toFixed(0)} s (${(bytes / seconds).toFixed(0)} B/s)`;
    log(line);
    if (options.showStats) stderr.write(`dutywatch console: ${line}\n`);
  }
  return 0;
}

type ConsoleMethod = 'log' | 'info' | 'warn' | 'error' | 'debug';

// With patchConsole off, any stray console.* call would write into Ink's frame; send them to the log instead.
function silenceConsole(log: (line: string) => void): () => void {
  const methods: ConsoleMethod[] = ['log', 'info', 'warn', 'error', 'debug'];
  const saved = methods.map((m) => [m, console[m]] as const);
  for (const m of methods) console[m] = (...args: unknown[]) => log(`${m}: ${args.map(String).join(' ')}`);
  return () => {
    for (const [m, fn] of saved) console[m] = fn;
  };
}
