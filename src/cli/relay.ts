import { readFileSync } from 'node:fs';
import type { IncidentLevel } from '../domain/incident-level.js';
import { RELAY_KINDS, type RelayKind } from '../relay/translate.js';
import { intOption, UsageError } from './args.js';
import { defineCommand } from './define-command.js';
import { runUntilStopped } from './run-until-stopped.js';
import { readCa, readToken } from './token-source.js';

/** The spool's default file, in the working directory. */
export const DEFAULT_SPOOL = 'dutywatch-relay.db';

const HELP = `Usage: dutywatch relay --from URL --to URL --token T [options]

Reports a county upward (县→市): follows the county collector's /watch feed and forwards what it is told to
the city collector's /ingest, as an ordinary source with its own token.
  readings    every water reading of the chosen stations, as "reading" (id rd:<station>:<observedAt>)
  incidents   incidents of --min-level or more serious: "incident.report" the first time one qualifies
              (id ir:<incident>), then "incident.update" for every later change, closing included
              (id iu:<incident>:<update count>:<updatedAt>)
  alerts      the county's critical and warning alerts about stations, stock and incidents, as CAP 1.2
              documents ("cap"): msgType Alert when one opens, Cancel referencing it when it closes
              (identifier dutywatch-alert-<id>-<openedAt>); drills go as status Exercise. CAP warnings the
              county received are not sent back up.
Ids are derived from what a message is, so a restart or a resync never sends anything twice.

Every message is written to the spool (SQLite) together with the county feed position in one transaction
before anything is sent, and leaves it only when the city acks it. A cut city link loses nothing: the spool
fills, and empties in order once the city is back. A killed relay resumes from its spool and position.
A message the city refuses for good (INVALID_MESSAGE, UNKNOWN_REFERENCE, OUT_OF_SCOPE …) is logged as
relay.dead_letter with its id and kept in the spool's dead_letters table; the queue goes on. Transient
refusals (RATE_LIMITED, STORAGE_FULL, SHUTTING_DOWN …) and lost links are retried with backoff.

Options:
  --from URL            the county collector, e.g. ws://10.20.0.5:8470 (required)
  --from-token T        a county token that may watch (viewer) (or --from-token-file F; default: --token)
  --to URL              the city collector, e.g. ws://city.example:8470 (required)
  --token T             the city's source token for this county (or --token-file F, or env DUTYWATCH_TOKEN);
                        its scope must cover the county's stations and townships, and the --cap-sender
                        (capSenders) for alerts
  --kinds LIST          what to forward, comma-separated: readings, incidents, alerts
                        (default readings,incidents)
  --cap-sender ID       the CAP sender of forwarded alerts (default dutywatch-relay), e.g. 411731000
  --cap-sender-name N   the name the city's officers read on them (default the county's name and 应急管理局,
                        e.g. 汝川县应急管理局). Alerts about stations whose readings go up, and about incidents
                        when incidents go up, are not sent: the city raises them itself (docs/RELAY.md)
  --min-level N         forward incidents of level N or more serious: 1 特别重大 … 4 一般 (default 4, all)
  --count-missing       count missing persons with deaths toward the level (the county's reporting rule)
  --stations A,B        forward readings of these stations only (default all)
  --spool FILE          the spool (default ${DEFAULT_SPOOL} in the working directory)
  --keep-days N         remember delivered ids this long; readings older than this are not forwarded
                        (default 7)
  --heartbeat S         the collectors' ping interval (server.heartbeatSeconds) until measured (default 15)
  --ca FILE             trust this CA (PEM) for a wss:// collector with a private certificate
  --quiet               log warnings and errors only
  -h, --help            show this help

Logs go to stderr, one line per event: relay.city_up/down, relay.county_up/down, relay.dead_letter,
relay.caught_up, and relay.stats (forwarded, spooled, queued, city/county link) every minute, on each link
change and on SIGUSR1. SIGTERM or SIGINT stops it cleanly; the spool keeps whatever is not yet acked.

Example:
  dutywatch relay --from ws://10.20.0.5:8470 --from-token-file /etc/dutywatch/county-viewer \\
    --to wss://yjj.city.example:8470 --token-file /etc/dutywatch/city-source \\
    --kinds readings,incidents,alerts --min-level 3 --cap-sender 411731000 --spool /var/lib/dutywatch/relay.db`;

/** Splits a comma-separated list; an empty item is a usage error. */
function listOption(name: string, value: string): string[] {
  const items = value.split(',').map((s) => s.trim());
  if (items.some((s) => s === '')) {
    throw new UsageError(`dutywatch relay: --${name} must be a comma-separated list, not "${value}"`);
  }
  return items;
}

const isRelayKind = (value: string): value is RelayKind => (RELAY_KINDS as readonly string[]).includes(value);

/** `--kinds readings,incidents`. */
export function parseKinds(value: string | undefined): RelayKind[] | undefined {
  if (value === undefined) return undefined;
  const kinds = listOption('kinds', value);
  const unknown = kinds.find((k) => !isRelayKind(k));
  if (unknown !== undefined) {
    throw new UsageError(`dutywatch relay: --kinds takes ${RELAY_KINDS.join(', ')}, not "${unknown}"`);
  }
  return [...new Set(kinds.filter(isRelayKind))];
}

function readFromToken(values: { 'from-token'?: string; 'from-token-file'?: string }): string | undefined {
  if (values['from-token']) return values['from-token'];
  if (!values['from-token-file']) return undefined;
  try {
    return readFileSync(values['from-token-file'], 'utf8').trim();
  } catch (error) {
    throw new UsageError(
      `dutywatch relay: cannot read --from-token-file: ${(error as NodeJS.ErrnoException).code}`,
    );
  }
}

/** `dutywatch relay`. */
export const relayCommand = defineCommand({
  name: 'relay',
  summary: 'report a county upward: forward readings, incidents and alerts to the city collector',
  help: HELP,
  options: {
    from: { type: 'string' },
    'from-token': { type: 'string' },
    'from-token-file': { type: 'string' },
    to: { type: 'string' },
    token: { type: 'string' },
    'token-file': { type: 'string' },
    kinds: { type: 'string' },
    'min-level': { type: 'string' },
    'count-missing': { type: 'boolean' },
    stations: { type: 'string' },
    'cap-sender': { type: 'string' },
    'cap-sender-name': { type: 'string' },
    spool: { type: 'string' },
    'keep-days': { type: 'string' },
    heartbeat: { type: 'string' },
    ca: { type: 'string' },
    quiet: { type: 'boolean' },
  },
  async run({ values }) {
    if (!values.from) throw new UsageError('dutywatch relay: --from URL (the county collector) is required');
    if (!values.to) throw new UsageError('dutywatch relay: --to URL (the city collector) is required');
    const kinds = parseKinds(values.kinds);
    const minLevel = intOption('relay', 'min-level', values['min-level'], 4, 1, 4) as IncidentLevel;
    const stations = values.stations === undefined ? undefined : listOption('stations', values.stations);
    const capSender = values['cap-sender'];
    if (capSender !== undefined && !/^[^\s,<&]+$/.test(capSender)) {
      throw new UsageError(
        `dutywatch relay: --cap-sender may not contain spaces, commas, < or &: "${capSender}"`,
      );
    }
    const keepDays = intOption('relay', 'keep-days', values['keep-days'], 7, 1, 3650);
    const heartbeatS = intOption('relay', 'heartbeat', values.heartbeat, 15, 1, 3600);
    const token = readToken('relay', values);
    const fromToken = readFromToken(values) ?? token;
    const ca = readCa('relay', values);
    // Loaded only when this command runs, so the other commands start no slower.
    const [{ createLogger }, { startRelay, statsFields }] = await Promise.all([
      import('../log/logger.js'),
      import('../relay/relay.js'),
    ]);
    const logger = createLogger(process.stderr, values.quiet ?? false);
    const relay = startRelay({
      from: values.from,
      fromToken,
      to: values.to,
      token,
      ...(ca ? { ca } : {}),
      spoolPath: values.spool ?? DEFAULT_SPOOL,
      ...(kinds ? { kinds } : {}),
      minLevel,
      countMissingTowardLevel: values['count-missing'] ?? false,
      ...(stations ? { stations } : {}),
      ...(capSender ? { capSender } : {}),
      ...(values['cap-sender-name'] ? { capSenderName: values['cap-sender-name'] } : {}),
      keepMs: keepDays * 24 * 3_600_000,
      heartbeatMs: heartbeatS * 1000,
      logger,
    });
    const close = () =>
      relay.stop().catch((error: unknown) => {
        logger.error('relay.stop_failed', { reason: String(error) });
        throw error;
      });
    return runUntilStopped({ name: 'relay', stats: () => statsFields(relay.stats()), close }, logger);
  },
});
