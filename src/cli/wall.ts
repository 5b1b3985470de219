import { DEFAULT_HEARTBEAT_MS } from '../client/watch-connection.js';
import { chooseTerminal, isLinuxConsole } from '../wall/terminal-mode.js';
import { intOption, UsageError } from './args.js';
import { defineCommand } from './define-command.js';
import { CONNECT_HELP, CONNECT_OPTIONS, readToken, readUrl } from './token-source.js';

const HELP = `Usage: dutywatch wall [options]

A read-only, full-screen wall display of the live feed, for an unattended screen in the command centre: the
worst state in big figures on every page, then a carousel of water levels (gauges and 24-hour charts), stock
against minimums, open incidents with their next reporting deadline, and recent alerts with who acknowledged
them. Never exits because the collector went away: a banner shows since when the link is down, and it
reconnects by itself. Ctrl-C, SIGTERM or SIGHUP end it (exit 0); an internal fault exits 1 (restart it with
systemd, see README "Wall display").

Options:
${CONNECT_HELP}
                     (a viewer token is enough: the wall never acts)
  --page-seconds N   seconds per page (default 15; 0 stays on the first page; arrow keys turn pages)
  --lang zh|en       Chinese names and labels, or ASCII names and English (default zh; en in TTY mode)
  --tty              Linux console mode: ASCII names, no braille charts, 8 colours (automatic when TERM=linux)
  --heartbeat-seconds N
                     the collector's server.heartbeatSeconds, used until the wall has measured it from the
                     collector's pings (default ${DEFAULT_HEARTBEAT_MS / 1000})
  --log FILE         append link changes (lost, back, refused) and warnings here (the screen is no place for
                     them); its path, and after a fault the last lines, are printed on exit

Example:
  dutywatch wall --url ws://10.0.0.5:8470 --token-file /etc/dutywatch/wall.token --page-seconds 20`;

/** `dutywatch wall`: the blessed-contrib wall display (loaded only when asked for). */
export const wallCommand = defineCommand({
  name: 'wall',
  summary: 'run the full-screen wall display (read-only)',
  help: HELP,
  options: {
    ...CONNECT_OPTIONS,
    'page-seconds': { type: 'string' },
    lang: { type: 'string' },
    tty: { type: 'boolean' },
    'heartbeat-seconds': { type: 'string' },
    log: { type: 'string' },
  },
  async run({ values }) {
    const term = process.env['TERM'];
    const isTty = values.tty === true || isLinuxConsole(term);
    const lang = values.lang ?? (isTty ? 'en' : 'zh');
    if (lang !== 'zh' && lang !== 'en') {
      throw new UsageError(`dutywatch wall: --lang must be zh or en, not "${lang}"`);
    }
    const pageSeconds = intOption('wall', 'page-seconds', values['page-seconds'], 15, 0, 3600);
    const heartbeatSeconds = intOption('wall', 'heartbeat-seconds', values['heartbeat-seconds'], 15, 1, 600);
    const token = readToken('wall', values);
    if (!process.stdout.isTTY) {
      throw new UsageError('dutywatch wall: standard output is not a terminal (over SSH, use "ssh -t")');
    }
    const { runWall } = await import('../wall/main.js');
    const code = await runWall({
      url: readUrl(values),
      token,
      lang,
      isTty,
      pageSeconds,
      heartbeatMs: heartbeatSeconds * 1000,
      terminal: chooseTerminal(term),
      ...(values.log ? { logFile: values.log } : {}),
    });
    // Exit now rather than when the event loop drains: Node's own teardown gives the hang-up signal back its default
    // action, and the terminal that just closed sends one late (exit 129 instead of 0).
    process.exit(code);
  },
});
