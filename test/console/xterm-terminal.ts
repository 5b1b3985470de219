import { Terminal } from '@xterm/headless';
import { fakeTerminal } from './fake-terminal.js';

/** A fake TTY whose every byte also goes into a headless xterm of the same size (for the tests that check the screen a person sees). */
export function xtermTerminal(columns: number, rows: number) {
  const fake = fakeTerminal(columns, rows);
  const term = new Terminal({ cols: columns, rows, allowProposedApi: true, convertEol: true, scrollback: 0 });
  let pending = Promise.resolve();
  const write = fake.stdout.write.bind(fake.stdout);
  (fake.stdout as unknown as { write: (chunk: string | Uint8Array) => boolean }).write = (chunk) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    pending = pending.then(() => new Promise<void>((resolve) => term.write(text, resolve)));
    return write(chunk);
  };
  return {
    ...fake,
    term,
    /** Waits until xterm has parsed everything written so far. */
    flushed: () => pending,
    /** The viewport as a person reads it, one string per row (wide characters once). */
    screen(): string[] {
      const buffer = term.buffer.active;
      const lines: string[] = [];
      for (let i = 0; i < rows; i += 1)
        lines.push(buffer.getLine(buffer.viewportY + i)?.translateToString(true) ?? '');
      return lines;
    },
  };
}
