import { EventEmitter } from 'node:events';

/**
 * A terminal for `renderConsole` without a pty: a TTY-like stdout that records every byte written (feed it to
 * @xterm/headless with convertEol for screen-level checks) and a raw-mode stdin that keys are written into.
 */
export function fakeTerminal(columns: number, rows: number) {
  let output = '';
  const stdout = Object.assign(new EventEmitter(), {
    isTTY: true,
    columns,
    rows,
    write(chunk: string | Uint8Array) {
      output += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      return true;
    },
  });
  let pending: string | null = null;
  const stdin = Object.assign(new EventEmitter(), {
    isTTY: true,
    setEncoding() {},
    setRawMode() {},
    resume() {},
    pause() {},
    ref() {},
    unref() {},
    read() {
      const data = pending;
      pending = null;
      return data;
    },
  });
  return {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    output: () => output,
    /** Sends keys as the terminal would. */
    type(data: string) {
      pending = data;
      stdin.emit('readable');
    },
    /** Changes the size and tells Ink, as SIGWINCH would. */
    resize(nextColumns: number, nextRows: number) {
      stdout.columns = nextColumns;
      stdout.rows = nextRows;
      stdout.emit('resize');
    },
  };
}

/** Resolves once `test` holds, polling; rejects after `timeoutMs`. */
export async function until(test: () => boolean, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!test()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
