import { useStdout } from 'ink';
import { useEffect, useState } from 'react';

/** A terminal size in character cells. */
export type TerminalSize = { columns: number; rows: number };

/** How long a resize must settle before the layout follows (a window drag sends dozens). */
const RESIZE_DEBOUNCE_MS = 100;

/**
 * The terminal's size, following resizes after they settle (Ink 6 has no `useWindowSize`). `fixed` pins it
 * (tests: ink-testing-library's stdout has no rows).
 */
export function useTerminalSize(fixed?: TerminalSize): TerminalSize {
  const { stdout } = useStdout();
  const [size, setSize] = useState(() => readSize(stdout));
  useEffect(() => {
    if (fixed) return;
    let timer: NodeJS.Timeout | undefined;
    const onResize = () => {
      clearTimeout(timer);
      timer = setTimeout(() => setSize(readSize(stdout)), RESIZE_DEBOUNCE_MS);
    };
    stdout.on('resize', onResize);
    return () => {
      clearTimeout(timer);
      stdout.off('resize', onResize);
    };
  }, [stdout, fixed]);
  return fixed ?? size;
}

function readSize(stdout: NodeJS.WriteStream): TerminalSize {
  return { columns: stdout.columns || 80, rows: stdout.rows || 24 };
}
