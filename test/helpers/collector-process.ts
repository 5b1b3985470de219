import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../src/package-root.js';
import type { ConfigInput } from '../../src/protocol/index.js';

const BIN = join(packageRoot(), 'bin', 'dutywatch.js');

/** Runs the real `dutywatch` binary from the sources, with CI variables removed (Ink draws nothing under CI). */
export function spawnDutywatch(args: string[], env: Record<string, string> = {}): ChildProcess {
  const { CI: _ci, CONTINUOUS_INTEGRATION: _cont, ...rest } = process.env;
  return spawn(process.execPath, [BIN, ...args], {
    env: { ...rest, DUTYWATCH_FROM_SOURCE: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Runs `dutywatch …` to completion and returns its exit code and output. */
export function runDutywatch(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawnDutywatch(args, env);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d) => {
      stdout += d;
    });
    child.stderr?.on('data', (d) => {
      stderr += d;
    });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Writes a config to `dir/config.json` and returns its path. */
export function writeConfig(dir: string, config: ConfigInput): string {
  const path = join(dir, 'config.json');
  writeFileSync(path, JSON.stringify(config, null, 2));
  return path;
}

/** A collector in a child process (`dutywatch serve`), resolved once it logs the port it listens on. */
export async function startCollectorProcess(
  configPath: string,
  dbPath: string,
  extraArgs: string[] = [],
  env: Record<string, string> = {},
) {
  const child = spawnDutywatch(
    ['serve', '--config', configPath, '--db', dbPath, '--port', '0', ...extraArgs],
    env,
  );
  let log = '';
  const port = await new Promise<number>((resolve, reject) => {
    child.stderr?.on('data', (d) => {
      log += d;
      const match = /collector\.listening .*port=(\d+)/.exec(log);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`collector exited ${code} before listening:\n${log}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    port,
    url: `ws://127.0.0.1:${port}`,
    log: () => log,
    exited,
    /** SIGKILL: no chance to flush anything. */
    async kill9() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}
