import { ReplayGaveUpError, type ReplayProgress, runReplay } from '../replay/replay-runner.js';
import { parseStart, readScenario } from '../replay/scenario.js';
import { UsageError } from './args.js';
import { defineCommand } from './define-command.js';
import { CONNECT_HELP, CONNECT_OPTIONS, readCa, readToken, readUrl } from './token-source.js';

const HELP = `Usage: dutywatch replay FILE.jsonl [options]

Feeds a scenario (see fixtures/scenarios/) to a collector's /ingest endpoint, showing progress on stderr.
Timestamps are moved so the scenario starts at --start. After a lost connection it reconnects and resends
whatever was not acknowledged: message ids are stable, so nothing is stored twice.

Options:
${CONNECT_HELP}
  --speed N          scenario seconds per real second (default 1); "max" sends as fast as acks come back
  --start WHEN       where the scenario's start lands: now (default), an ISO time, or relative like -6h.
                     With --speed above 1, a collector on the real clock refuses readings from its future;
                     use --start -6h --speed max to load a scenario as recent history.
  --id-prefix P      prefix every message id (replay the same scenario again as new data)
  --give-up-after S  stop when the collector has been unreachable for S seconds (default 300)

Exit 0 when every message was acknowledged, 1 if any was refused, 3 when it gave up on an unreachable
collector (it says why and how far it got; run it again to finish).`;

/** `dutywatch replay`. */
export const replayCommand = defineCommand({
  name: 'replay',
  summary: 'feed a scenario file to a collector',
  help: HELP,
  options: {
    ...CONNECT_OPTIONS,
    speed: { type: 'string' },
    start: { type: 'string' },
    'id-prefix': { type: 'string' },
    'give-up-after': { type: 'string' },
  },
  allowPositionals: true,
  async run({ values, positionals }) {
    const file = positionals[0];
    if (!file || positionals.length > 1)
      throw new UsageError('dutywatch replay: expected one scenario FILE.jsonl');
    const speed =
      values.speed === undefined
        ? 1
        : values.speed === 'max'
          ? Number.POSITIVE_INFINITY
          : Number(values.speed);
    if (!(speed > 0)) throw new UsageError(`dutywatch replay: --speed must be a positive number or "max"`);
    const startAt = parseStart(values.start ?? 'now', Date.now());
    if (startAt === undefined)
      throw new UsageError(`dutywatch replay: --start must be now, an ISO time or like -6h`);
    const giveUpAfter = values['give-up-after'] === undefined ? 300 : Number(values['give-up-after']);
    if (!(giveUpAfter > 0))
      throw new UsageError('dutywatch replay: --give-up-after must be a positive number of seconds');
    const scenario = readScenario(file);
    const isTty = process.stderr.isTTY === true;
    let lastLine = 0;
    const replaying = runReplay({
      url: readUrl(values),
      token: readToken('replay', values),
      scenario,
      speed,
      startAt,
      ...(values['id-prefix'] ? { idPrefix: values['id-prefix'] } : {}),
      ...(values.ca ? { ca: readCa('replay', values) as Buffer } : {}),
      giveUpAfterMs: giveUpAfter * 1000,
      onProgress: (p) => {
        const at = Date.now();
        if (p.state !== 'done' && at - lastLine < (isTty ? 100 : 2000)) return;
        lastLine = at;
        process.stderr.write(
          `${isTty ? '\r\x1b[K' : ''}${progressLine(scenario.name, p)}${isTty ? '' : '\n'}`,
        );
      },
    });
    const result = await replaying.catch((error: unknown) => {
      if (!(error instanceof ReplayGaveUpError)) throw error;
      process.stderr.write(`${isTty ? '\n' : ''}dutywatch replay: ${error.message}\n`);
      return undefined;
    });
    if (!result) return 3;
    if (isTty) process.stderr.write('\n');
    for (const e of result.firstErrors)
      process.stderr.write(`  refused ${e.id ?? '(no id)'}: ${e.code} ${e.message}\n`);
    return result.errors === 0 ? 0 : 1;
  },
});

function progressLine(name: string, p: ReplayProgress): string {
  const t = new Date(p.scenarioT * 1000).toISOString().slice(11, 19);
  const pct = p.total === 0 ? 100 : Math.floor(((p.acked + p.errors) / p.total) * 100);
  return `replay ${name}: ${pct}% ${p.acked + p.errors}/${p.total} answered (${p.errors} refused, ${p.duplicates} duplicate) t+${t} ${p.state}${p.reconnects ? `, ${p.reconnects} reconnects` : ''}`;
}
