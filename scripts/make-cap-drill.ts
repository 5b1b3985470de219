// Writes fixtures/scenarios/cap-drill.jsonl: a flood-warning drill as the county's early-warning office would run
// it — the exercise warning (fixtures/cap/drill-flood-warning.xml), an upgrade to red 20 minutes later, and the
// end of the exercise after 90 minutes. Run with `npx tsx scripts/make-cap-drill.ts`; the output is
// deterministic. Replayed with `--start now`, every CAP time (and the identifiers' stamps) moves with it.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CapAlert } from '../src/cap/cap-alert.js';
import { makeGbIdentifier } from '../src/cap/gbt-identifier.js';
import { capTimeToMs, formatCapTime, parseCap } from '../src/cap/parse-cap.js';
import { writeCap } from '../src/cap/write-cap.js';
import { decodeIngestValue } from '../src/protocol/index.js';

const ROOT = join(import.meta.dirname, '..');
const parsed = parseCap(readFileSync(join(ROOT, 'fixtures/cap/drill-flood-warning.xml'), 'utf8'));
if (!parsed.ok) throw new Error(`the drill fixture is not valid CAP: ${JSON.stringify(parsed.problems)}`);
const alert = parsed.alert;
const START = alert.sent;
const startMs = capTimeToMs(START);
const ISSUER = { regionCode: '411731', agencyCode: '000' };
const reference = { sender: alert.sender, identifier: alert.identifier, sent: alert.sent };

/** The drill's next message, `minutes` after the start. */
function followUp(
  minutes: number,
  msgType: 'Update' | 'Cancel',
  change: (a: CapAlert) => CapAlert,
): CapAlert {
  const at = startMs + minutes * 60_000;
  return change({
    ...alert,
    identifier: makeGbIdentifier(ISSUER, at, 0),
    sent: formatCapTime(at, '+08:00'),
    msgType,
    references: [reference],
  });
}

const upgrade = followUp(20, 'Update', (a) => ({
  ...a,
  info: a.info.map((i) => ({
    ...i,
    severity: 'Extreme',
    urgency: 'Immediate',
    headline: '【演练】汝川县洪水预警升级为红色',
  })),
}));
const end = followUp(90, 'Cancel', (a) => ({
  ...a,
  note: '演练结束，解除洪水预警演练信息。',
  info: a.info.map((i) => ({ ...i, headline: '【演练】解除洪水预警', responseType: ['AllClear'] })),
}));

const lines = [
  {
    scenario: 'cap-drill',
    title: '汝川县洪水预警演练 / Flood-warning drill in Ruchuan (CAP 1.2, status Exercise)',
    start: START,
  },
  ...[
    [0, alert],
    [20 * 60, upgrade],
    [90 * 60, end],
  ].map(([t, doc], n) => ({
    t,
    message: { type: 'cap', id: `cap-drill-${n + 1}`, xml: writeCap(doc as CapAlert) },
  })),
];
for (const line of lines.slice(1)) {
  const decoded = decodeIngestValue((line as { message: unknown }).message);
  if (!decoded.ok) throw new Error(decoded.message);
}
writeFileSync(
  join(ROOT, 'fixtures/scenarios/cap-drill.jsonl'),
  `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`,
);
