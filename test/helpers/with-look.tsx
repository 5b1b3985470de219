import type { ReactElement, ReactNode } from 'react';
import { type ConsoleLook, ConsoleLookProvider } from '../../src/console/console-context.js';
import { consoleSettings } from '../../src/console/settings.js';
import { type Lang, stringsFor } from '../../src/console/strings.js';
import { createTheme } from '../../src/console/theme.js';

/**
 * `node` under the console's strings, theme and settings for `lang`, without colour: the App provides them to
 * every component, so a test that draws one component alone wraps it here (`over`: e.g. a theme that records).
 */
export function withLook(node: ReactNode, lang: Lang = 'zh', over: Partial<ConsoleLook> = {}): ReactElement {
  const look = {
    strings: stringsFor(lang),
    theme: createTheme({ color: false, ascii: false }),
    settings: consoleSettings({ lang, isAscii: false, hasColor: false }),
    ...over,
  };
  return <ConsoleLookProvider value={look}>{node}</ConsoleLookProvider>;
}
