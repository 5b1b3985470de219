import { intOption, UsageError } from './args.js';
import { defineCommand } from './define-command.js';
import { runUntilStopped } from './run-until-stopped.js';
import { CONNECT_OPTIONS, readCa, readToken, readUrl } from './token-source.js';

const HELP = `Usage: dutywatch sl651-gateway --config FILE --collector URL --token T [options]

Accepts SL 651-2014 remote terminal units (HEX/BCD or ASCII frames over TCP, told apart per frame),
decodes their keep-alive (2F), timed (32), extra (33) and hourly (34) reports and sends each observation to
the collector's /ingest as a "reading" with the id sl651:<station>:<observation time>, so nothing is stored
twice. Terminals are mapped to stations by the "rtuAddress" of each station in --config; the county's
utcOffset says which local time they send.
Bad frames are logged with their hex and dropped; the connection stays open. Logs go to stderr.

Options:
  --listen HOST:PORT   where terminals connect (default 127.0.0.1:5651; 0.0.0.0:5651 for every interface)
  --collector URL      collector address, e.g. ws://127.0.0.1:8470 (default; env DUTYWATCH_URL)
  --token T            a source token whose scope covers the stations (or --token-file F, or env DUTYWATCH_TOKEN)
  --ca FILE            trust this CA (PEM) for a wss:// collector with a private certificate
  --config FILE        county configuration (JSON) with the stations' rtuAddress (required)
  --work-mode N        the terminals' work mode: 1 self-report (never answered), 2 self-report with
                       confirmation (default), 3 query-response, 4 debug; in 2–4 a frame ending ETB (more
                       follows) gets ACK, a finished report EOT, a SYN transfer its packet total back
  --keep-online        end confirmations with ESC (terminal stays on line) instead of EOT (terminal hangs up)
  --quiet              log warnings and errors only
  -h, --help           show this help

A report is confirmed to its terminal only after the collector has acked every reading in it. One that yields no
reading (unreadable, no station, no level, function 30), or that the collector refuses, is not answered (SL 651's
answer to an invalid report) and is counted as unconfirmed: the terminal keeps it and sends it again. A stats line
(frames ok/bad, readings sent/acked, unconfirmed) is logged every minute and on SIGUSR1. SIGTERM or SIGINT stops it; readings not yet acked are logged as pending.`;

/** Splits `HOST:PORT`, `[v6]:PORT` or a bare `PORT` into host and port. */
export function parseListen(value: string | undefined): { host: string; port: number } {
  if (value === undefined) return { host: '127.0.0.1', port: 5651 };
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(value) ?? /^()()(\d+)$/.exec(value);
  if (!m) throw new UsageError(`dutywatch sl651-gateway: --listen must be HOST:PORT, not "${value}"`);
  const host = m[1] || m[2] || '127.0.0.1';
  return { host, port: intOption('sl651-gateway', 'listen', m[3], 5651) };
}

/** `dutywatch sl651-gateway`. */
export const sl651GatewayCommand = defineCommand({
  name: 'sl651-gateway',
  summary: 'accept SL 651 telemetry terminals over TCP and forward their readings',
  help: HELP,
  options: {
    ...CONNECT_OPTIONS,
    collector: { type: 'string' },
    listen: { type: 'string' },
    config: { type: 'string' },
    'work-mode': { type: 'string' },
    'keep-online': { type: 'boolean' },
    quiet: { type: 'boolean' },
  },
  async run({ values }) {
    if (!values.config) throw new UsageError('dutywatch sl651-gateway: --config FILE is required');
    const listen = parseListen(values.listen);
    const workMode = intOption('sl651-gateway', 'work-mode', values['work-mode'], 2, 1, 4) as 1 | 2 | 3 | 4;
    const token = readToken('sl651-gateway', values);
    const ca = readCa('sl651-gateway', values);
    // Loaded only when this command runs, so the other commands start no slower.
    const [{ loadConfigFile }, { createLogger }, { formatStats, startGateway }] = await Promise.all([
      import('../../server/config-file.js'),
      import('../log/logger.js'),
      import('../sl651/gateway.js'),
    ]);
    const config = loadConfigFile(values.config);
    const logger = createLogger(process.stderr, values.quiet ?? false);
    const gateway = await startGateway({
      ...listen,
      collectorUrl: values.collector ?? readUrl(values),
      token,
      ...(ca ? { ca } : {}),
      stations: config.stations,
      utcOffset: config.county.utcOffset,
      workMode,
      keepOnline: values['keep-online'] ?? false,
      logger,
    });
    return runUntilStopped(
      { name: 'sl651', stats: () => formatStats(gateway.stats()), close: () => gateway.close() },
      logger,
    );
  },
});
