import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { afterActionReport, findWarning } from '../../server/cap/after-action.js';
import { afterActionMarkdown } from '../../server/cap/after-action-text.js';
import { exportIncident } from '../../server/cap/export-incident.js';
import { loadConfigFile } from '../../server/config-file.js';
import { openDatabase } from '../../server/db/open-database.js';
import { decodeCapBytes } from '../cap/cap-encoding.js';
import { parseCap } from '../cap/parse-cap.js';
import { writeCap } from '../cap/write-cap.js';
import { connectIngest, sendAndWait } from '../client/ingest-client.js';
import { UsageError } from './args.js';
import { defineCommand } from './define-command.js';
import { CONNECT_HELP, CONNECT_OPTIONS, readCa, readToken, readUrl } from './token-source.js';

const HELP = `Usage: dutywatch cap <import|validate|export|report> [options]

CAP 1.2 (OASIS Common Alerting Protocol; China's profile GB/T 35965.1) in and out of the collector.

  dutywatch cap import FILE.xml… [--url URL] [--token T]
      Sends each document to the collector's /ingest as a "cap" message and prints the reply. The message id
      is derived from the document, so importing the same file twice stores it once. An Update or Cancel
      threads into the warning it references; status Exercise or Test runs as a drill (DRILL on every
      screen, the whole ladder climbed, nobody paged). A document in GBK or GB18030 (by its XML
      declaration) is sent as its bytes and decoded by the collector. Exit 0 when every document was
      accepted, else 1.

  dutywatch cap validate FILE.xml…
      Checks documents against the CAP 1.2 element rules without sending them; prints every problem.
      Reads UTF-8, UTF-16, GB18030, GBK and GB2312 as the XML declaration says, as the collector does.

  dutywatch cap export INCIDENT --config FILE --db FILE [--ack] [--out FILE]
      Writes the incident as a CAP 1.2 document: msgType Alert, or Update once it has follow-ups, with a
      GB/T 35965.1 identifier (county code + config cap.agencyCode + time received + serial). With --ack,
      the first acknowledgement of its alerts as msgType Ack referencing the Alert.

  dutywatch cap report [WARNING] --db FILE [--config FILE] [--out FILE]
      The after-action report of a warning (by default the latest drill): time to acknowledge, to
      escalate past the officer, to report (the first call that reached someone), every rung climbed and
      the log. WARNING is a CAP identifier or the warning's number.

Options:
${CONNECT_HELP}
  --config FILE      the county configuration (as for serve)
  --db FILE          the collector's database (opened read-only; the collector may keep running)
  --out FILE         write to FILE instead of standard output

Examples:
  dutywatch cap import --token-file ~/.dutywatch-token fixtures/cap/drill-flood-warning.xml
  dutywatch cap export INC-20260720-01 --config county.json --db dutywatch.db --out inc.xml
  dutywatch cap report --db dutywatch.db`;

const OPTIONS = {
  ...CONNECT_OPTIONS,
  config: { type: 'string' },
  db: { type: 'string' },
  out: { type: 'string' },
  ack: { type: 'boolean' },
} as const;

/** `dutywatch cap`: CAP 1.2 import, validation, export and the after-action report. */
export const capCommand = defineCommand({
  name: 'cap',
  summary: 'CAP 1.2 alerts: import, validate, export an incident, after-action report of a drill',
  help: HELP,
  options: OPTIONS,
  allowPositionals: true,
  async run({ values, positionals }) {
    const [sub, ...args] = positionals;
    switch (sub) {
      case 'import':
        return importFiles(args, values);
      case 'validate':
        return validateFiles(args);
      case 'export':
        return exportOne(args, values);
      case 'report':
        return report(args, values);
      default:
        throw new UsageError(
          sub === undefined
            ? 'dutywatch cap: say what to do: import, validate, export or report'
            : `dutywatch cap: unknown subcommand "${sub}" (import, validate, export or report)`,
        );
    }
  },
});

type Values = {
  url?: string | undefined;
  token?: string | undefined;
  'token-file'?: string | undefined;
  ca?: string | undefined;
  config?: string | undefined;
  db?: string | undefined;
  out?: string | undefined;
  ack?: boolean | undefined;
};

function readDocument(file: string): Buffer {
  try {
    return readFileSync(file === '-' ? 0 : file);
  } catch (error) {
    throw new UsageError(`dutywatch cap: cannot read ${file}: ${(error as NodeJS.ErrnoException).code}`);
  }
}

/**
 * The `cap` message fields for a file: UTF-8 as text, anything else (GBK, GB18030, UTF-16) as the bytes, which
 * the collector decodes as the XML declaration says — the same decoding `cap validate` does (issue 14).
 */
function documentFields(bytes: Buffer): { xml: string } | { xmlBase64: string } {
  const decoded = decodeCapBytes(bytes);
  if (decoded.ok && (decoded.encoding === 'UTF-8' || decoded.encoding === 'US-ASCII'))
    return { xml: decoded.text };
  return { xmlBase64: bytes.toString('base64') };
}

function requireFiles(args: string[], what: string): void {
  if (args.length === 0)
    throw new UsageError(`dutywatch cap ${what}: name at least one FILE.xml (or - for stdin)`);
}

async function importFiles(files: string[], values: Values): Promise<number> {
  requireFiles(files, 'import');
  const token = readToken('cap import', values);
  const ca = readCa('cap import', values);
  const documents = files.map((file) => ({ file, bytes: readDocument(file) }));
  const ws = await connectIngest(readUrl(values), token, ca ? { ca } : {});
  let failed = 0;
  try {
    for (const { file, bytes } of documents) {
      // The id is the document's digest: a second import of the same file is answered "duplicate", not stored.
      const id = `cap-${createHash('sha256').update(bytes).digest('hex').slice(0, 40)}`;
      const message = { type: 'cap', id, ...documentFields(bytes) };
      const reply = await sendAndWait(ws, JSON.stringify(message), id);
      if (reply.type === 'ack') {
        process.stdout.write(`${file}: accepted${reply.duplicate ? ' (already received)' : ''}\n`);
      } else {
        failed += 1;
        process.stdout.write(`${file}: refused ${reply.code}: ${reply.message}\n`);
      }
    }
  } finally {
    ws.close();
  }
  return failed === 0 ? 0 : 1;
}

function validateFiles(files: string[]): number {
  requireFiles(files, 'validate');
  let failed = 0;
  for (const file of files) {
    const decoded = decodeCapBytes(readDocument(file));
    const result = decoded.ok
      ? parseCap(decoded.text)
      : { ok: false as const, problems: [{ path: '(document)', message: decoded.message }] };
    if (result.ok) {
      const a = result.alert;
      const encoding = decoded.ok && decoded.encoding !== 'UTF-8' ? ` (${decoded.encoding})` : '';
      process.stdout.write(
        `${file}: valid CAP 1.2${encoding} — ${a.msgType} ${a.status} ${a.sender} ${a.identifier}\n`,
      );
    } else {
      failed += 1;
      process.stdout.write(`${file}: ${result.problems.length} problem(s)\n`);
      for (const p of result.problems) process.stdout.write(`  ${p.path}: ${p.message}\n`);
    }
  }
  return failed === 0 ? 0 : 1;
}

function requireOption(value: string | undefined, name: string, sub: string): string {
  if (!value) throw new UsageError(`dutywatch cap ${sub}: --${name} FILE is needed`);
  return value;
}

function write(text: string, out: string | undefined): void {
  if (out) writeFileSync(out, text);
  else process.stdout.write(text);
}

function openReadOnly(path: string) {
  try {
    return openDatabase(path, { readonly: true });
  } catch (error) {
    throw new UsageError(`dutywatch cap: cannot open --db ${path}: ${(error as Error).message}`);
  }
}

function exportOne(args: string[], values: Values): number {
  const [code] = args;
  if (!code || args.length > 1) throw new UsageError('dutywatch cap export: name exactly one INCIDENT');
  const config = loadConfigFile(requireOption(values.config, 'config', 'export'));
  const db = openReadOnly(requireOption(values.db, 'db', 'export'));
  try {
    const result = exportIncident(db, config, code, { ack: values.ack ?? false });
    if (!result.ok) {
      process.stderr.write(`dutywatch cap export: ${result.message}\n`);
      return 1;
    }
    write(writeCap(result.alert), values.out);
    return 0;
  } finally {
    db.close();
  }
}

function report(args: string[], values: Values): number {
  if (args.length > 1) throw new UsageError('dutywatch cap report: name at most one WARNING');
  const utcOffset = values.config ? loadConfigFile(values.config).county.utcOffset : '+08:00';
  const db = openReadOnly(requireOption(values.db, 'db', 'report'));
  try {
    const [wanted] = args;
    const id = findWarning(db, wanted);
    const found = id === undefined ? undefined : afterActionReport(db, id);
    if (!found) {
      process.stderr.write(
        `dutywatch cap report: ${wanted === undefined ? 'no drill has been received' : `no warning "${wanted}"`}\n`,
      );
      return 1;
    }
    write(afterActionMarkdown(found, utcOffset), values.out);
    return 0;
  } finally {
    db.close();
  }
}
