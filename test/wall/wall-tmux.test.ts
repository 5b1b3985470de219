import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_TOKENS } from '../../src/cli/demo.js';
import { createStore } from '../../src/client/store.js';
import { connectWatch } from '../../src/client/watch-connection.js';
import { packageRoot } from '../../src/package-root.js';
import { reduce } from '../../src/state/reducer.js';
import { selectWallView } from '../../src/state/selectors/wall-view.js';
import { initialWatchState } from '../../src/state/watch-state.js';
import { startCollectorProcess } from '../helpers/collector-process.js';
import { demoConfigWithHeartbeat, replayDemoNight, until } from './wall-harness.js';

const hasTmux = spawnSync('tmux', ['-V']).status === 0;
// A tmux server of our own, so the test never touches anyone's sessions.
const SOCKET = `dutywatch-wall-test-${process.pid}`;
const HEARTBEAT_S = 2;
const tmux = (...args: string[]) => execFileSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' });
const pane = () => tmux('capture-pane', '-p', '-t', 'wall');

const dir = mkdtempSync(join(tmpdir(), 'dutywatch-wall-tmux-'));
afterAll(() => {
  spawnSync('tmux', ['-L', SOCKET, 'kill-server']);
  rmSync(dir, { recursive: true, force: true });
});

/** The worst-state caption the wall should show, worked out by a client of our own from the same feed. */
async function expectedWorst(url: string): Promise<string> {
  const store = createStore(reduce, initialWatchState);
  const connection = connectWatch({ url, token: DEMO_TOKENS.viewer, ...store });
  await until(() => store.getState().incidents.size >= 4, 10_000, 'a snapshot');
  await connection.close();
  return selectWallView(store.getState(), Date.now(), { names: 'zh' }).worst[0]?.caption[0] ?? '';
}

describe.skipIf(!hasTmux)('dutywatch wall in tmux', () => {
  it('shows the worst state, a link-down banner once the collector is killed, and the pages again after a restart', async () => {
    const config = demoConfigWithHeartbeat(dir, HEARTBEAT_S);
    const db = join(dir, 'collector.db');
    let collector = await startCollectorProcess(config, db);
    const replayed = await replayDemoNight(collector.url, Date.now() - 6 * 3_600_000);
    expect(replayed.errors).toBe(0);
    const worst = await expectedWorst(collector.url);
    expect(worst).not.toBe('');

    // Ink and friends draw nothing under CI; blessed does not care, but the wall runs as a user would run it.
    const { CI: _ci, CONTINUOUS_INTEGRATION: _cont, ...env } = process.env;
    const command = [
      'env -u CI -u CONTINUOUS_INTEGRATION DUTYWATCH_FROM_SOURCE=1',
      `${process.execPath} ${join(packageRoot(), 'bin', 'dutywatch.js')} wall`,
      `--url ${collector.url} --token ${DEMO_TOKENS.viewer} --page-seconds 0`,
      `--log ${join(dir, 'wall.log')}`,
      // The shell stays, so the pane can be read after the wall has gone.
      '; echo wall-exit=$?; sleep 60',
    ].join(' ');
    execFileSync(
      'tmux',
      ['-L', SOCKET, '-u', 'new-session', '-d', '-s', 'wall', '-x', '160', '-y', '48', command],
      {
        env: { ...env, TERM: 'xterm-256color', LANG: 'C.UTF-8' },
      },
    );
    try {
      await until(() => pane().includes(worst), 15_000, `the worst state "${worst}"`);
      const header = pane().split('\n').slice(0, 2).join('\n');
      expect(header).toContain('汝川县 值班台');
      expect(header).toContain('[实时]');
      expect(header).toContain(worst);

      await collector.kill9();
      const killedAt = Date.now();
      await until(() => pane().includes('链路中断'), HEARTBEAT_S * 1000, 'the link-down banner');
      expect(Date.now() - killedAt).toBeLessThan(HEARTBEAT_S * 1000);
      expect(pane()).toMatch(/链路中断 自 \d\d:\d\d:\d\d 起/);

      collector = await startCollectorProcess(config, db, ['--port', String(collector.port)]);
      await until(() => pane().includes('[实时]') && !pane().includes('链路中断'), 12_000, 'the pages back');
      expect(pane()).toContain('水情');
      expect(pane()).toContain(worst);

      // SIGTERM (systemd stopping the unit): exit 0, out of the alternate screen, the cursor shown again.
      const shell = tmux('display-message', '-p', '-t', 'wall', '#{pane_pid}').trim();
      const wallPid = Number(
        execFileSync('ps', ['-o', 'pid=', '--ppid', shell], { encoding: 'utf8' }).trim(),
      );
      process.kill(wallPid, 'SIGTERM');
      await until(() => pane().includes('wall-exit='), 5_000, 'the wall to exit');
      expect(pane()).toContain('wall-exit=0');
      expect(tmux('display-message', '-p', '-t', 'wall', '#{alternate_on} #{cursor_flag}').trim()).toBe(
        '0 1',
      );

      // The log says what happened to the link, and the wall says where the log is once it has let go.
      expect(pane()).toContain(`dutywatch wall: log in ${join(dir, 'wall.log')}`);
      const log = readFileSync(join(dir, 'wall.log'), 'utf8');
      expect(log).toContain(`wall started: ${collector.url}`);
      expect(log).toContain(`link lost to ${collector.url}`);
      expect(log).toMatch(/link up to \S+ after \d+ s down/);
      expect(log).toContain('wall stopped');
      expect(log.indexOf('link lost')).toBeLessThan(log.search(/link up to \S+ after/));
    } catch (error) {
      throw new Error(`${(error as Error).message}\n--- pane ---\n${pane()}`);
    } finally {
      await collector.kill9();
    }
  }, 40_000);
});
