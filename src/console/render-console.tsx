import { type Instance, render } from 'ink';
import type { Store } from '../client/store.js';
import type { WatchConnection } from '../client/watch-connection.js';
import type { Action } from '../state/actions.js';
import type { WatchState } from '../state/watch-state.js';
import { App } from './App.js';
import { type ByteMeter, createByteMeter } from './byte-meter.js';
import type { TerminalSize } from './hooks/use-terminal-size.js';
import { fixInkIncrementalRendering } from './ink-incremental-fix.js';
import { type ConsoleLink, openLink } from './open-link.js';
import type { ConsoleSettings } from './settings.js';
import { traceStart } from './start-trace.js';

/** Where the console connects, how it behaves, and which streams it draws on (real or test terminals). */
export type RenderConsoleOptions = {
  url: string;
  token: string;
  settings: ConsoleSettings;
  stdout: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
  stderr?: NodeJS.WriteStream;
  /** The collector's heartbeat; silence for 2.5 of them ends the link. */
  heartbeatMs?: number;
  /** Where connection warnings go; never the terminal, which Ink owns. */
  onWarning?: (message: string) => void;
  /** Use Ink's incremental renderer (with our fix); false forces the standard one. Default true. */
  isIncremental?: boolean;
  /** Pins the size instead of following the terminal (tests). */
  size?: TerminalSize;
  onQuit?: () => void;
  /** A link already opened (`openLink`), so connecting overlaps loading the UI; else one is opened here. */
  link?: ConsoleLink;
};

/** A running console: its store and connection, the Ink instance, and what it has written. */
export type ConsoleHandle = {
  store: Store<WatchState, Action>;
  connection: WatchConnection;
  instance: Instance;
  meter: ByteMeter;
  /** Whether frames are drawn incrementally (only changed lines are sent). */
  isIncremental: boolean;
  /** Resolves when the console has quit (q, or Ctrl-C then y). */
  waitUntilExit(): Promise<void>;
  /** Unmounts and closes the connection; safe to call twice. */
  stop(): Promise<void>;
};

/**
 * Connects to the collector and renders the console on the given streams. It does not touch the alternate screen,
 * signals or the CI variables — `main.ts` does that for a real terminal — so tests and benchmarks can drive it
 * with fake streams.
 */
export async function renderConsole(options: RenderConsoleOptions): Promise<ConsoleHandle> {
  traceStart('renderConsole: connecting');
  const { store, connection } = options.link ?? openLink(options);
  const untrace = traceLink(store);
  // `--log` keeps the link's story: when it went down, why, and when it came back.
  const unwatchLink = watchLink(store, options.onWarning ?? (() => {}));
  const meter = createByteMeter(options.stdout);
  const isIncremental = options.isIncremental !== false && (await fixInkIncrementalRendering());
  const ring = () => {
    try {
      meter.stream.write('\u0007');
    } catch {
      // A terminal that has gone away cannot ring; the prompt is still on screen for when it comes back.
    }
  };
  traceStart('Ink render: start');
  const instance = render(
    <App
      store={store}
      send={(request) => connection.send(request)}
      readHistory={(station, id) => connection.readHistory(station, id)}
      settings={options.settings}
      ring={ring}
      bytesPerSecond={meter.bytesPerSecond}
      {...(options.size ? { size: options.size } : {})}
      {...(options.onQuit ? { onQuit: options.onQuit } : {})}
    />,
    {
      stdout: meter.stream,
      stdin: options.stdin,
      ...(options.stderr ? { stderr: options.stderr } : {}),
      exitOnCtrlC: false,
      patchConsole: false,
      maxFps: options.settings.maxFps,
      incrementalRendering: isIncremental,
      concurrent: false,
    },
  );
  traceStart('Ink render: returned');
  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      unwatchLink();
      untrace();
      instance.unmount();
      await connection.close();
    })();
    return stopped;
  };
  return {
    store,
    connection,
    instance,
    meter,
    isIncremental,
    waitUntilExit: async () => {
      await instance.waitUntilExit();
      await connection.close();
    },
    stop,
  };
}

/** Reports each change of the link's status (down with its reason, back up after how long) to `log`. */
export function watchLink(store: Store<WatchState, Action>, log: (line: string) => void): () => void {
  let last = store.getState().connection;
  return store.subscribe(() => {
    const conn = store.getState().connection;
    if (conn.status === last.status) return;
    const wasDown = last.status === 'reconnecting' || last.status === 'offline';
    if (conn.status === 'live') {
      const downFor = wasDown && 'since' in last ? Math.round((conn.since - last.since) / 1000) : undefined;
      log(downFor === undefined ? 'link: live' : `link: reconnected after ${downFor} s down`);
    } else if (conn.status === 'reconnecting') log(`link: lost (${conn.reason}); reconnecting`);
    else if (conn.status === 'offline') log(`link: offline since its drop (${conn.reason}); still retrying`);
    else if (conn.status === 'refused') log(`link: refused (HTTP ${conn.httpStatus}: ${conn.reason})`);
    last = conn;
  });
}

/** Traces the link's first status changes and the first frame bytes (DUTYWATCH_TRACE_START=1). */
function traceLink(store: Store<WatchState, Action>): () => void {
  let last = store.getState().connection.status;
  return store.subscribe(() => {
    const status = store.getState().connection.status;
    if (status !== last) traceStart(`link: ${status}`);
    last = status;
  });
}
