import { z } from 'zod';
import { alertSettingsSchema, escalationSettingsSchema, reportingSettingsSchema } from './config-alerting.js';
import { checkForcesReferences, forcesSchema } from './config-forces.js';
import { checkNotifyReferences, notifySettingsSchema } from './config-notify.js';
import { dutySchema, personSchema, type Scope, tokenSchema } from './config-people.js';
import { named, stationSchema, townshipSchema } from './config-places.js';
import { itemSchema, warehouseSchema } from './config-stock.js';
import { codeSchema, lineSchema, monthDaySchema, refuseUnsafeText } from './primitives.js';

/**
 * The collector's own scheduled backups (SQLite's online backup, checked, then renamed into place). `dir` is
 * relative to the database file's folder unless absolute. Overdue or failing backups raise `system.backup`.
 */
export const backupSettingsSchema = z.strictObject({
  dir: z.string().min(1).max(4096),
  /** How often, on the wall clock. */
  intervalMinutes: z.number().min(1).max(10_080).default(60),
  /** The newest this many backups are kept … */
  keep: z.int().min(1).max(10_000).default(24),
  /** … and the newest of each of this many local days. */
  keepDaily: z.int().min(0).max(3650).default(14),
  /** An alert opens when the newest good backup is older than this many intervals. */
  overdueIntervals: z.number().min(1).max(100).default(2),
});
export type BackupSettings = z.infer<typeof backupSettingsSchema>;

export const serverSettingsSchema = z.strictObject({
  heartbeatSeconds: z.number().positive().max(600).default(15),
  /** The largest frame: 2 MiB by default, so a CAP document of up to 1 MiB fits, even as base64 (issue 14). */
  maxPayloadBytes: z
    .int()
    .min(1024)
    .max(16 * 1024 * 1024)
    .default(2 * 1024 * 1024),
  /** Readings dated further ahead than this are refused (clock trouble at the source). */
  maxClockSkewMinutes: z.number().min(0).max(1440).default(10),
  /** Observations older than this are refused as too old to matter. */
  maxAgeDays: z.number().positive().max(3650).default(30),
  /**
   * How long a message id is remembered for duplicate detection (like Stripe's idempotency keys). A resend
   * after a reconnect is recognised; one older than this (and older than maxAgeDays) would be refused as old.
   */
  idempotencyHours: z
    .number()
    .positive()
    .max(24 * 365)
    .default(72),
  /**
   * At most this many ids are held in memory (~150 B each); older ones within idempotencyHours are kept in the
   * database instead, so this bounds memory and speed, never the promise (PROTOCOL.md §2).
   */
  idempotencyMaxIds: z.int().min(1000).max(20_000_000).default(2_000_000),
  /**
   * Messages per second one source token may send, sustained (a batch counts each message), and the burst it
   * may send at once. Past that a source gets RATE_LIMITED; one that keeps pushing is disconnected.
   */
  rateLimitPerSecond: z.number().positive().max(1_000_000).default(1000),
  rateLimitBurst: z.int().positive().max(10_000_000).default(20_000),
  /**
   * Console actions per second one token may send on `/watch`, sustained, and at once. People acknowledge and
   * note at human speed; past this a console (or a stolen token) gets RATE_LIMITED and, if it keeps on, is
   * disconnected — every action is its own durable transaction, and a flood of them would starve ingest.
   */
  actionRateLimitPerSecond: z.number().positive().max(1_000_000).default(20),
  actionRateLimitBurst: z.int().positive().max(10_000_000).default(100),
  /**
   * Caps the database at this many pages (SQLite's `max_page_count`; 4 KiB each by default), so a collector on
   * a shared disk stops at a known size instead of filling it: past the cap ingest is refused with
   * STORAGE_FULL, and raising it (SIGHUP) lets ingest resume without a restart. Absent: no cap but the disk.
   */
  maxDatabasePages: z.int().min(16).max(4_294_967_294).optional(),
  backup: backupSettingsSchema.optional(),
  /**
   * A SIGHUP reload that leaves no usable token (`"tokens": []`, or all revoked) is refused, since it would lock
   * every source and console out; set this to true to allow it on purpose (taking the collector off the air).
   */
  allowNoTokens: z.boolean().default(false),
  /**
   * Open incidents one token may have reported in one township (issue 13). Past it a report (or a reopening) is
   * refused with LIMIT_REACHED until some are closed: one source, broken or hostile, cannot fill every screen.
   */
  maxOpenIncidentsPerTownship: z.int().min(1).max(1_000_000).default(200),
  /** CAP warnings in force per CAP sender: a new one past it is refused with LIMIT_REACHED (issue 13). */
  maxActiveCapWarningsPerSender: z.int().min(1).max(1_000_000).default(100),
  /**
   * What a snapshot carries at most (issue 13): the incidents and alerts a screen shows first (open, worst, most
   * recent), with counts of the rest, so a new console or wall gets a small snapshot however much is stored.
   */
  snapshotMaxIncidents: z.int().min(10).max(1_000_000).default(500),
  snapshotMaxAlerts: z.int().min(10).max(1_000_000).default(500),
  /**
   * The history points a snapshot carries over all stations (issue 19.6). Past it each station's history is thinned:
   * the newest hour (or rate window) exact, the older day in a few points with the rain summed, so every figure a
   * screen shows stays the same while charts of the older day get coarser; the station feed says `historyThinned`,
   * and a console asks for a station's whole history (`history.get`) when its details open. Relays ask for
   * snapshots that are never thinned (`/watch?history=full`). The default, 20,000, sends ~50 stations reporting
   * every 3.6 minutes whole; 100,000,000 in effect never thins.
   */
  snapshotHistoryPoints: z.int().min(10).max(100_000_000).default(20_000),
  /**
   * The address people's phones reach the collector at (`https://duty.example.gov.cn`): answer links in call-out
   * messages are `{publicUrl}/r/<token>`. Absent: the address the collector listens on (fine on loopback only).
   */
  publicUrl: z.url({ protocol: /^https?$/ }).optional(),
});

/** How the bureau signs the CAP 1.2 documents it exports (GB/T 35965.1 identifiers). */
export const capSettingsSchema = z.strictObject({
  /** The bureau's 3-digit GB/T 4657 agency code, the DDD of `ZZZZZZDDDUUUXX_…` identifiers; set your own. */
  agencyCode: z
    .string()
    .regex(/^\d{3}$/, 'must be 3 digits (GB/T 4657)')
    .default('000'),
  /** CAP `sender` of exported messages; by default the county code and agency code (`411731000`). */
  sender: z
    .string()
    .regex(/^[^\s,<&]+$/, 'may not contain spaces, commas, < or &')
    .max(200)
    .superRefine(refuseUnsafeText('line'))
    .optional(),
  /** CAP `senderName`; by default the county's name and 应急管理局. */
  senderName: lineSchema(200).min(1).optional(),
});
export type CapSettings = z.infer<typeof capSettingsSchema>;

/** The county configuration file: places, lines, stock norms, people, tokens. */
export const configSchema = z
  .strictObject({
    county: z.strictObject({
      code: codeSchema,
      ...named,
      /** Offset used to show local time and to resolve MM-DD periods, e.g. `+08:00`. */
      utcOffset: z
        .string()
        .regex(/^[+-]\d{2}:\d{2}$/)
        .default('+08:00'),
    }),
    floodSeason: z.strictObject({ from: monthDaySchema, to: monthDaySchema }),
    townships: z.array(townshipSchema).min(1),
    stations: z.array(stationSchema),
    items: z.array(itemSchema),
    warehouses: z.array(warehouseSchema),
    people: z.array(personSchema).default([]),
    duty: dutySchema,
    tokens: z.array(tokenSchema),
    server: serverSettingsSchema.default(serverSettingsSchema.parse({})),
    escalation: escalationSettingsSchema.default(escalationSettingsSchema.parse({})),
    alerts: alertSettingsSchema.default(alertSettingsSchema.parse({})),
    reporting: reportingSettingsSchema.default(reportingSettingsSchema.parse({})),
    cap: capSettingsSchema.default(capSettingsSchema.parse({})),
    notify: notifySettingsSchema.prefault({}),
    forces: forcesSchema.default(forcesSchema.parse({})),
  })
  .superRefine(checkReferences);
export type Config = z.infer<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;

// Cross-references are checked here so a typo in the config stops the collector at start, not at 3 a.m.
function checkReferences(c: Omit<Config, never>, ctx: z.RefinementCtx): void {
  const unique = (
    list: { code?: string; id?: string; name?: string }[],
    key: 'code' | 'id' | 'name',
    at: string,
  ) => {
    const seen = new Set<string>();
    list.forEach((entry, i) => {
      const value = entry[key];
      if (value === undefined) return;
      if (seen.has(value))
        ctx.addIssue({ code: 'custom', path: [at, i, key], message: `duplicate ${key} "${value}"` });
      seen.add(value);
    });
    return seen;
  };
  const townships = unique(c.townships, 'code', 'townships');
  const stations = unique(c.stations, 'code', 'stations');
  const items = unique(c.items, 'code', 'items');
  const warehouses = unique(c.warehouses, 'code', 'warehouses');
  const people = unique(c.people, 'id', 'people');
  unique(c.tokens, 'name', 'tokens');
  // One secret must never resolve to two identities with different rights.
  const hashes = new Set<string>();
  c.tokens.forEach((t, i) => {
    if (hashes.has(t.hash))
      ctx.addIssue({
        code: 'custom',
        path: ['tokens', i, 'hash'],
        message: 'the same hash as another token',
      });
    hashes.add(t.hash);
  });
  const villages = new Set<string>();
  c.townships.forEach((t, i) => {
    t.villages.forEach((v, j) => {
      if (villages.has(v.code)) {
        ctx.addIssue({
          code: 'custom',
          path: ['townships', i, 'villages', j, 'code'],
          message: `duplicate code "${v.code}"`,
        });
      }
      villages.add(v.code);
    });
  });
  const known = (set: Set<string>, value: string | undefined, path: (string | number)[], what: string) => {
    if (value !== undefined && !set.has(value)) {
      ctx.addIssue({ code: 'custom', path, message: `unknown ${what} "${value}"` });
    }
  };
  c.stations.forEach((s, i) => {
    known(townships, s.township, ['stations', i, 'township'], 'township');
  });
  c.warehouses.forEach((w, i) => {
    known(townships, w.township, ['warehouses', i, 'township'], 'township');
    for (const item of Object.keys(w.minimums))
      known(items, item, ['warehouses', i, 'minimums', item], 'item');
  });
  c.duty.rotation.forEach((pair, i) => {
    known(people, pair.officer, ['duty', 'rotation', i, 'officer'], 'person');
    known(people, pair.leader, ['duty', 'rotation', i, 'leader'], 'person');
  });
  checkForcesReferences(c, ctx);
  known(people, c.duty.bureauChief, ['duty', 'bureauChief'], 'person');
  known(people, c.duty.governmentDutyOffice, ['duty', 'governmentDutyOffice'], 'person');
  for (const [pattern, ladder] of Object.entries(c.escalation.classes)) {
    if (ladder !== 'none' && !(ladder in c.escalation.ladders)) {
      ctx.addIssue({
        code: 'custom',
        path: ['escalation', 'classes', pattern],
        message: `unknown ladder "${ladder}"`,
      });
    }
  }
  checkNotifyReferences(c, ctx);
  c.tokens.forEach((t, i) => {
    known(people, t.person, ['tokens', i, 'person'], 'person');
    const scopes: [keyof Scope, Set<string>][] = [
      ['stations', stations],
      ['warehouses', warehouses],
      ['townships', townships],
    ];
    for (const [key, set] of scopes) {
      const list = t.scope?.[key];
      if (!Array.isArray(list)) continue;
      list.forEach((code, j) => {
        known(set, code, ['tokens', i, 'scope', key, j], key.slice(0, -1));
      });
    }
  });
}
