import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** A benchmark client in a child process, so it does not share the collector's event loop or CPU account. */
export type BenchChild<Req, Res> = {
  /** Sends one request and resolves with the child's next message. */
  ask(req: Req): Promise<Res>;
  /** Disconnects; the child exits on disconnect. */
  stop(): void;
};

/**
 * Forks `module` (a .ts file beside this one, run through tsx) and talks to it over IPC, one request at a time.
 * `env` is the child's environment: production by default, as the collector runs in the field.
 */
export function forkChild<Req, Res>(
  module: URL,
  env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production' },
): BenchChild<Req, Res> {
  const child: ChildProcess = fork(fileURLToPath(module), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env,
  });
  return {
    ask(req) {
      return new Promise((resolve, reject) => {
        const onExit = (code: number | null) => reject(new Error(`bench child exited (${code})`));
        child.once('exit', onExit);
        child.once('message', (res) => {
          child.off('exit', onExit);
          resolve(res as Res);
        });
        child.send(req as object);
      });
    },
    stop: () => {
      if (child.connected) child.disconnect();
    },
  };
}
