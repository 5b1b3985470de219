import { closeSync } from 'node:fs';
import { isatty } from 'node:tty';

/** Notices the process's terminal going away, and at exit lets go of it. */
export type GoneTerminal = {
  isGone(): boolean;
  markGone(why: string): void;
  /** Called once when the terminal goes (at once if it already has). */
  onGone(callback: () => void): void;
  /**
   * Stops listening, unless the terminal has gone: its late failed writes stay swallowed until exit. The check at
   * exit stays: a terminal that goes after this must still be let go of.
   */
  detach(): void;
};

const ignoreError = () => {};

/**
 * Watches standard input and output for the terminal going away (SSH dropped, the terminal window or tmux closed):
 * writes and reads fail with EIO or EPIPE, or input ends. There is then nothing to draw on and nothing to restore, so
 * a full-screen client ends as on SIGHUP, and must not write its "leave the screen" sequence. Standard error, often
 * the same terminal, is watched too: a failed write of a last line there is not a crash.
 */
export function watchForGoneTerminal(log: (line: string) => void): GoneTerminal {
  const { stdin, stdout, stderr } = process;
  let isGone = false;
  let onGone: (() => void) | undefined;
  // Node resets the terminal modes of standard input, output and error at exit and aborts ("Assertion failed …
  // ResetStdio") when the terminal is gone. It skips a descriptor that is closed, and nothing is written after
  // exit, so the ones that were the terminal are closed when it is gone.
  const ttyDescriptors = [0, 1, 2].filter((fd) => isatty(fd));
  // A terminal can go after the client began to end and before anything wrote to it (no EIO seen): a descriptor
  // that was a terminal and no longer answers as one has been hung up (CI saw the wall abort so, under load).
  const letGo = () => {
    for (const fd of ttyDescriptors) {
      if (!isGone && isatty(fd)) continue;
      try {
        closeSync(fd);
      } catch {}
    }
  };
  process.once('exit', letGo);
  const markGone = (why: string) => {
    if (isGone) return;
    isGone = true;
    log(`terminal gone (${why}): ending`);
    onGone?.();
  };
  const onError = (error: NodeJS.ErrnoException) => markGone(error.code ?? error.message);
  const onEnd = () => markGone('end of input');
  stdout.on('error', onError);
  stdin.on('error', onError);
  stdin.on('end', onEnd);
  stderr.on('error', ignoreError);
  return {
    isGone: () => isGone,
    markGone,
    onGone: (callback) => {
      onGone = callback;
      if (isGone) callback();
    },
    detach() {
      if (isGone) return;
      stdout.off('error', onError);
      stdin.off('error', onError);
      stdin.off('end', onEnd);
      stderr.off('error', ignoreError);
    },
  };
}
