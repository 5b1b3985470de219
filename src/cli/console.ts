import { consoleSettings } from '../console/settings.js';
import { traceStart } from '../console/start-trace.js';
import { detectLang } from '../console/strings.js';
import { themeFromEnv } from '../console/theme.js';
import { intOption, UsageError } from './args.js';
import { defineCommand } from './define-command.js';
import { CONNECT_HELP, CONNECT_OPTIONS, readToken, readUrl } from './token-source.js';

const HELP = `Usage: dutywatch console [options]

The duty officer's console: live alerts, water levels, stock, incidents and reporting deadlines, with escalation
prompts to acknowledge, escalate, snooze, log calls and reports. Full screen; needs a terminal (over SSH: ssh -t).
At least 80x24. Quit with q (or Ctrl-C, which asks first).

Options:
${CONNECT_HELP}
  --lang zh|en       language (default: Chinese when LANG/LC_ALL starts with zh, else English)
  --low-bandwidth    for slow links: 2 frames/s, no sparklines, coarser ages, compact layout
  --bell on|off      ring the terminal bell for a new escalation prompt (default on)
  --bell-repeat S    ring again every S seconds while a prompt waits (default 30; 0 = once)
  --ascii            ASCII only (automatic with TERM=linux); NO_COLOR=1 turns colour off
  --no-color         no colour (as NO_COLOR)
  --heartbeat S      the collector's heartbeat in seconds until two pings have measured it (default 15);
                     silence for 2.5 heartbeats drops the link
  --log FILE         append connection warnings here (the terminal itself is never written to)
  --stats            show bytes per second written to the terminal`;

/** The option definitions `console` and the demo share. */
export const CONSOLE_OPTIONS = {
  lang: { type: 'string' },
  'low-bandwidth': { type: 'boolean' },
  bell: { type: 'string' },
  'bell-repeat': { type: 'string' },
  ascii: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  stats: { type: 'boolean' },
} as const;

/** The console's settings from its options and the environment. */
export function settingsFromOptions(
  command: string,
  values: {
    lang?: string | undefined;
    'low-bandwidth'?: boolean | undefined;
    bell?: string | undefined;
    'bell-repeat'?: string | undefined;
    ascii?: boolean | undefined;
    'no-color'?: boolean | undefined;
    stats?: boolean | undefined;
  },
) {
  if (values.lang !== undefined && values.lang !== 'zh' && values.lang !== 'en') {
    throw new UsageError(`dutywatch ${command}: --lang must be zh or en, not "${values.lang}"`);
  }
  if (values.bell !== undefined && values.bell !== 'on' && values.bell !== 'off') {
    throw new UsageError(`dutywatch ${command}: --bell must be on or off, not "${values.bell}"`);
  }
  const env = themeFromEnv(process.env);
  return consoleSettings({
    lang: detectLang(values.lang, process.env),
    isAscii: values.ascii === true || env.ascii,
    hasColor: values['no-color'] !== true && env.color,
    isLowBandwidth: values['low-bandwidth'] === true,
    isBellEnabled: values.bell !== 'off',
    bellRepeatSeconds: intOption(command, 'bell-repeat', values['bell-repeat'], 30, 0, 3600),
    showStats: values.stats === true,
  });
}

/** `dutywatch console`. */
export const consoleCommand = defineCommand({
  name: 'console',
  summary: 'the duty console: live panels and escalation prompts (full screen)',
  help: HELP,
  options: {
    ...CONNECT_OPTIONS,
    ...CONSOLE_OPTIONS,
    heartbeat: { type: 'string' },
    log: { type: 'string' },
  },
  async run({ values }) {
    const token = readToken('console', values);
    const settings = settingsFromOptions('console', values);
    const heartbeatMs = intOption('console', 'heartbeat', values.heartbeat, 15, 1, 600) * 1000;
    // Loaded only now: Ink must not be imported before the console has cleared CI from the environment.
    const { runConsole } = await import('../console/main.js');
    traceStart('console modules loaded');
    const code = await runConsole({
      url: readUrl(values),
      token,
      settings,
      heartbeatMs,
      ...(values.log ? { logFile: values.log } : {}),
      showStats: values.stats === true,
    });
    // Exit now rather than when the event loop drains: Node's own teardown gives the hang-up signal back its default
    // action, and a terminal that just closed sends one late (exit 129 instead of 0).
    process.exit(code);
  },
});
