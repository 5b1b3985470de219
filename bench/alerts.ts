// Over 250 lines on purpose: a benchmark script (seeding, tick and evaluate timings, the tick's reads, a profile,
// line crossings) in numbered steps read top to bottom over one seeded collector.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createWarningsRepo } from '../server/cap/warnings-repo.js';
import { type Collector, createCollector } from '../server/collector.js';
import { indexConfig } from '../server/config-index.js';
import { createLivePicture } from '../server/live/live-picture.js';
import { createLiveQueries } from '../server/live/live-queries.js';
import { evaluateConditions } from '../src/domain/rules/evaluate.js';
import { RULE_GROUPS } from '../src/domain/rules/rule-groups.js';
import type { Config } from '../src/protocol/index.js';
import { TOKENS, testConfig } from '../test/helpers/test-config.js';
import type { CrossingReply, CrossingRequest } from './alerts-client.js';
import { beforeArg, copyForBefore, loadBefore } from './before.js';
import { forkChild } from './child.js';
import { readOptions, wholeNumber } from './options.js';
import { profile } from './profile.js';
import { closeSeedDb, openSeedDb, seedClosedAlerts, seedIncidents, seedOpenAlerts } from './seed.js';
import { int, machine, median, ms, quantile, sleep, spread, table, timed, wallNow } from './stats.js';

/**
 * `npm run bench -- alerts`: the alert engine under a heavy load of its own — 10,000 open alerts and 1,000
 * running reporting clocks — on the test county and the real clock. Times `engine.tick()` and
 * `engine.evaluate()`, takes the tick apart (direct timings of its queries, and a CPU profile), and measures
 * how long a reading that crosses the gauge's warning line takes to reach a watcher as an alert delta (from a
 * child process), with the load and, for comparison, on an empty database.
 */

const OPEN_ALERTS = 10_000;
const INCIDENTS = 250;
const CLOSED_ALERTS = 30_000;
const TICKS = 50;
const CROSSINGS = 100;
const TARGET_P50_MS = 5;
const TARGET_P99_MS = 20;
const KEY = 'water.warning:G1';

type Options = {
  alerts: number;
  incidents: number;
  closed: number;
  crossings: number;
  before: string | undefined;
};

function parseArgs(args: string[]): Options {
  const { before, rest } = beforeArg(args);
  const options: Options = {
    before,
    alerts: OPEN_ALERTS,
    incidents: INCIDENTS,
    closed: CLOSED_ALERTS,
    crossings: CROSSINGS,
  };
  return readOptions(
    'alerts',
    rest,
    options,
    {
      '--alerts': wholeNumber('alerts', 0),
      '--incidents': wholeNumber('incidents', 0),
      '--closed': wholeNumber('closed', 0),
      '--crossings': wholeNumber('crossings', 1),
    },
    'use --alerts=N, --incidents=N, --closed=N, --crossings=N, --before=DIR',
  );
}

const count = (collector: Collector, sql: string) => (collector.db.prepare(sql).get() as { n: number }).n;

async function start(config: Config, dbPath: string, create: typeof createCollector = createCollector) {
  const started = wallNow();
  const collector = create({ config, dbPath });
  const port = await collector.listen(0);
  return { collector, url: `ws://127.0.0.1:${port}`, ms: wallNow() - started };
}

/** Runs `fn` `times` times, `gapMs` apart (so timers, sockets and the real clock move between runs). */
async function repeat(times: number, gapMs: number, fn: () => void): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < times; i++) {
    await sleep(gapMs);
    out.push(timed(fn).ms);
  }
  return out;
}

type Crossed = {
  latency: ReturnType<typeof spread>;
  up: number;
  down: number;
  sendToCommit: number;
  /** The three slowest crossings, each as total / send→commit ms: which side of the commit the tail is on. */
  slowest: string;
  timeouts: number;
};

/** Crossings of G1's warning line (10 m) from a child process; commit times are taken here. */
async function crossings(collector: Collector, url: string, n: number): Promise<Crossed> {
  const commits = new Map<number, number>();
  collector.onCommitted((changes) => {
    const at = wallNow();
    for (const c of changes) if (c.kind === 'reading' && c.station === 'G1') commits.set(c.reading.at, at);
  });
  const child = forkChild<CrossingRequest, CrossingReply>(new URL('./alerts-client.ts', import.meta.url));
  try {
    const reply = await child.ask({
      type: 'cross',
      url,
      sourceToken: TOKENS.gauges,
      watchToken: TOKENS.viewer,
      station: 'G1',
      key: KEY,
      high: 10.5,
      low: 5,
      crossings: n,
      gapMs: [50, 250],
    });
    if (reply.type === 'failed') throw new Error(`alerts client: ${reply.message}`);
    const lat = reply.crossings.map((c) => c.latencyMs);
    const commitOf = (c: (typeof reply.crossings)[number]) => (commits.get(c.at) ?? Number.NaN) - c.sentAt;
    const toCommit = reply.crossings.map(commitOf).filter((x) => Number.isFinite(x));
    const slowest = [...reply.crossings]
      .sort((a, b) => b.latencyMs - a.latencyMs)
      .slice(0, 3)
      .map((c) => `${ms(c.latencyMs)} / ${ms(commitOf(c))}`)
      .join(', ');
    return {
      latency: spread(lat),
      up: median(reply.crossings.filter((c) => c.level > 10).map((c) => c.latencyMs)),
      down: median(reply.crossings.filter((c) => c.level <= 10).map((c) => c.latencyMs)),
      sendToCommit: median(toCommit),
      slowest,
      timeouts: reply.timeouts,
    };
  } finally {
    child.stop();
  }
}

// Arrow functions show as (anonymous): in alerts-repo.ts those are its reads (`open`, `get`, …).
const ENGINE_RUN = 'run server/alerts/engine.ts';
const ENGINE_PARTS = [
  ENGINE_RUN,
  'maintainDuty server/alerts/engine.ts',
  'syncIncidentClocks server/alerts/incident-clocks.ts',
  'evaluate server/alerts/engine.ts',
  'evaluateConditions src/domain/rules/evaluate.ts',
  'applyInhibitions server/alerts/engine.ts',
  'runDeadlines server/alerts/engine.ts',
  '(anonymous) server/alerts/alerts-repo.ts',
  'update server/alerts/alerts-repo.ts',
  'all',
  'get',
  'run',
  '(garbage collector)',
];

/** `npm run bench -- alerts`: tick and evaluate with 10,000 open alerts; line crossing → alert delta. */
export async function runAlertsBench(args: string[] = []): Promise<void> {
  const options = parseArgs(args);
  const begun = Date.now();
  const config = testConfig();
  const dir = mkdtempSync(join(tmpdir(), 'dutywatch-alerts-'));
  const dbPath = join(dir, 'alerts.db');
  let collector: Collector | undefined;
  try {
    console.log(`machine: ${machine()}`);

    // 1. Incidents (较大, received over the last 90 min) and a history of closed alerts; one start lets the engine
    // plan the reporting clocks and raise the incident and report alerts itself.
    const now = Date.now();
    const db = openSeedDb(dbPath);
    seedIncidents(db, config, {
      count: options.incidents,
      open: options.incidents,
      major: options.incidents,
      now,
      token: 'all-sources',
      openWithinMs: 90 * 60_000,
    });
    seedClosedAlerts(db, { count: options.closed, now, days: 180 });
    closeSeedDb(db);
    const first = await start(config, dbPath);
    const own = count(first.collector, "SELECT COUNT(*) AS n FROM alerts WHERE state != 'closed'");
    await first.collector.close();

    // 2. Top up to the target with alerts whose conditions have cleared (see `seedOpenAlerts`).
    const db2 = openSeedDb(dbPath);
    seedOpenAlerts(db2, { count: Math.max(0, options.alerts - own), now: Date.now() });
    closeSeedDb(db2);

    const s = await start(config, dbPath);
    collector = s.collector;
    const c = collector;
    const openAlerts = count(c, "SELECT COUNT(*) AS n FROM alerts WHERE state != 'closed'");
    const obligations = count(c, "SELECT COUNT(*) AS n FROM obligations WHERE state = 'open'");
    const overdue = count(
      c,
      `SELECT COUNT(*) AS n FROM obligations WHERE state = 'open' AND due_at <= ${Date.now()}`,
    );
    const byState = c.db
      .prepare<[], { s: string; n: number }>(
        `SELECT CASE WHEN snoozed_until IS NOT NULL THEN 'snoozed' ELSE state END AS s, COUNT(*) AS n
         FROM alerts WHERE state != 'closed' GROUP BY s ORDER BY s`,
      )
      .all()
      .map((r) => `${int(r.n)} ${r.s}`)
      .join(', ');
    console.log(
      `seeded: ${int(openAlerts)} open alerts (${byState}; ${int(own)} raised by the engine itself from ` +
        `${options.incidents} open 较大 incidents), ${int(obligations)} open reporting clocks (${overdue} overdue), ` +
        `${int(options.closed)} closed alerts\nstart-up: ${ms(first.ms)} ms the first time (planning the clocks, raising ` +
        `${int(own)} alerts), ${ms(s.ms)} ms with everything\n`,
    );

    // 3. tick() and evaluate(), 20 ms apart, after a few to warm up.
    await repeat(3, 20, () => c.engine.tick());
    const ticks = await repeat(TICKS, 20, () => c.engine.tick());
    const evaluates = await repeat(TICKS, 20, () => c.engine.evaluate());
    // What a commit of readings runs since issue 19.2: the rules of the stations it touched.
    const G1_ONLY = new Set(['G1']);
    const stationEvaluates = await repeat(TICKS, 20, () => c.engine.evaluate(G1_ONLY));

    // 4. Its reads, timed directly: every open alert in full (what each step of a pass used to read), narrower
    // reads, the blocked-keys query, and the pure rules.
    const picture = createLivePicture(
      indexConfig(config),
      createLiveQueries(c.db),
      Date.now(),
      createWarningsRepo(c.db),
    );
    const ruleInput = {
      config,
      histories: picture.histories,
      stock: picture.stock(),
      incidents: picture.incidents(Date.now()),
      sourcesLastSeen: new Map<string, number>(),
      startedAt: Date.now() - 60_000,
      obligations: c.engine.repos.obligations.open(),
      handover: null,
      capWarnings: picture.capWarnings(Date.now()),
      openAlertKeys: new Set(c.engine.repos.alerts.open().map((a) => a.key)),
    };
    const query = (sql: string) => {
      const statement = c.db.prepare(sql);
      return () => statement.all();
    };
    // The pure rules group by group, to say which of them the full pass's time is in.
    const groupTimes: [string, number[]][] = [];
    for (const [name, group] of RULE_GROUPS)
      groupTimes.push([`  \`${name}\``, await repeat(20, 5, () => group(ruleInput, Date.now()))]);
    const parts: [string, number[]][] = [
      [
        '`alerts.open()`: every open alert, all 38 columns',
        await repeat(20, 5, () => c.engine.repos.alerts.open()),
      ],
      [
        'every open alert, 12 columns',
        await repeat(
          20,
          5,
          query(
            `SELECT id, key, class, state, value, ack_value, clear_since, has_new_data, auto_close, subject_kind,
               subject_code, title_en FROM alerts WHERE state != 'closed' ORDER BY id`,
          ),
        ),
      ],
      [
        'every open alert, key only',
        await repeat(20, 5, query("SELECT key FROM alerts WHERE state != 'closed'")),
      ],
      [
        'blocked-keys query (a full scan of `alerts`, closed ones too)',
        await repeat(
          20,
          5,
          query(
            "SELECT * FROM alerts WHERE state = 'closed' AND closed_by_human = 1 AND clear_since IS NULL",
          ),
        ),
      ],
      ['`obligations.open()`', await repeat(20, 5, () => c.engine.repos.obligations.open())],
      [
        '`evaluateConditions()` (the pure rules)',
        await repeat(20, 5, () => evaluateConditions(ruleInput, Date.now())),
      ],
      ...groupTimes,
    ];
    // 5. A CPU profile of another 50 ticks: which functions the time is spent in.
    const profiled = await profile(async () => {
      await repeat(TICKS, 20, () => c.engine.tick());
    });
    const engineTotal = profiled.find((f) => f.name === ENGINE_RUN)?.totalMs ?? Number.NaN;

    // 6. Crossings, with the load and then on an empty database.
    const loaded = await crossings(c, s.url, options.crossings);
    await c.close();
    collector = undefined;
    // With --before=DIR: the older engine on a copy of the same database, right after (same load, same seed).
    let before:
      | { evaluates: number[]; stationEvaluates: number[]; loaded: Crossed; bare: Crossed }
      | undefined;
    if (options.before) {
      const code = await loadBefore(options.before);
      const beforePath = join(dir, 'before.db');
      copyForBefore(dbPath, beforePath, code.schemaVersion, ['sources_last_seen']);
      const b = await start(config, beforePath, code.createCollector);
      try {
        await repeat(3, 20, () => b.collector.engine.tick());
        const evaluates = await repeat(TICKS, 20, () => b.collector.engine.evaluate());
        // An older engine without station-only passes takes the argument and runs the full pass.
        const stationEvaluates = await repeat(TICKS, 20, () => b.collector.engine.evaluate(G1_ONLY));
        const crossed = await crossings(b.collector, b.url, options.crossings);
        const emptyBefore = mkdtempSync(join(tmpdir(), 'dutywatch-alerts-empty-before-'));
        const e = await start(config, join(emptyBefore, 'empty.db'), code.createCollector);
        try {
          before = {
            evaluates,
            stationEvaluates,
            loaded: crossed,
            bare: await crossings(e.collector, e.url, options.crossings),
          };
        } finally {
          await e.collector.close();
          rmSync(emptyBefore, { recursive: true, force: true });
        }
      } finally {
        await b.collector.close();
      }
    }
    const emptyDir = mkdtempSync(join(tmpdir(), 'dutywatch-alerts-empty-'));
    const empty = await start(config, join(emptyDir, 'empty.db'));
    let bare: Crossed;
    try {
      bare = await crossings(empty.collector, empty.url, options.crossings);
    } finally {
      await empty.collector.close();
      rmSync(emptyDir, { recursive: true, force: true });
    }

    const row = (label: string, xs: number[]) => {
      const sorted = Float64Array.from(xs).sort();
      return [
        label,
        ms(quantile(sorted, 0.5)),
        ms(quantile(sorted, 0.99)),
        ms(sorted[sorted.length - 1] ?? Number.NaN),
      ];
    };
    console.log(
      table(
        ['measure', 'p50 ms', 'p99 ms', 'max ms'],
        [
          row(`\`engine.tick()\` (${TICKS} ticks)`, ticks),
          row(`\`engine.evaluate()\` (${TICKS})`, evaluates),
          row(`\`engine.evaluate({G1})\`, one station (${TICKS})`, stationEvaluates),
          ...parts.map(([label, xs]) => row(`  ${label}`, xs)),
        ],
        ['l', 'r', 'r', 'r'],
      ),
    );
    console.log(
      `\nCPU profile of ${TICKS} more ticks (with the collector's own ticks in between), share of the engine's time:\n`,
    );
    const share = (x: number) => `${((x / engineTotal) * 100).toFixed(1)} %`;
    console.log(
      table(
        ['function', 'inclusive', 'self'],
        ENGINE_PARTS.map((name) => {
          const f = profiled.find((p) => p.name === name);
          return [name, f ? share(f.totalMs) : '—', f ? share(f.selfMs) : '—'];
        }),
        ['l', 'r', 'r'],
      ),
    );
    const crossRow = (label: string, x: Crossed) => [
      label,
      String(x.latency.n),
      ms(x.latency.p50),
      ms(x.latency.p99),
      ms(x.latency.max),
      `${ms(x.up)} / ${ms(x.down)}`,
      ms(x.sendToCommit),
      x.slowest,
      String(x.timeouts),
    ];
    console.log("\nreading that crosses G1's warning line → watcher receives the alert delta:\n");
    console.log(
      table(
        [
          'database',
          'crossings',
          'p50 ms',
          'p99 ms',
          'max ms',
          'median up / down ms',
          'median send→commit ms',
          'slowest 3: total / send→commit ms',
          'timeouts',
        ],
        [
          crossRow(`${int(openAlerts)} open alerts, ${int(obligations)} clocks`, loaded),
          crossRow('empty (for comparison)', bare),
          ...(before
            ? [
                crossRow(`before: ${int(openAlerts)} open alerts, ${int(obligations)} clocks`, before.loaded),
                crossRow('before: empty', before.bare),
              ]
            : []),
        ],
        ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
      ),
    );
    if (before) {
      const e = spread(before.evaluates);
      const g = spread(before.stationEvaluates);
      console.log(
        `\nbefore: \`engine.evaluate()\` (${TICKS}) p50 ${ms(e.p50)} ms, p99 ${ms(e.p99)} ms; ` +
          `\`engine.evaluate({G1})\` p50 ${ms(g.p50)} ms, p99 ${ms(g.p99)} ms`,
      );
    }
    const { p50, p99 } = loaded.latency;
    const isMet = p50 < TARGET_P50_MS && p99 < TARGET_P99_MS;
    console.log(
      `\ntarget crossing p50 < ${TARGET_P50_MS} ms and p99 < ${TARGET_P99_MS} ms: ${isMet ? 'met' : 'NOT met'} (${ms(p50)} / ${ms(p99)} ms)`,
    );
    console.log(`total ${((Date.now() - begun) / 1000).toFixed(0)} s`);
  } finally {
    await collector?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
