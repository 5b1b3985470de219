import { appendFileSync } from 'node:fs';

/** Where the wall's warnings go while it owns the terminal, and what it prints once it has let go. */
export type WallLog = {
  write(message: string): void;
  /** The most recent lines, oldest first (printed to stderr after the screen is restored). */
  recent(): string[];
  /** Sends `process.stderr` writes here until the returned function is called: stray output would tear the screen. */
  captureStderr(): () => void;
};

const RECENT_LINES = 20;
/** The same warning is written at most once in this long: a wall that runs for months must not fill a disk. */
const REPEAT_MS = 60_000;

/** A log that appends to `file` when given and always keeps the last few lines in memory (bounded). */
export function createWallLog(file: string | undefined, now: () => number = Date.now): WallLog {
  const recent: string[] = [];
  const lastWritten = new Map<string, number>();
  const write = (message: string) => {
    const at = now();
    // Keyed by the start of the message, so one with a changing count or time still counts as a repeat.
    const key = message.slice(0, 40);
    const last = lastWritten.get(key);
    if (last !== undefined && at - last < REPEAT_MS) return;
    if (lastWritten.size > 200) lastWritten.clear();
    lastWritten.set(key, at);
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
  return {
    write,
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
