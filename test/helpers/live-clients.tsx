import { render } from 'ink-testing-library';
import type { WatchConnection } from '../../src/client/watch-connection.js';
import { App, type AppProps } from '../../src/console/App.js';
import { consoleSettings } from '../../src/console/settings.js';
import { createWall } from '../../src/wall/main.js';
import type { fakeTerminal } from '../wall/wall-harness.js';
import { TOKENS } from './test-config.js';

// The console and the wall as the tests that feed a real collector draw them (Chinese, no coalescing delays).

/** The console's App on a real store and watch link, drawn by ink-testing-library, `columns`×40. */
export function renderLiveConsole(
  store: AppProps['store'],
  link: WatchConnection,
  { columns = 120, hasColor = true }: { columns?: number; hasColor?: boolean } = {},
) {
  const settings = { ...consoleSettings({ lang: 'zh', isAscii: false, hasColor }), flushMs: 0, tickMs: 0 };
  const app = render(
    <App
      store={store}
      send={(request) => link.send(request)}
      settings={settings}
      size={{ columns, rows: 40 }}
    />,
  );
  return { app, settings, frame: () => app.lastFrame() ?? '' };
}

/** A Chinese wall on a fake terminal, watching the collector at `url` as the viewer, its pages held still. */
export function liveWall(url: string, terminal: ReturnType<typeof fakeTerminal>) {
  return createWall({
    url,
    token: TOKENS.viewer,
    lang: 'zh',
    isTty: false,
    pageSeconds: 0,
    heartbeatMs: 15_000,
    terminal: 'xterm-256color',
    output: terminal.output,
    input: terminal.input,
    redrawMs: 60_000,
  });
}
