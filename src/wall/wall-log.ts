import { appendFileSync, closeSync, openSync } from 'node:fs';

/** Where the wall's warnings go while it owns the terminal, and what it prints once it has let go. */
export type WallLog = {
  write(message: string): void;
  /**
   * A change of the link (lost, back, refused): never folded into an earlier line as a repeated warning is,
   * since each one is news; a link flapping many times a minute is summarised rather than filling a disk.
   */
  event(message: string): void;
  /** The file written to, if any (printed on exit so it can be found). */
  file: string | undefined;
  /** The most recent lines, oldest first (printed to stderr after the screen is restored). */
  recent(): string[];
  /** Sends `process.stderr` writes here until the returned function is called: stray output would tear the screen. */
  captureStderr(): () => void;
};

const RECENT_LINES = 20;
/** The same warning is written at most once in this long: a wall that runs for months must not fill a disk. */
const REPEAT_MS = 60_000;
/** Most link events written in a minute; the rest are counted and the count written with the next one. */
const EVENTS_PER_MINUTE = 30;

/** A log that appends to `file` when given and always keeps the last few lines in memory (bounded). */
export function createWallLog(file: string | undefined, now: () => number = Date.now): WallLog {
  const recent: string[] = [];
  const lastWritten = new Map<string, number>();
  const append = (message: string, at: number) => {
    const line = `${new Date(at).toISOString()} ${message.trimEnd()}`;
    recent.push(line);
    if (recent.length > RECENT_LINES) recent.shift();
    if (!file) return;
    try {
      appendFileSync(file, `${line}\n`);
    } catch {
      // A full or missing log disk must not stop the wall; the line stays in memory.
    }
  };
  const write = (message: string) => {
    const at = now();
    // Keyed by the start of the message, so one with a changing count or time still counts as a repeat.
    const key = message.slice(0, 40);
    const last = lastWritten.get(key);
    if (last !== undefined && at - last < REPEAT_MS) return;
    if (lastWritten.size > 200) lastWritten.clear();
    lastWritten.set(key, at);
    append(message, at);
  };
  let minute = -1;
  let inMinute = 0;
  let unwritten = 0;
  const event = (message: string) => {
    const at = now();
    const m = Math.floor(at / 60_000);
    if (m !== minute) {
      minute = m;
      inMinute = 0;
    }
    inMinute += 1;
    if (inMinute > EVENTS_PER_MINUTE) {
      unwritten += 1;
      return;
    }
    append(unwritten > 0 ? `${message} (${unwritten} link changes before this one not logged)` : message, at);
    unwritten = 0;
  };
  if (file) {
    // Created at start, so a wall that has had nothing to say still shows where it would have said it.
    try {
      closeSync(openSync(file, 'a'));
    } catch {
      // Reported by the first write that fails the same way: the wall runs on without its file.
    }
  }
  return {
    write,
    event,
    file,
    recent: () => [...recent],
    captureStderr() {
      const original = process.stderr.write;
      process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
        write(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
        const callback = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
        callback?.();
        return true;
      }) as typeof process.stderr.write;
      return () => {
        process.stderr.write = original;
      };
    },
  };
}
