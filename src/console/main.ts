import { appendFileSync, closeSync } from 'node:fs';
import { isatty } from 'node:tty';
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
  // A terminal that has gone away (SSH dropped, the terminal window closed) fails writes and reads with EIO or
  // EPIPE, or ends standard input: nothing to draw on and nothing to restore, so the console ends as on SIGHUP.
  const terminal = watchForGoneTerminal(log);
  stdout.on('error', terminal.onError);
  stdin.on('error', terminal.onError);
  stdin.on('end', terminal.onEnd);
  // Crash and stats lines go to standard error, often the same terminal: a failed write there is not a crash.
  stderr.on('error', ignoreError);
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
    if (!terminal.isGone()) {
      stdout.off('error', terminal.onError);
      stdin.off('error', terminal.onError);
      stdin.off('end', terminal.onEnd);
      stderr.off('error', ignoreError);
    }
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

const ignoreError = () => {};

/** Notices the terminal going away; at exit, lets go of it so Node does not try to restore it. */
function watchForGoneTerminal(log: (line: string) => void) {
  let isGone = false;
  let onGone: (() => void) | undefined;
  // Node resets the terminal modes of standard input, output and error at exit and aborts ("Assertion failed …
  // ResetStdio") when the terminal is gone. It skips a descriptor that is closed, and nothing is written after
  // exit, so the ones that were the terminal are closed when it is gone.
  const ttyDescriptors = [0, 1, 2].filter((fd) => isatty(fd));
  const letGo = () => {
    if (!isGone) return;
    for (const fd of ttyDescriptors) {
      try {
        closeSync(fd);
      } catch {}
    }
  };
  process.once('exit', letGo);
  const markGone = (why: string) => {
    if (isGone) return;
    isGone = true;
    log(`terminal gone (${why}): ending`);
    onGone?.();
  };
  return {
    isGone: () => isGone,
    markGone,
    onGone: (callback: () => void) => {
      onGone = callback;
      if (isGone) callback();
    },
    onError: (error: NodeJS.ErrnoException) => markGone(error.code ?? error.message),
    onEnd: () => markGone('end of input'),
  };
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
