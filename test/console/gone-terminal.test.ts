import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
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

/**
 * The full-screen clients on a terminal that goes away (an SSH link dropped, tmux or the window closed). The wall,
 * which runs unattended, used to die on blessed's next write with EIO and then abort in Node's ResetStdio at exit
 * (issue 20); both now end as on SIGHUP: exit 0, said in their log.
 */
const CLIENTS = [
  {
    client: 'console',
    token: TOKENS.officer,
    // Its first full frame: the link is live and the log panel drawn.
    isReady: (term: OnTerminal) => term.screen().includes('live') && term.screen().includes('Log'),
  },
  {
    client: 'wall',
    token: TOKENS.viewer,
    // It writes its link's coming up to its log.
    isReady: (_term: OnTerminal, log: string) =>
      readFileSync(log, { encoding: 'utf8', flag: 'a+' }).includes('link up'),
  },
] as const;

describe.skipIf(!hasScript).each(CLIENTS)(
  'the $client when its terminal goes away',
  ({ client, token, isReady }) => {
    it.each([
      ['the terminal closes', []],
      ['the terminal closes and SIGTERM follows', ['SIGTERM']],
      // The hang-up can reach it after it has begun to end (CI caught exit 129): ending must not undo its handlers.
      ['the terminal closes, SIGTERM and then SIGHUP follow', ['SIGTERM', 'SIGHUP']],
    ] as const)(
      'exits with 0 and no crash when %s',
      async (_, signals) => {
        dir = mkdtempSync(join(tmpdir(), `dutywatch-gone-${client}-`));
        collector = await startCollectorProcess(
          writeConfig(dir, testConfigInput()),
          join(dir, 'collector.db'),
        );
        const log = join(dir, `${client}.log`);
        const term = runOnTerminal(dir, [
          client,
          '--url',
          collector.url,
          '--token',
          token,
          '--lang',
          'en',
          '--log',
          log,
        ]);
        onTerminal = term;
        await waitFor(() => (isReady(term, log) ? true : undefined), `the ${client} to start`).catch(
          (error: Error) => {
            throw new Error(
              `${error.message}; screen:\n${term.screen().slice(-1500)}\nstderr:\n${term.stderr()}`,
            );
          },
        );

        // Under load (CI beside benchmarks) a signal sent right after the kill could beat script(1)'s death, and the
        // terminal then closed while the client exited: a separate race, not the one this case is about.
        await term.close();
        for (const signal of signals) {
          try {
            process.kill(term.pid(), signal);
          } catch {
            // Already gone: it noticed the terminal first.
          }
          await sleep(20);
        }
        const code = await waitFor(term.exitCode, `the ${client} to exit`);
        expect(term.stderr()).not.toMatch(/Assertion failed|Unhandled 'error'|EIO|EPIPE|crashed|fault/);
        expect(code).toBe('0');
        expect(readFileSync(log, 'utf8')).toMatch(/terminal gone|SIGTERM|stopped/);
      },
      90_000,
    );
  },
);
