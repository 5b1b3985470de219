/** Counts what is written to the terminal: the cost of the console over SSH. */
export type ByteMeter = {
  /** The stream to hand to Ink: the real one, with `write` counted. */
  stream: NodeJS.WriteStream;
  totalBytes(): number;
  /** Bytes per second over the last few seconds. */
  bytesPerSecond(): number;
};

import { traceStart } from './start-trace.js';

const WINDOW_S = 5;

/** Wraps `stdout` so every write is counted; everything else (size, resize events, isTTY) is the real stream's. */
export function createByteMeter(stdout: NodeJS.WriteStream, clock: () => number = Date.now): ByteMeter {
  let total = 0;
  let writes = 0;
  // Bytes per whole second, for a sliding window.
  const buckets = new Map<number, number>();
  const count = (chunk: unknown) => {
    const n =
      typeof chunk === 'string'
        ? Buffer.byteLength(chunk)
        : chunk instanceof Uint8Array
          ? chunk.byteLength
          : 0;
    total += n;
    if (writes < 8) traceStart(`terminal write ${++writes}: ${n} bytes`);
    const second = Math.floor(clock() / 1000);
    buckets.set(second, (buckets.get(second) ?? 0) + n);
    for (const key of buckets.keys()) if (key <= second - WINDOW_S) buckets.delete(key);
  };
  const stream = new Proxy(stdout, {
    get(target, property) {
      if (property === 'write') {
        return (chunk: unknown, ...rest: unknown[]) => {
          count(chunk);
          return (target.write as (...args: unknown[]) => boolean)(chunk, ...rest);
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return {
    stream,
    totalBytes: () => total,
    bytesPerSecond() {
      const second = Math.floor(clock() / 1000);
      let sum = 0;
      for (const [key, n] of buckets) if (key > second - WINDOW_S && key < second) sum += n;
      return sum / (WINDOW_S - 1);
    },
  };
}
