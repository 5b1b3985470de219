import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startCollectorProcess, writeConfig } from '../helpers/collector-process.js';
import { hasScript, type OnTerminal, runOnTerminal, waitFor } from '../helpers/gone-terminal.js';
import { TOKENS, testConfigInput } from '../helpers/test-config.js';

let dir: string | undefined;
let onTerminal: OnTerminal | undefined;
let collector: Awaited<ReturnType<typeof startCollectorProcess>> | undefined;
afterEach(async () => {
  const script = onTerminal?.script;
  if (script?.exitCode === null && script.signalCode === null) script.kill('SIGKILL');
  await collector?.kill9();
  if (dir) rmSync(dir, { recursive: true, force: true });
  onTerminal = collector = dir = undefined;
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
      const log = join(dir, 'console.log');
      const term = runOnTerminal(dir, [
        ...['console', '--url', collector.url, '--token', TOKENS.officer, '--lang', 'en', '--log', log],
      ]);
      onTerminal = term;
      await waitFor(
        () => (term.screen().includes('live') && term.screen().includes('Log') ? true : undefined),
        'the first frame',
      ).catch((error: Error) => {
        throw new Error(
          `${error.message}; screen:\n${term.screen().slice(-1500)}\nstderr:\n${term.stderr()}`,
        );
      });

      term.close();
      if (sendTerm) {
        try {
          process.kill(term.pid(), 'SIGTERM');
        } catch {
          // Already gone: it noticed the terminal first.
        }
      }
      const code = await waitFor(term.exitCode, 'the console to exit');
      expect(term.stderr()).not.toMatch(/Assertion failed|Unhandled 'error'|EIO|EPIPE|crashed/);
      expect(code).toBe('0');
      expect(readFileSync(log, 'utf8')).toMatch(/terminal gone|SIGTERM/);
    },
    90_000,
  );
});
