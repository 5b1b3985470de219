import { createStore } from '../client/store.js';
import { connectWatch } from '../client/watch-connection.js';
import type { Action } from '../state/actions.js';
import { reduce } from '../state/reducer.js';
import { selectHeader } from '../state/selectors/header.js';
import { selectStationStatusLines } from '../state/selectors/station-status-json.js';
import { initialWatchState, type WatchState } from '../state/watch-state.js';
import { UsageError } from './args.js';
import { defineCommand } from './define-command.js';
import { CONNECT_HELP, CONNECT_OPTIONS, readCa, readToken, readUrl } from './token-source.js';

const HELP = `Usage: dutywatch watch --json [options]

Follows the collector's /watch feed and prints every message it sends (snapshot, delta, clock, replies) as one
JSON line on standard output, as decoded by this client. Connection changes (live, reconnecting since …,
offline since …) go to standard error. Reconnects and resumes by itself; runs until interrupted (exit 0) or
until the collector refuses the token (exit 1).

With --stations, prints instead one line {"type":"stations","at":…,"stations":[…]} whenever a station's status
changes: code, status (normal, watch, warning, danger, stale, no-data), lastStatus (what a stale station last
showed), floodColour, level, observedAt and stale — the same judgement the console and the wall show. A station
that goes stale is printed when it does (checked every few seconds), not only when data arrives.

Snapshots of a large county carry each station's older readings sampled (historyThinned, docs/PROTOCOL.md §8);
--full-history asks for snapshots with every reading, as a relay does.

Options:
  --json             print the feed as JSON lines (the only output there is for now)
  --stations         print station status lines instead of the raw feed
  --full-history     snapshots with every station's whole history, never thinned
${CONNECT_HELP}

Example:
  dutywatch watch --json --token-file ~/.dutywatch-token | jq -c 'select(.type == "delta")'
  dutywatch watch --json --stations --token-file ~/.dutywatch-token | jq -c '.stations[] | select(.stale)'`;

/** `dutywatch watch`: the decoded feed as JSON lines, for scripting and debugging. */
export const watchCommand = defineCommand({
  name: 'watch',
  summary: 'print the live feed as JSON lines',
  help: HELP,
  options: {
    ...CONNECT_OPTIONS,
    json: { type: 'boolean' },
    stations: { type: 'boolean' },
    'full-history': { type: 'boolean' },
  },
  async run({ values }) {
    if (!values.json) {
      throw new UsageError('dutywatch watch: only --json exists for now (the feed as JSON lines)');
    }
    const token = readToken('watch', values);
    const store = createStore(reduce, initialWatchState);
    return new Promise<number>((resolve) => {
      let lastText = '';
      let isFinished = false;
      const onStateChange = (state: WatchState) => {
        const { text } = selectHeader(state, Date.now(), { names: 'ascii' }).connection;
        // Retries within one outage change the attempt count, not what a person needs to read.
        if (text !== lastText) process.stderr.write(`dutywatch watch: ${text}\n`);
        lastText = text;
        if (state.connection.status === 'refused') finish(1);
      };
      const unsubscribe = store.subscribe(onStateChange);
      let lastStations = '';
      // Status lines change with the data and with time (a station goes stale on its own), so they are looked at
      // after every message and every few seconds; a line is printed only when some status changed.
      const printStations = () => {
        const state = store.getState();
        if (!state.county) return;
        const at = Date.now();
        const stations = selectStationStatusLines(state, at);
        const text = JSON.stringify(stations);
        if (text === lastStations) return;
        lastStations = text;
        process.stdout.write(
          `${JSON.stringify({ type: 'stations', at: new Date(at).toISOString(), stations })}\n`,
        );
      };
      const stationsTimer = values.stations ? setInterval(printStations, 5000) : undefined;
      const dispatch = (action: Action) => {
        if (action.type === 'server' && !values.stations)
          process.stdout.write(`${JSON.stringify(action.msg)}\n`);
        store.dispatch(action);
        if (action.type === 'server' && values.stations) printStations();
      };
      const ca = readCa('watch', values);
      const connection = connectWatch({
        url: readUrl(values),
        token,
        dispatch,
        getState: store.getState,
        onWarning: (message) => process.stderr.write(`dutywatch watch: ${message}\n`),
        ...(ca ? { ca } : {}),
        ...(values['full-history'] ? { fullHistory: true } : {}),
      });
      const onSignal = () => finish(0);
      // A reader that goes away (`| head`) is a normal end for a pipe, not an error.
      const onStdoutError = () => finish(0);
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      process.stdout.once('error', onStdoutError);
      function finish(code: number): void {
        if (isFinished) return;
        isFinished = true;
        clearInterval(stationsTimer);
        unsubscribe();
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        process.stdout.off('error', onStdoutError);
        void connection.close().then(() => resolve(code));
      }
    });
  },
});
