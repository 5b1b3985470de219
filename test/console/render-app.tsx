import { render } from 'ink-testing-library';
import type { WatchReply, WatchRequest } from '../../src/client/pending-replies.js';
import type { Store } from '../../src/client/store.js';
import { App } from '../../src/console/App.js';
import type { ReadHistory } from '../../src/console/hooks/use-whole-history.js';
import { type ConsoleSettings, consoleSettings } from '../../src/console/settings.js';
import type { Lang } from '../../src/console/strings.js';
import type { Action } from '../../src/state/actions.js';
import type { WatchState } from '../../src/state/watch-state.js';
import { LOCAL, liveState, storeWith } from './console-fixtures.js';

/** Keys as a terminal sends them. */
export const KEYS = {
  tab: '\t',
  shiftTab: '\u001B[Z',
  up: '\u001B[A',
  down: '\u001B[B',
  enter: '\r',
  escape: '\u001B',
  backspace: '\u007F',
} as const;

/** Options for {@link renderApp}. */
export type RenderAppOptions = {
  state?: WatchState;
  store?: Store<WatchState, Action>;
  lang?: Lang;
  settings?: Partial<ConsoleSettings>;
  size?: { columns: number; rows: number };
  /** Answers each request; by default every request is acked at once. */
  reply?: (request: WatchRequest) => Promise<WatchReply>;
  /** Answers `history.get` (recorded in `reads`); absent, the App is given no way to ask. */
  readHistory?: ReadHistory;
};

/**
 * The App under ink-testing-library with a fake `send` that records requests (the collector round-trip is tested
 * against a real collector in console-live.test.tsx), a hand-moved local clock, and a counted bell.
 */
export function renderApp(options: RenderAppOptions = {}) {
  const sent: WatchRequest[] = [];
  const reads: { station: string; id: string }[] = [];
  const { readHistory } = options;
  const store = options.store ?? storeWith(options.state ?? liveState());
  let clock = LOCAL;
  let ids = 0;
  const bell = { rings: 0 };
  const quits = { count: 0 };
  const settings: ConsoleSettings = {
    ...consoleSettings({ lang: options.lang ?? 'zh', isAscii: false, hasColor: true }),
    flushMs: 0,
    tickMs: 0,
    ...options.settings,
  };
  const reply =
    options.reply ?? (async (r: WatchRequest): Promise<WatchReply> => ({ v: 1, type: 'ack', id: r.id }));
  const app = render(
    <App
      store={store}
      send={(request) => {
        sent.push(request);
        return reply(request);
      }}
      {...(readHistory
        ? {
            readHistory: (station: string, id: string) => {
              reads.push({ station, id });
              return readHistory(station, id);
            },
          }
        : {})}
      settings={settings}
      now={() => clock}
      newId={() => {
        ids += 1;
        return `t-${ids}`;
      }}
      ring={() => {
        bell.rings += 1;
      }}
      size={options.size ?? { columns: 100, rows: 40 }}
      onQuit={() => {
        quits.count += 1;
      }}
    />,
  );
  return {
    ...app,
    store,
    sent,
    reads,
    bell,
    quits,
    frame: () => app.lastFrame() ?? '',
    /** Moves the local clock (the confirm guard, ages). */
    advance(ms: number) {
      clock += ms;
    },
    /** Types keys one by one, letting Ink and React settle after each (a lone Esc is flushed on setImmediate). */
    async press(...keys: string[]) {
      for (const key of keys) {
        app.stdin.write(key);
        await settleFrame(() => app.lastFrame() ?? '');
      }
    },
  };
}

/**
 * Lets a key's effects and renders run: waits, then until the frame stops changing (a busy machine may take
 * several turns to flush a lone Esc and re-render), so the next key meets the state the last one left.
 */
export async function settleFrame(frame: () => string): Promise<void> {
  await settle();
  for (let i = 0; i < 20; i += 1) {
    const before = frame();
    await settle(20);
    if (frame() === before) return;
  }
}

/** Lets pending input, effects and renders run. */
export function settle(ms = 30): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
