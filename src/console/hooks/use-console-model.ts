import { useEffect, useMemo, useReducer } from 'react';
import { serverNow } from '../../state/clock.js';
import { comparePromptRows } from '../../state/selectors/alerts.js';
import { selectCallouts, selectChase } from '../../state/selectors/callout.js';
import { initialUiState, reduceUi, type UiAction } from '../../state/ui-state.js';
import type { WatchState } from '../../state/watch-state.js';
import { type ConsoleSettings, nameStyle } from '../settings.js';
import type { Strings } from '../strings.js';
import type { Subscribable } from '../throttled-source.js';
import { buildHeader, buildView, filterView, staleness } from '../view-model.js';
import { useNow } from './use-now.js';
import { useWatchState } from './use-watch-state.js';

/**
 * Everything the console draws, built from the watch state, the clock and the UI state: the view of every
 * panel, the header, the prompt shown, the call-out chase. The top component only lays it out and routes keys
 * (issue 18 item 8: it used to build the view itself). Keeps the UI's prompt queue in step with the alerts.
 */
export function useConsoleModel(
  store: Subscribable<WatchState>,
  settings: ConsoleSettings,
  strings: Strings,
  now: () => number,
) {
  const state = useWatchState(store, settings.flushMs);
  const tick = useNow(settings.tickMs, now);
  const [storedUi, dispatch] = useReducer(reduceUi, initialUiState);

  const opts = useMemo(
    () => ({
      lang: settings.lang,
      names: nameStyle(settings),
      isAscii: settings.isAscii,
      showSeconds: !settings.isLowBandwidth,
    }),
    [settings],
  );
  // Ages and countdowns move in steps of collector time, so a demo running its clock 60 times fast does not show
  // a countdown minutes behind the header's clock; at real speed the rows change only every few seconds.
  const ageStep = settings.ageStepMs / (state.clock?.rate ?? 1);
  const viewNow = ageStep >= 1 ? Math.floor(tick / ageStep) * ageStep : tick;
  const fullView = useMemo(() => buildView(state, viewNow, opts, strings), [state, viewNow, opts, strings]);
  const filtered = useMemo(
    () => filterView(fullView, storedUi.filter.applied),
    [fullView, storedUi.filter.applied],
  );
  // "Data as of … (age)" on the same step as the header's ages, so the two never disagree.
  const view = { ...filtered, stale: staleness(state, viewNow) };
  const header = buildHeader(state, tick, opts, strings, viewNow);

  const promptSync = useMemo(
    (): Extract<UiAction, { type: 'prompts.sync' }> => ({
      type: 'prompts.sync',
      waiting: fullView.alerts
        .filter((a) => a.needsMe)
        .sort(comparePromptRows)
        .map((a) => a.id),
      acknowledged: fullView.alerts.filter((a) => a.state === 'acknowledged').map((a) => a.id),
      at: now(),
    }),
    [fullView, now],
  );
  useEffect(() => dispatch(promptSync), [promptSync]);
  // The prompt as the alerts stand, in this very render: waiting for the effect's dispatch drew a new alert's row
  // first and its prompt one Ink frame later (up to 100 ms of the crossing → prompt time, issue 19.3). The reducer
  // is pure and the sync idempotent, so the state the effect stores is the one drawn here.
  const ui = reduceUi(storedUi, promptSync);
  useEffect(() => {
    if (ui.promptDone) dispatch({ type: 'tick', at: tick });
  }, [tick, ui.promptDone]);

  const promptId = ui.promptDone?.alert ?? ui.shownPrompt;
  const promptRow = promptId === undefined ? undefined : fullView.alerts.find((a) => a.id === promptId);
  // 叫应: the chase of overdue recipients, or call-outs still filling, share the prompt slot when no alert needs it.
  // The collector's time, never behind the last it told us (the deadline passes when the collector says so).
  const calloutNow = Math.max(serverNow(state, viewNow), state.clock?.serverNow ?? 0);
  const chase = useMemo(
    () => selectChase(state, calloutNow, settings.lang),
    [state, calloutNow, settings.lang],
  );
  const filling = useMemo(
    () =>
      selectCallouts(state, calloutNow).filter(
        (c) => c.isOpen && c.settled < c.total && calloutNow < c.deadlineAt,
      ),
    [state, calloutNow],
  );
  return { state, tick, ui, dispatch, opts, fullView, view, header, promptRow, chase, filling };
}
