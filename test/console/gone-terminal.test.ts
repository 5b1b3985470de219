import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/package-root.js';
import { startCollectorProcess, writeConfig } from '../helpers/collector-process.js';
import { TOKENS, testConfigInput } from '../helpers/test-config.js';

// script(1) gives the console a real pseudo-terminal, and killing script closes it as a dropped SSH link does.
const hasScript = spawnSync('script', ['-qfec', 'true', '/dev/null']).status === 0;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

async function waitFor<T>(read: () => T | undefined, what: string, timeoutMs = 45_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

let dir: string | undefined;
let script: ChildProcess | undefined;
let collector: Awaited<ReturnType<typeof startCollectorProcess>> | undefined;
afterEach(async () => {
  if (script?.exitCode === null && script.signalCode === null) script.kill('SIGKILL');
  await collector?.kill9();
  if (dir) rmSync(dir, { recursive: true, force: true });
  script = collector = dir = undefined;
});

describe.skipIf(!hasScript)('the console when its terminal goes away', () => {
  it.each([
    ['the terminal closes', false],
    ['the terminal closes and SIGTERM follows', true],
  ])(
    'exits with 0 and no crash when %s',
    async (_, sendTerm) => {
      dir = mkdtempSync(join(tmpdir(), 'dutywatch-gone-terminal-'));
      collector = await startCollectorProcess(writeConfig(dir, testConfigInput()), join(dir, 'collector.db'));
      const files = {
        stderr: join(dir, 'stderr.txt'),
        log: join(dir, 'console.log'),
        pid: join(dir, 'pid'),
        code: join(dir, 'code'),
      };
      const consoleCommand = [
        process.execPath,
        join(packageRoot(), 'bin', 'dutywatch.js'),
        ...['console', '--url', collector.url, '--token', TOKENS.officer, '--lang', 'en', '--log', files.log],
      ]
        .map(quote)
        .join(' ');
      // The shell (the session leader, which the kernel sends SIGHUP) ignores it and waits to record the exit
      // code; the console, in the background on the terminal, learns of the closing from the terminal alone.
      const shell = [
        "trap '' HUP",
        'stty cols 100 rows 30',
        `${consoleCommand} </dev/tty 2>${quote(files.stderr)} &`,
        `echo $! >${quote(files.pid)}`,
        'wait $!',
        `echo $? >${quote(files.code)}`,
      ].join('\n');
      const { CI: _ci, CONTINUOUS_INTEGRATION: _cont, ...env } = process.env;
      script = spawn('script', ['-qfec', `sh -c ${quote(shell)}`, '/dev/null'], {
        env: { ...env, DUTYWATCH_FROM_SOURCE: '1', LANG: 'en_US.UTF-8', TERM: 'xterm-256color' },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      const readStderr = () => (existsSync(files.stderr) ? readFileSync(files.stderr, 'utf8') : '');
      let screen = '';
      script.stdout?.on('data', (d: Buffer) => {
        screen += d.toString('latin1');
      });
      await waitFor(
        () => (screen.includes('live') && screen.includes('Log') ? true : undefined),
        'the first frame',
      ).catch((error: Error) => {
        throw new Error(`${error.message}; screen:\n${screen.slice(-1500)}\nstderr:\n${readStderr()}`);
      });

      script.kill('SIGKILL');
      if (sendTerm) {
        const pid = Number(readFileSync(files.pid, 'utf8'));
        try {
          process.kill(pid, 'SIGTERM');
        } catch {
          // Already gone: it noticed the terminal first.
        }
      }
      const code = await waitFor(
        () => (existsSync(files.code) ? readFileSync(files.code, 'utf8').trim() || undefined : undefined),
        'the console to exit',
      );
      const stderr = readStderr();
      expect(stderr).not.toMatch(/Assertion failed|Unhandled 'error'|EIO|EPIPE|crashed/);
      expect(code).toBe('0');
      expect(readFileSync(files.log, 'utf8')).toMatch(/terminal gone|SIGTERM/);
    },
    90_000,
  );
});
