import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

type LogRender = ((str: string) => boolean) & {
  clear(): void;
  done(): void;
  sync(str: string): void;
  setCursorPosition(position: unknown): void;
  isCursorDirty(): boolean;
  willRender(str: string): boolean;
};
type Create = (
  stream: NodeJS.WriteStream,
  options?: { showCursor?: boolean; incremental?: boolean },
) => LogRender;

// One line up: the row the 6.8 incremental renderer forgets to climb.
const CURSOR_UP_ONE = '\u001B[1A';

let applied: boolean | undefined;

/**
 * The one Ink version this fix was verified against, line for line, with the ghost-line test (console-xterm).
 * package.json pins ink to it; another version stops the console at start-up rather than draw a drifting frame
 * at 3 a.m. Re-verify the fix (or drop it, on Ink 7) before changing either.
 */
export const INK_VERIFIED = '6.8.0';

/** The Ink installed is not the one the rendering fix was verified for. */
export class InkVersionError extends Error {
  override name = 'InkVersionError';
}

/**
 * Corrects Ink 6.5–6.8's incremental renderer, which climbs one row too few before redrawing a frame that ends in a
 * newline (ours always do: it is shorter than the terminal), so every update moves the frame down a row and leaves
 * ghost lines (ink#910, fixed in 7.0 by `cursorUp(previousLines.length - 1)`; terminal-ui.md §b). Ink builds its
 * renderer through the exported `logUpdate.create` object of `build/log-update.js`, so wrapping that function is
 * enough; the module is loaded by file URL because Ink's `exports` hide it. Throws {@link InkVersionError} when the
 * Ink installed is not {@link INK_VERIFIED}; returns false (standard renderer) only if Ink's internals cannot be
 * reached at all.
 */
export async function fixInkIncrementalRendering(): Promise<boolean> {
  if (applied !== undefined) return applied;
  const entry = createRequire(import.meta.url).resolve('ink');
  const version = installedInkVersion(entry);
  if (version !== INK_VERIFIED) {
    throw new InkVersionError(
      `ink ${version} is installed, but the console's rendering fix (src/console/ink-incremental-fix.ts) was ` +
        `verified on ink ${INK_VERIFIED} only: install ink ${INK_VERIFIED}, or re-verify the fix (ink#910) and update INK_VERIFIED`,
    );
  }
  applied = false;
  try {
    const mod = (await import(pathToFileURL(join(dirname(entry), 'log-update.js')).href)) as {
      default?: { create?: Create };
    };
    const logUpdate = mod.default;
    const original = logUpdate?.create;
    if (!logUpdate || typeof original !== 'function') return false;
    logUpdate.create = (stream, options) =>
      options?.incremental ? correctedIncremental(original, stream, options) : original(stream, options);
    applied = true;
  } catch {
    applied = false;
  }
  return applied;
}

/** The version in Ink's package.json, found from its resolved entry point (`build/index.js`). */
export function installedInkVersion(entry: string): string {
  const root = join(dirname(entry), '..');
  return (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
}

/**
 * The original incremental renderer with the missing row climbed first. It is needed exactly when the original
 * takes its line-diff path — there was a previous frame, it ended in a newline, and the new one is not shorter
 * (a shorter frame goes through `eraseLines`, which lands right) — and the previous frame had more than one line
 * (`ESC[0A` moves one row anyway).
 */
function correctedIncremental(
  original: Create,
  stream: NodeJS.WriteStream,
  options: { showCursor?: boolean; incremental?: boolean },
): LogRender {
  const inner = original(stream, options);
  let previous = '';
  const visible = (s: string) => (s.endsWith('\n') ? s.split('\n').length - 1 : s.split('\n').length);
  const render = ((str: string) => {
    const isDiffPath =
      previous !== '' &&
      str !== '\n' &&
      str !== previous &&
      previous.endsWith('\n') &&
      visible(str) >= visible(previous) &&
      visible(previous) > 1;
    if (isDiffPath) stream.write(CURSOR_UP_ONE);
    const wrote = inner(str);
    if (wrote) previous = str;
    return wrote;
  }) as LogRender;
  render.clear = () => {
    inner.clear();
    previous = '';
  };
  render.done = () => {
    inner.done();
    previous = '';
  };
  render.sync = (str) => {
    inner.sync(str);
    previous = str;
  };
  render.setCursorPosition = (position) => inner.setCursorPosition(position);
  render.isCursorDirty = () => inner.isCursorDirty();
  render.willRender = (str) => inner.willRender(str);
  return render;
}
