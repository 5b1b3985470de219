import { serverSettingsSchema } from '../../src/protocol/index.js';
import type { Db } from '../db/open-database.js';
import { Refusal } from '../refusal.js';

/** The bounds on what one source token may keep open (config `server`). */
export type IngestLimits = Pick<
  ReturnType<typeof serverSettingsSchema.parse>,
  'maxOpenIncidentsPerTownship' | 'maxActiveCapWarningsPerSender'
>;

/** The config's defaults, for writers built without a config (benchmarks). */
export const DEFAULT_INGEST_LIMITS: IngestLimits = serverSettingsSchema.parse({});

/**
 * The bound on open incidents per (token, township), issue 13: a township reporter under its rate limit once
 * sent 35,000 reports and every watcher's snapshot grew past what a client would take. An incident counts
 * against the token whose report opened it, reopenings included; closing one makes room again.
 */
export function createOpenIncidentLimit(db: Db, limits: () => IngestLimits) {
  // Walks the open incidents only (a partial index, migration 0005), which this bound keeps few.
  const countOpen = db.prepare<[string, string], { n: number }>(
    `SELECT COUNT(*) AS n FROM incident_state s
       JOIN incidents i ON i.code = s.code
       JOIN journal j ON j.seq = i.journal_seq
     WHERE s.status = 'open' AND i.township = ? AND j.token = ?`,
  );
  const tokenOf = db.prepare<[number], { token: string }>('SELECT token FROM journal WHERE seq = ?');
  const reporterOf = db.prepare<[string], { token: string; township: string }>(
    'SELECT j.token, i.township FROM incidents i JOIN journal j ON j.seq = i.journal_seq WHERE i.code = ?',
  );

  function requireRoom(token: string, township: string, path: string): void {
    const max = limits().maxOpenIncidentsPerTownship;
    const open = countOpen.get(township, token)?.n ?? 0;
    if (open < max) return;
    throw new Refusal(
      'LIMIT_REACHED',
      `${path}: token "${token}" already has ${open} open incidents in township "${township}" ` +
        `(server.maxOpenIncidentsPerTownship is ${max}); close some with an incident.update ` +
        `{"status": "closed"}, or ask the bureau to raise the limit`,
      path,
    );
  }

  return {
    /**
     * Throws LIMIT_REACHED unless the token that wrote journal entry `reportSeq` may open one more incident in
     * `township`. Runs inside the writing transaction, so earlier reports of the same batch count.
     */
    report(township: string, reportSeq: number, path: string): void {
      const token = tokenOf.get(reportSeq)?.token;
      if (token !== undefined) requireRoom(token, township, path);
    },
    /** Throws LIMIT_REACHED unless the token that reported `incident` may have it open again. */
    reopen(incident: string, path: string): void {
      const reporter = reporterOf.get(incident);
      if (reporter) requireRoom(reporter.token, reporter.township, path);
    },
  };
}
