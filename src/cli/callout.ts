import { writeFileSync } from 'node:fs';
import { loadConfigFile } from '../../server/config-file.js';
import { openDatabase } from '../../server/db/open-database.js';
import { calloutReportMarkdown, findCallout } from '../../server/notify/callout-report-text.js';
import { UsageError } from './args.js';
import { defineCommand } from './define-command.js';

const HELP = `Usage: dutywatch callout report [ID] --db FILE [--config FILE] [--lang zh|en] [--out FILE]

The after-action review of a call-out (叫应), by default the latest: per recipient how they were reached and
how long delivery took, how long they took to answer and what they answered, who had to be phoned, who never
answered; and the totals ("38/40 answered, median 2m10s, 2 phoned").

Options:
  --db FILE       the collector's database (opened read-only; the collector may keep running)
  --config FILE   the county configuration, for its local time (default UTC+08:00)
  --lang zh|en    the report's language (default zh)
  --out FILE      write to FILE instead of standard output`;

/** `dutywatch callout`: reports on call-outs. */
export const calloutCommand = defineCommand({
  name: 'callout',
  summary: 'call-outs (叫应): the after-action report of one',
  help: HELP,
  options: {
    db: { type: 'string' },
    config: { type: 'string' },
    lang: { type: 'string' },
    out: { type: 'string' },
  },
  allowPositionals: true,
  async run({ values, positionals }) {
    const [sub, ...args] = positionals;
    if (sub !== 'report') throw new UsageError('dutywatch callout: say what to do: report');
    if (args.length > 1) throw new UsageError('dutywatch callout report: name at most one call-out');
    if (!values.db) throw new UsageError('dutywatch callout report: --db FILE is required');
    const lang = values.lang ?? 'zh';
    if (lang !== 'zh' && lang !== 'en') throw new UsageError('dutywatch callout report: --lang is zh or en');
    const utcOffset = values.config ? loadConfigFile(values.config).county.utcOffset : '+08:00';
    const db = openDatabase(values.db, { readonly: true });
    try {
      const row = findCallout(db, args[0]);
      if (!row) {
        process.stderr.write(
          `dutywatch callout report: ${args[0] === undefined ? 'no call-out yet' : `no call-out "${args[0]}"`}\n`,
        );
        return 1;
      }
      const text = calloutReportMarkdown(db, row, utcOffset, lang);
      if (values.out) writeFileSync(values.out, text);
      else process.stdout.write(text);
      return 0;
    } finally {
      db.close();
    }
  },
});
