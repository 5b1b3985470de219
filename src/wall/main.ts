// Over 250 lines on purpose: a wall's lifecycle (screen, store, link, redraw timer, resize, page keys, carousel)
// shares its mutable state and timers, as watch-connection.ts does; runWall adds only the process side.
import type { Readable, Writable } from 'node:stream';
import { createStore, type Store } from '../client/store.js';
import { connectWatch, type WatchConnection } from '../client/watch-connection.js';
import type { Action } from '../state/actions.js';
import { reduceBounded } from '../state/bounded-state.js';
import { selectWallView, type WallPageKey } from '../state/selectors/wall-view.js';
import { initialWatchState, type WatchState } from '../state/watch-state.js';
import { watchForGoneTerminal } from '../terminal/gone-terminal.js';
import { applyTooSmall, applyView } from './apply-view.js';
import { ASCII_BARS, BLOCK_BARS } from './bars.js';
import { createWallScreen, type WallScreen } from './blessed-adapter.js';
import { buildLayout, MIN_SIZE, planLayout, type WallLayout } from './layout.js';
import { linkLogLine } from './link-log.js';
import { startPageTurner } from './page-turner.js';
import { paletteFor } from './terminal-mode.js';
import { createWallLog } from './wall-log.js';

/** Everything a wall needs: where the collector is, how to show it, and (for tests) which streams to draw on. */
export type WallOptions = {
  url: string;
  token: string;
  lang: 'zh' | 'en';
  /** The Linux console's mode: ASCII glyphs, 8 colours, no braille charts. */
  isTty: boolean;
  /** Seconds per carousel page; 0 stays on one page. */
  pageSeconds: number;
  /** The collector's heartbeat until measured from its pings. */
  heartbeatMs: number;
  terminal: string;
  output?: Writable & { columns?: number; rows?: number };
  input?: Readable;
  /** Redraw period (1–2 Hz: the data rate never drives the screen). */
  redrawMs?: number;
  /** After a refused token, try again this much later: a wall must come back by itself once the config is fixed. */
  refusedRetryMs?: number;
  now?: () => number;
  onWarning?: (message: string) => void;
  /** The link lost, back, or refused (for `--log`); not a warning, since links come and go. */
  onLinkEvent?: (message: string) => void;
};

/** A running wall. */
export type Wall = {
  store: Store<WatchState, Action>;
  screen: WallScreen;
  /** The carousel's pages for the current size; empty on the "too small" page. */
  pages(): WallPageKey[];
  page(): WallPageKey;
  showPage(key: WallPageKey): void;
  /** Recomputes the view and draws it now (the timer does this every `redrawMs`). */
  redraw(): void;
  layoutKind(): WallLayout['kind'];
  /** Ends the wall and gives the terminal back; with `terminalGone`, leaves the screen alone (nothing to write to). */
  stop(options?: { terminalGone?: boolean }): Promise<void>;
};

/** A wall reconnects within a few seconds at most: it is one client, and people are looking at it. */
const WALL_BACKOFF = { initialMs: 250, maxMs: 5_000 };
/** A resize is acted on once the terminal has stopped changing for this long. */
const RESIZE_SETTLE_MS = 100;
/** Connection changes draw at once, but never faster than this. */
const MIN_REDRAW_GAP_MS = 500;

/** Starts a wall on a screen: connects, and redraws from the store on a timer until stopped. */
export function createWall(options: WallOptions): Wall {
  const now = options.now ?? Date.now;
  const warn = options.onWarning ?? (() => {});
  const linkEvent = options.onLinkEvent ?? (() => {});
  const screen = createWallScreen({
    terminal: options.terminal,
    ...(options.output ? { output: options.output } : {}),
    ...(options.input ? { input: options.input } : {}),
  });
  const store = createStore(reduceBounded, initialWatchState);
  const names = options.lang === 'zh' ? 'zh' : 'ascii';
  const palette = paletteFor(screen.colours, options.isTty);
  const glyphs = options.isTty ? ASCII_BARS : BLOCK_BARS;
  let layout: WallLayout | undefined;
  let layoutStations = -1;
  let needsRebuild = true;
  let pageKey: WallPageKey = 'water';
  let lastRedrawAt = 0;
  let isStopped = false;
  const timers = new Set<NodeJS.Timeout>();
  const later = (fn: () => void, ms: number) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timers.add(timer);
    return timer;
  };

  const pages = (): WallPageKey[] => (layout?.kind === 'grid' ? layout.plan.pages : []);

  function rebuild(stations: number): void {
    screen.clear();
    const plan = planLayout(screen.cols, screen.rows, { isTty: options.isTty, stations });
    try {
      layout = buildLayout(screen.factory, plan, palette);
    } catch (error) {
      // contrib's canvases throw on sizes they cannot draw (blessed-contrib #215): show the small-screen page.
      warn(`layout for ${screen.cols}x${screen.rows} failed: ${String(error)}`);
      screen.clear();
      layout = buildLayout(
        screen.factory,
        { kind: 'too-small', cols: screen.cols, rows: screen.rows },
        palette,
      );
    }
    layoutStations = stations;
    needsRebuild = false;
    const list = pages();
    if (list.length > 0 && !list.includes(pageKey)) pageKey = list[0] as WallPageKey;
    showCurrent();
  }

  function showCurrent(): void {
    if (layout?.kind !== 'grid') return;
    for (const [key, widgets] of layout.pages) {
      if (key === pageKey) widgets.page.show();
      else widgets.page.hide();
    }
  }

  function redraw(): void {
    if (isStopped) return;
    lastRedrawAt = now();
    const view = selectWallView(store.getState(), lastRedrawAt, { names });
    const stations = view.water.stations.length;
    if (needsRebuild || !layout || (layout.kind === 'grid' && stations !== layoutStations)) rebuild(stations);
    try {
      const current = layout as WallLayout;
      if (current.kind === 'too-small') applyTooSmall(current, MIN_SIZE, view.lang, palette);
      else {
        const list = current.plan.pages;
        applyView(current, view, {
          palette,
          glyphs,
          page: pageKey,
          pageNumber: list.indexOf(pageKey) + 1,
          pageCount: list.length,
        });
      }
      screen.render();
    } catch (error) {
      // A drawing fault must not take the wall down: log it and start from a fresh layout next time.
      warn(`redraw failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      needsRebuild = true;
    }
  }

  function showPage(key: WallPageKey): void {
    pageKey = key;
    showCurrent();
    redraw();
  }

  function step(by: number): void {
    const list = pages();
    if (list.length === 0) return;
    const i = list.indexOf(pageKey);
    showPage(list[(i + by + list.length) % list.length] as WallPageKey);
  }

  const connect = () =>
    connectWatch({
      url: options.url,
      token: options.token,
      dispatch: store.dispatch,
      getState: store.getState,
      heartbeatMs: options.heartbeatMs,
      backoff: WALL_BACKOFF,
      onWarning: warn,
      now,
    });
  let connection: WatchConnection = connect();

  let lastConnection = store.getState().connection;
  const unsubscribe = store.subscribe((state) => {
    const status = state.connection.status;
    if (status === lastConnection.status) return;
    const line = linkLogLine(lastConnection, state.connection, options.url);
    if (line) linkEvent(line);
    lastConnection = state.connection;
    // The banner should not wait for the next tick, but a flapping link must not drive the redraw rate either.
    later(redraw, Math.max(0, lastRedrawAt + MIN_REDRAW_GAP_MS - now()));
    if (status === 'refused') {
      later(() => {
        if (isStopped || store.getState().connection.status !== 'refused') return;
        void connection.close().then(() => {
          if (!isStopped) connection = connect();
        });
      }, options.refusedRetryMs ?? 60_000);
    }
  });

  const redrawTimer = setInterval(redraw, options.redrawMs ?? 1000);
  const pageTurner = startPageTurner(options.pageSeconds * 1000, () => step(1));
  let resizeTimer: NodeJS.Timeout | undefined;
  screen.onResize(() => {
    clearTimeout(resizeTimer);
    resizeTimer = later(() => {
      needsRebuild = true;
      redraw();
    }, RESIZE_SETTLE_MS);
  });
  // A page chosen by hand gets a whole period to be read before the carousel moves on.
  const turnByHand = (by: number) => {
    pageTurner.restart();
    step(by);
  };
  screen.onKey(['right', 'pagedown'], () => turnByHand(1));
  screen.onKey(['left', 'pageup'], () => turnByHand(-1));
  redraw();

  return {
    store,
    screen,
    pages,
    page: () => pageKey,
    showPage,
    redraw,
    layoutKind: () => layout?.kind ?? 'too-small',
    async stop({ terminalGone = false } = {}) {
      if (isStopped) return;
      isStopped = true;
      clearInterval(redrawTimer);
      pageTurner.stop();
      for (const timer of timers) clearTimeout(timer);
      unsubscribe();
      // The terminal first: whatever happens to the socket, the screen must be given back.
      if (!terminalGone) screen.destroy();
      await connection.close();
    },
  };
}

/** What `dutywatch wall` passes in: the wall's options plus an optional log file. */
export type RunWallOptions = Omit<WallOptions, 'output' | 'input' | 'onWarning' | 'onLinkEvent'> & {
  logFile?: string;
};

const SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGQUIT'] as const;

/**
 * Runs a wall on this process's terminal until a signal or Ctrl-C (exit 0) or an uncaught fault (exit 1, for
 * systemd's `Restart=always`). Every way out restores the terminal first; the collector going away is never one.
 */
export function runWall(options: RunWallOptions): Promise<number> {
  const log = createWallLog(options.logFile);
  const restoreStderr = log.captureStderr();
  const onProcessWarning = (warning: Error) => log.write(`warning: ${warning.message}`);
  process.on('warning', onProcessWarning);
  // A terminal that has gone away (tmux or the SSH link closed): the wall ends as on SIGHUP, without writing to it.
  const terminal = watchForGoneTerminal(log.event);
  const wall = createWall({ ...options, onWarning: log.write, onLinkEvent: log.event });
  log.event(`wall started: ${options.url}, ${options.lang}${options.isTty ? ', TTY' : ''}`);
  return new Promise((resolve) => {
    let isDone = false;
    const finish = (code: number, error?: unknown) => {
      if (isDone) return;
      isDone = true;
      // The signal handlers stay until exit: a hang-up that arrives while the wall is ending (the terminal closing
      // sends one late) would otherwise find the default action and kill it with 129 instead of exit 0.
      process.off('uncaughtException', onFault);
      process.off('unhandledRejection', onFault);
      process.off('warning', onProcessWarning);
      if (error !== undefined)
        log.write(`fatal: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      log.event(code === 0 ? 'wall stopped' : `wall stopped by a fault (exit ${code})`);
      const stopped = wall.stop({ terminalGone: terminal.isGone() }).catch(() => {});
      terminal.detach();
      restoreStderr();
      if (code !== 0) process.stderr.write(`${log.recent().join('\n')}\n`);
      if (log.file) process.stderr.write(`dutywatch wall: log in ${log.file}\n`);
      // A wall that cannot close its socket cleanly must still exit, or systemd cannot restart it.
      setTimeout(() => process.exit(code), 3000).unref();
      void stopped.then(() => resolve(code));
    };
    const onSignal = () => finish(0);
    const onFault = (error: unknown) => finish(1, error);
    for (const signal of SIGNALS) process.on(signal, onSignal);
    process.on('uncaughtException', onFault);
    process.on('unhandledRejection', onFault);
    wall.screen.onKey(['C-c'], () => finish(0));
    terminal.onGone(() => finish(0));
  });
}
