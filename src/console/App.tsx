import { Box, type Key, useApp, useInput } from 'ink';
import { useCallback, useMemo, useRef } from 'react';
import type { WatchReply, WatchRequest } from '../client/pending-replies.js';
import { Command, footerHints, keyToCommand } from '../state/keymap.js';
import { selectedIndex } from '../state/ui-state.js';
import type { WatchState } from '../state/watch-state.js';
import { Body } from './components/Body.js';
import { CalloutView } from './components/CalloutView.js';
import { ChasePrompt } from './components/ChasePrompt.js';
import { Footer } from './components/Footer.js';
import { Header } from './components/Header.js';
import { PromptBox, type PromptBoxProps, promptHeight } from './components/PromptBox.js';
import { TooSmall } from './components/TooSmall.js';
import { ConsoleLookProvider } from './console-context.js';
import { useBell } from './hooks/use-bell.js';
import { useConsoleModel } from './hooks/use-console-model.js';
import { type TerminalSize, useTerminalSize } from './hooks/use-terminal-size.js';
import { type ReadHistory, useWholeHistory } from './hooks/use-whole-history.js';
import { handleKey, type KeyContext, keyMode } from './key-handler.js';
import { layoutKind, planLayout } from './layout.js';
import type { ConsoleSettings } from './settings.js';
import { stringsFor } from './strings.js';
import { createTheme } from './theme.js';
import type { Subscribable } from './throttled-source.js';
import { retriggeredAt } from './view-model.js';

/** Props of {@link App}: the store the connection feeds, how to send actions, and how to behave. */
export type AppProps = {
  store: Subscribable<WatchState>;
  /** Sends an action to the collector and resolves with its reply (the console holds no authority itself). */
  send(request: WatchRequest): Promise<WatchReply>;
  /** Asks for a station's whole history when its details open over a thinned snapshot (absent: never asks). */
  readHistory?: ReadHistory;
  settings: ConsoleSettings;
  now?: () => number;
  newId?: () => string;
  /** The terminal bell; written straight to the terminal, it moves no cursor and so cannot disturb the frame. */
  ring?: () => void;
  /** Pins the terminal size (tests). */
  size?: TerminalSize;
  /** Bytes per second written to the terminal lately, for `--stats`. */
  bytesPerSecond?: () => number;
  onQuit?: () => void;
};

let idCounter = 0;
// Unique per console run and action; the collector journals (token, id), so a resend after a drop is harmless.
const defaultNewId = () => {
  idCounter += 1;
  return `con-${process.pid}-${Date.now().toString(36)}-${idCounter}`;
};
const noop = () => {};

/**
 * The duty console: picks the layout for the terminal, owns the one `useInput`, and passes view models down.
 * Data reaches it at a bounded rate; the clock ticks once a second; nothing else animates.
 */
export function App(props: AppProps) {
  const { settings } = props;
  const now = props.now ?? Date.now;
  const newId = props.newId ?? defaultNewId;
  const ring = props.ring ?? noop;
  const { exit } = useApp();
  const strings = stringsFor(settings.lang);
  const theme = useMemo(
    () => createTheme({ color: settings.hasColor, ascii: settings.isAscii }),
    [settings.hasColor, settings.isAscii],
  );
  const look = useMemo(() => ({ strings, theme, settings }), [strings, theme, settings]);
  const size = useTerminalSize(props.size);
  const { state, tick, ui, dispatch, opts, view, header, promptRow, chase, filling } = useConsoleModel(
    props.store,
    settings,
    strings,
    now,
  );
  useBell(ui.prompts, ring, settings.isBellEnabled, settings.bellRepeatMs);
  // The station whose details are open, as the details view picks it (the selected row, else the first).
  const detailsStation =
    ui.overlay.kind === 'details' && ui.focus === 'water'
      ? view.stations[
          selectedIndex(
            view.stations.map((r) => r.code),
            ui.selected.water,
          )
        ]?.code
      : undefined;
  useWholeHistory(state, detailsStation, props.readHistory, newId);

  const chaseRef = useRef(chase);
  chaseRef.current = promptRow ? [] : chase;
  const variant = layoutKind({
    columns: size.columns,
    rows: size.rows,
    isLowBandwidth: settings.isLowBandwidth,
  });
  const promptProps: PromptBoxProps | undefined = promptRow
    ? {
        alert: promptRow,
        position: Math.max(1, ui.prompts.indexOf(promptRow.id) + 1),
        count: Math.max(1, ui.prompts.length),
        isDone: ui.promptDone !== undefined,
        // Only an action still in flight or one that failed: a confirmed one is history.
        pending: [...ui.pending].reverse().find((p) => p.alert === promptRow.id),
        linkDownSince: header.connection.downSince,
        retriggeredAt: retriggeredAt(state, promptRow.id, opts),
        variant,
        width: size.columns,
      }
    : undefined;
  const plan = planLayout({
    columns: size.columns,
    rows: size.rows,
    focus: ui.focus,
    hasPrompt: promptProps !== undefined || chase.length > 0 || filling.length > 0,
    ...(promptProps ? { promptRows: promptHeight(promptProps, look) } : {}),
    isLowBandwidth: settings.isLowBandwidth,
  });
  const quit = useCallback(() => {
    props.onQuit?.();
    exit();
  }, [props.onQuit, exit]);
  const focusSlot = plan.kind === 'too-small' ? undefined : plan.panels.find((p) => p.id === ui.focus);

  // The latest render's context, read by a handler that never changes: Ink re-subscribes a changed handler only
  // in an effect, so keys arriving before it runs (typed fast, or pasted) would otherwise meet stale state.
  const keyContext = useRef<KeyContext | undefined>(undefined);
  keyContext.current =
    plan.kind === 'too-small'
      ? undefined
      : {
          ui,
          view,
          state,
          settings,
          strings,
          dispatch,
          send: props.send,
          now,
          newId,
          quit,
          promptAlert: ui.promptDone || !promptRow ? undefined : promptRow.id,
          pageRows: Math.max(1, (focusSlot?.height ?? 2) - 2),
          chase: chaseRef.current[0],
        };
  const onKey = useCallback(
    (input: string, key: Key) => {
      const ctx = keyContext.current;
      // Only quitting makes sense on the too-small page: the panels' quit keys quit at once.
      if (!ctx) {
        const command = keyToCommand(input, key, 'normal');
        if (command === Command.quit || command === Command.interrupt) quit();
        return;
      }
      handleKey(input, key, ctx);
    },
    [quit],
  );
  useInput(onKey);

  if (plan.kind === 'too-small')
    return (
      <ConsoleLookProvider value={look}>
        <TooSmall
          columns={plan.columns}
          rows={plan.rows}
          summary={[
            strings.triggered(header.triggered),
            ...(ui.prompts.length > 0 ? [strings.waitingForMe(ui.prompts.length)] : []),
            header.connection.text,
          ].join(' · ')}
          isUrgent={ui.prompts.length > 0}
        />
      </ConsoleLookProvider>
    );
  const pending = ui.pending[ui.pending.length - 1];
  const mode = keyMode(ui, chaseRef.current.length > 0);
  const rate =
    settings.showStats && props.bytesPerSecond ? `${Math.round(props.bytesPerSecond())} B/s` : undefined;
  return (
    <ConsoleLookProvider value={look}>
      <Box flexDirection="column" width={plan.width} height={plan.height} overflow="hidden">
        <Header header={header} width={plan.width} />
        {promptProps ? (
          <PromptBox {...promptProps} width={plan.width} height={plan.promptRows} />
        ) : chase.length > 0 ? (
          <ChasePrompt rows={chase} variant={plan.kind} width={plan.width} />
        ) : filling.length > 0 ? (
          <CalloutView callouts={filling} width={plan.width} height={plan.kind === 'wide' ? 7 : 4} />
        ) : null}
        <Body plan={plan} ui={ui} view={view} />
        <Footer
          width={plan.width}
          isQuitting={mode === 'quit'}
          hints={footerHints(mode, settings.lang)}
          quitText={
            settings.quitStopsCollector
              ? strings.quitDemo
              : ui.prompts.length > 0
                ? strings.quitPrompts(ui.prompts.length)
                : undefined
          }
          filterDraft={ui.filter.draft}
          flash={ui.flash}
          pending={pending}
          now={tick}
          stats={rate}
        />
      </Box>
    </ConsoleLookProvider>
  );
}
