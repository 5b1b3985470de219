import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseKinds } from '../../src/cli/relay.js';
import { openSpool } from '../../src/relay/spool.js';
import { runDutywatch, spawnDutywatch } from '../helpers/collector-process.js';
import { TOKENS } from '../helpers/test-config.js';
import {
  journalIds,
  RELAY_TOKEN,
  RELAY_TOKEN_NAME,
  readings,
  relayTestScope,
  storedReadings,
  waitFor,
} from './harness.js';

const scope = relayTestScope();

/** `dutywatch relay …` as a child process, with its stderr kept. */
function spawnRelay(args: string[]) {
  const child: ChildProcess = spawnDutywatch(['relay', ...args]);
  let log = '';
  child.stderr?.on('data', (d) => {
    log += d;
    if (process.env['DEBUG_RELAY']) process.stderr.write(d);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  scope.defer(() => {
    child.kill('SIGKILL');
  });
  return { child, log: () => log, exited };
}

describe('dutywatch relay (process)', () => {
  it('resumes from its spool after kill -9: nothing lost, nothing stored twice, order kept', async () => {
    const county = await scope.collector();
    const city = await scope.collector();
    const dir = scope.tempDir('dutywatch-relay-proc-');
    const spoolPath = join(dir, 'relay.db');
    const args = [
      '--from',
      county.url,
      '--from-token',
      TOKENS.viewer,
      '--to',
      city.url,
      '--token',
      RELAY_TOKEN,
      '--spool',
      spoolPath,
    ];
    const feeder = await scope.feeder(county.url);
    const start = Date.now() - 3 * 3_600_000;
    const cityCount = () => storedReadings(city.dbPath).length;

    const first = spawnRelay(args);
    await waitFor(
      () => /relay\.city_up/.test(first.log()) && /relay\.county_up/.test(first.log()),
      'links up',
    );
    // Killed while forwarding: the county is still being fed.
    const feeding = feeder.send(readings('a', start, 600));
    await waitFor(() => cityCount() >= 100, 'the first readings at the city');
    first.child.kill('SIGKILL');
    await first.exited;
    await feeding;
    const atKill = cityCount();
    // The county goes on while no relay runs.
    await feeder.send(readings('b', start + 1_000_000, 900));

    const second = spawnRelay(args);
    await waitFor(() => cityCount() === 1500, 'every reading at the city', 120_000);
    // Resumed from the spool's cursor (not from scratch): the start line names it.
    expect(second.log()).toMatch(/relay\.starting .*cursor=[0-9a-f]+:\d+/);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    process.stderr.write(`relay: killed with ${atKill} of 1500 readings at the city\n`);

    const stopped = /relay\.stopped .*duplicates=(\d+)/.exec(second.log());
    // Only what was unanswered at the kill (one frame) may go twice; the city acks it as a duplicate.
    expect(Number(stopped?.[1])).toBeLessThanOrEqual(200);
    expect(second.log()).not.toMatch(/relay\.dead_letter/);

    const spool = openSpool(spoolPath);
    const delivered = spool.deliveredIds();
    expect(spool.counts()).toMatchObject({ queued: 0, dead: 0 });
    spool.close();
    const stored = journalIds(city.dbPath, RELAY_TOKEN_NAME);
    expect(stored).toHaveLength(1500);
    expect(new Set(stored).size).toBe(1500);
    expect(stored).toEqual(delivered);
    expect(storedReadings(city.dbPath)).toEqual(storedReadings(county.dbPath));
  }, 180_000);

  it('prints a complete --help and exits 2 on usage errors', async () => {
    const help = await runDutywatch(['relay', '--help']);
    expect(help.code).toBe(0);
    for (const option of [
      '--from',
      '--from-token',
      '--to',
      '--token',
      '--kinds',
      '--min-level',
      '--stations',
    ]) {
      expect(help.stdout).toContain(option);
    }
    expect(help.stdout).toContain('--spool');
    expect(help.stdout).toContain('Example:');

    const cases = [
      ['relay', '--bogus'],
      ['relay', '--to', 'ws://127.0.0.1:1', '--token', 't'],
      ['relay', '--from', 'ws://127.0.0.1:1', '--token', 't'],
      [
        'relay',
        '--from',
        'ws://127.0.0.1:1',
        '--to',
        'ws://127.0.0.1:2',
        '--token',
        't',
        '--kinds',
        'bulletins',
      ],
      ['relay', '--from', 'ws://127.0.0.1:1', '--to', 'ws://127.0.0.1:2', '--token', 't', '--min-level', '5'],
    ];
    const results = await Promise.all(cases.map((argv) => runDutywatch(argv, { DUTYWATCH_TOKEN: '' })));
    for (const [i, r] of results.entries()) {
      expect({ argv: cases[i], code: r.code }).toEqual({ argv: cases[i], code: 2 });
      expect(r.stderr).toContain('dutywatch relay --help');
    }
  }, 60_000);

  it('reads --kinds', () => {
    expect(parseKinds(undefined)).toBeUndefined();
    expect(parseKinds('incidents')).toEqual(['incidents']);
    expect(parseKinds('readings,incidents,readings')).toEqual(['readings', 'incidents']);
    expect(() => parseKinds('readings,')).toThrow(/comma-separated/);
    expect(() => parseKinds('stock')).toThrow(/readings, incidents/);
  });
});
