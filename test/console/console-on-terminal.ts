import {
  type ConsoleHandle,
  type RenderConsoleOptions,
  renderConsole,
} from '../../src/console/render-console.js';
import { consoleSettings } from '../../src/console/settings.js';
import type { Lang } from '../../src/console/strings.js';

/**
 * The console on a fake terminal against a collector, in colour and redrawn every 50 ms: how the terminal tests
 * run it. It loads Ink, so those tests import it only after clearing CI.
 */
export function consoleOnTerminal(
  terminal: Pick<RenderConsoleOptions, 'stdout' | 'stdin'>,
  link: Pick<RenderConsoleOptions, 'url' | 'token'>,
  lang: Lang,
  more: Partial<RenderConsoleOptions> = {},
): Promise<ConsoleHandle> {
  return renderConsole({
    ...link,
    settings: { ...consoleSettings({ lang, isAscii: false, hasColor: true }), flushMs: 50 },
    stdout: terminal.stdout,
    stdin: terminal.stdin,
    ...more,
  });
}
