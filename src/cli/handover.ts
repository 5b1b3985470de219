import { writeFileSync } from 'node:fs';
import { endpointUrl } from '../client/endpoint-url.js';
import { createStore } from '../client/store.js';
import { connectWatch, type WatchConnectionOptions } from '../client/watch-connection.js';
import type { ReportLang } from '../state/handover/words.js';
import { handoverMarkdown } from '../state/handover-report.js';
import { reduce } from '../state/reducer.js';
import { selectHeader } from '../state/selectors/header.js';
import { initialWatchState, type WatchState } from '../state/watch-state.js';
import { numberOption, UsageError } from './args.js';
import { defineCommand } from './define-command.js';
import { CONNECT_HELP, CONNECT_OPTIONS, readCa, readToken, readUrl } from './token-source.js';

/** How long to wait for the collector's first snapshot before giving up, by default (seconds). */
export const SNAPSHOT_TIMEOUT_S = 10;

const LANGS: readonly ReportLang[] = ['zh', 'en'];

const HELP = `Usage: dutywatch handover --markdown [options]

Connects to the collector's /watch feed, takes the first snapshot and prints the handover report as Markdown:
who hands the watch to whom, open alerts with their next deadline, running reporting clocks, snoozes, open
incidents, stations over thresholds or stale, stock below minimum, and the officers' notes of the shift.
An empty section says "none". Exit 0 once written; 1 if the token is refused or no snapshot comes in time.

Options:
  --markdown         write the report as Markdown (the only format there is for now)
  --lang zh|en       the report's language (default zh)
  --out FILE         write the report to FILE instead of standard output
  --timeout S        give up when no snapshot has come after S seconds (default ${SNAPSHOT_TIMEOUT_S})
${CONNECT_HELP}

Example:
  dutywatch handover --markdown --token-file ~/.dutywatch-token --out handover-$(date +%F).md`;

/** `dutywatch handover`: the handover report from one snapshot of the live picture. */
export const handoverCommand = defineCommand({
  name: 'handover',
  summary: 'print the handover report (open alerts, clocks, incidents, stations, stock, notes)',
  help: HELP,
  options: {
    ...CONNECT_OPTIONS,
    markdown: { type: 'boolean' },
    lang: { type: 'string' },
    out: { type: 'string' },
    timeout: { type: 'string' },
  },
  async run({ values }) {
    if (!values.markdown) {
      throw new UsageError('dutywatch handover: only --markdown exists for now (the report as Markdown)');
    }
    const lang = values.lang ?? 'zh';
    if (!isLang(lang)) {
      throw new UsageError(`dutywatch handover: --lang must be zh or en, not "${lang}"`);
    }
    const timeoutS = numberOption('handover', 'timeout', values.timeout, SNAPSHOT_TIMEOUT_S);
    const token = readToken('handover', values);
    const link = { url: readUrl(values), token, ca: readCa('handover', values) };
    const state = await firstSnapshot(link, timeoutS * 1000);
    const markdown = handoverMarkdown(state, Date.now(), { lang });
    if (values.out) {
      writeFileSync(values.out, markdown);
      process.stderr.write(`dutywatch handover: wrote ${values.out}\n`);
    } else {
      process.stdout.write(markdown);
    }
    return 0;
  },
});

function isLang(value: string): value is ReportLang {
  return (LANGS as readonly string[]).includes(value);
}

/**
 * The state once the first snapshot is in. Rejects when the token is refused (retrying cannot help) or when
 * nothing arrives in time, naming the address so a wrong --url is obvious.
 */
function firstSnapshot(
  link: Pick<WatchConnectionOptions, 'url' | 'token' | 'ca'>,
  timeoutMs: number,
): Promise<WatchState> {
  const store = createStore(reduce, initialWatchState);
  return new Promise<WatchState>((resolve, reject) => {
    const connection = connectWatch({
      ...link,
      dispatch: store.dispatch,
      getState: store.getState,
      onWarning: (message) => process.stderr.write(`dutywatch handover: ${message}\n`),
    });
    const finish = (outcome: () => void) => {
      clearTimeout(timer);
      unsubscribe();
      // The report needs nothing more from the link; the process can exit only once it is closed.
      void connection.close().then(outcome);
    };
    const timer = setTimeout(() => {
      const status = selectHeader(store.getState(), Date.now(), { names: 'ascii' }).connection.text;
      const where = endpointUrl(link.url, '/watch', {});
      finish(() => reject(new Error(`no snapshot from ${where} within ${timeoutMs / 1000} s (${status})`)));
    }, timeoutMs);
    const unsubscribe = store.subscribe((state) => {
      if (state.connection.status === 'refused') {
        const { httpStatus, reason } = state.connection;
        finish(() => reject(new Error(`the collector refused the token (HTTP ${httpStatus}): ${reason}`)));
      } else if (state.seq !== undefined) {
        finish(() => resolve(state));
      }
    });
  });
}
