import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../src/package-root.js';

// script(1) gives a full-screen client a real pseudo-terminal, and killing script closes it as a dropped SSH link or a
// closed terminal window does. Shared by the console's and the wall's "terminal goes away" tests.

/** Whether script(1) is here to give a command a pseudo-terminal. */
export const hasScript = spawnSync('script', ['-qfec', 'true', '/dev/null']).status === 0;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

/** Polls `read` every 100 ms until it gives a value. */
export async function waitFor<T>(read: () => T | undefined, what: string, timeoutMs = 45_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** A `dutywatch` command running in the background on a pseudo-terminal that can be closed under it. */
export type OnTerminal = {
  script: ChildProcess;
  /** What the terminal has shown so far (latin1, escape sequences included). */
  screen(): string;
  /** What the command wrote to standard error (a file, not the terminal). */
  stderr(): string;
  /** The command's process id, once the shell has started it. */
  pid(): number;
  /** The command's exit code, once it has exited. */
  exitCode(): string | undefined;
  /**
   * Closes the terminal: kills script(1), which holds its master side, and resolves once it has died, so what the
   * test does next (a signal) comes after the terminal is gone, however loaded the machine.
   */
  close(): Promise<void>;
};

/**
 * Runs `dutywatch ARGS` on a 100×30 pseudo-terminal. The shell (the session leader, which the kernel sends SIGHUP)
 * ignores it and waits to record the exit code; the command, in the background on the terminal, learns of the
 * closing from the terminal alone.
 */
export function runOnTerminal(
  dir: string,
  args: readonly string[],
  env: Record<string, string> = {},
): OnTerminal {
  const files = { stderr: join(dir, 'stderr.txt'), pid: join(dir, 'pid'), code: join(dir, 'code') };
  const command = [process.execPath, join(packageRoot(), 'bin', 'dutywatch.js'), ...args]
    .map(quote)
    .join(' ');
  const shell = [
    "trap '' HUP",
    'stty cols 100 rows 30',
    `${command} </dev/tty 2>${quote(files.stderr)} &`,
    `echo $! >${quote(files.pid)}`,
    'wait $!',
    `echo $? >${quote(files.code)}`,
  ].join('\n');
  const { CI: _ci, CONTINUOUS_INTEGRATION: _cont, ...inherited } = process.env;
  const script = spawn('script', ['-qfec', `sh -c ${quote(shell)}`, '/dev/null'], {
    env: { ...inherited, DUTYWATCH_FROM_SOURCE: '1', LANG: 'en_US.UTF-8', TERM: 'xterm-256color', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let screen = '';
  script.stdout?.on('data', (d: Buffer) => {
    screen += d.toString('latin1');
  });
  const read = (path: string) => (existsSync(path) ? readFileSync(path, 'utf8') : '');
  return {
    script,
    screen: () => screen,
    stderr: () => read(files.stderr),
    pid: () => Number(read(files.pid)),
    exitCode: () => read(files.code).trim() || undefined,
    close: () =>
      new Promise<void>((resolve) => {
        if (script.exitCode !== null || script.signalCode !== null) return resolve();
        script.once('exit', () => resolve());
        script.kill('SIGKILL');
      }),
  };
}
