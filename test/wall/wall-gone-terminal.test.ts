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

// The wall runs unattended; when its terminal goes (tmux killed, an SSH link dropped) it used to die on blessed's
// next write with EIO, then abort in Node's ResetStdio at exit. It ends as on SIGHUP instead: exit 0, said in the log.
describe.skipIf(!hasScript)('the wall when its terminal goes away', () => {
  it.each([
    ['the terminal closes', false],
    ['the terminal closes and SIGTERM follows', true],
  ])(
    'exits with 0 and no crash when %s',
    async (_, sendTerm) => {
      dir = mkdtempSync(join(tmpdir(), 'dutywatch-wall-gone-'));
      collector = await startCollectorProcess(writeConfig(dir, testConfigInput()), join(dir, 'collector.db'));
      const log = join(dir, 'wall.log');
      const term = runOnTerminal(dir, [
        ...['wall', '--url', collector.url, '--token', TOKENS.viewer, '--lang', 'en', '--log', log],
      ]);
      onTerminal = term;
      await waitFor(
        () => (readFileSync(log, { encoding: 'utf8', flag: 'a+' }).includes('link up') ? true : undefined),
        'the wall to connect',
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
      const code = await waitFor(term.exitCode, 'the wall to exit');
      expect(term.stderr()).not.toMatch(/Assertion failed|Unhandled 'error'|EIO|EPIPE|fault/);
      expect(code).toBe('0');
      expect(readFileSync(log, 'utf8')).toMatch(/terminal gone|SIGTERM|wall stopped/);
    },
    90_000,
  );
});
