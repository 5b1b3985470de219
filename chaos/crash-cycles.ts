import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { writeConfig } from '../test/helpers/collector-process.js';
import { freePort } from '../test/helpers/free-port.js';
import { CHAOS_TOKENS, chaosConfig, LADDER_STEPS, SOURCE_COUNT } from './chaos-config.js';
import {
  checkEscalations,
  checkStored,
  compareWithTruth,
  JournalTally,
  readTruth,
  withDb,
} from './checks.js';
import { type ChaosCollector, startChaosCollector, waitUntil } from './collector.js';
import { chaosFieldSources, promisedBySource } from './field-sources.js';
import { fmt, type Section, tally } from './report.js';
import { startWatcher } from './watcher.js';

/** Milliseconds spent in each named phase of one cycle, for its progress line. */
class PhaseClock {
  private readonly spent = new Map<string, number>();
  private last = Date.now();

  lap(phase: string): void {
    const now = Date.now();
    this.spent.set(phase, (this.spent.get(phase) ?? 0) + now - this.last);
    this.last = now;
  }

  summary(): string {
    return [...this.spent].map(([phase, ms]) => `${phase} ${(ms / 1000).toFixed(1)} s`).join(', ');
  }
}

/** Seconds between ladder rungs: short, so rungs fall due while the collector is being killed. */
const RUNG_SECONDS = 2;
/** How late a due rung may fire (a tick is 1 s, a restart about 1 s) before it counts as lost. */
const RUNG_SLACK_MS = 3000;
const CONVERGE_TIMEOUT_MS = 15_000;
/**
 * Ids the collector holds in memory: a few cycles' worth, so from the first minutes on most of the window lives
 * in the database (id-spill.ts). Every restart and every resend then crosses the durable side of the
 * idempotency check, and a restart loads a bounded window instead of every id of the run (which made a
 * 1,000-cycle run's restarts grow from 1 s to 4 s).
 */
const IDS_IN_MEMORY = 5_000;

/**
 * 50 cycles of: 5 sources stream and 3 watchers watch, SIGKILL at a random moment, restart on the same port and
 * database. After each restart: every acked message is on disk; the sources resend what was unanswered and
 * every message is then stored exactly once; every watcher (reconnecting by itself) converges to what the
 * database holds; no ladder rung fired twice and none was lost.
 */
export const crashCycles: Section = {
  name: 'crash-cycles',
  summary:
    'SIGKILL at random moments while sources stream and watchers watch: nothing acked lost, nothing twice',
  async run(ctx) {
    const cycles = ctx.cycles ?? (ctx.quick ? 5 : 50);
    const dir = join(ctx.dir, 'crash-cycles');
    mkdirSync(dir, { recursive: true });
    const configPath = writeConfig(
      dir,
      chaosConfig({ rungSeconds: RUNG_SECONDS, idempotencyMaxIds: IDS_IN_MEMORY }),
    );
    const dbPath = join(dir, 'collector.db');
    const port = await freePort();
    let collector: ChaosCollector = await startChaosCollector({ configPath, dbPath, port });

    const sources = chaosFieldSources(SOURCE_COUNT, {
      prefix: 's',
      ratePerSecond: 120,
      firstPeriodSeconds: 5,
    });
    const promised = () => promisedBySource(sources);
    for (const source of sources) await source.connect(collector.url);
    const watchers = [CHAOS_TOKENS.viewer, CHAOS_TOKENS.officer, CHAOS_TOKENS.leader].map((token) =>
      startWatcher(collector.url, token),
    );

    const journal = new JournalTally();
    // Problems are reported at the end and also as they are found: a long run says what went wrong while it runs.
    const problems: string[] = [];
    const problem = (text: string) => {
      ctx.progress(`crash-cycles: PROBLEM ${text}`);
      problems.push(text);
    };
    let lost = 0;
    let duplicated = 0;
    let converged = 0;
    let slowestConvergeMs = 0;
    const firedTwice = new Set<string>();
    const lostRungs = new Set<string>();
    let ackedAtKill = 0;
    let laddersCheckedAt = 0;
    try {
      for (let cycle = 1; cycle <= cycles; cycle++) {
        for (const source of sources) source.stream();
        // A random moment: mid-commit, mid-delta, mid-tick, whatever the collector happens to be doing.
        await sleep(300 + Math.random() * 2700);
        await collector.kill9();
        for (const source of sources) source.pause();
        ackedAtKill = sources.reduce((n, s) => n + s.acked.size, 0);
        const restartedAt = Date.now();
        // Where each cycle's time goes, shown with its progress line: a long run slowing down says why.
        const phases = new PhaseClock();
        collector = await startChaosCollector({ configPath, dbPath, port });
        phases.lap('restart');

        // Before anything is resent: every ack given before the kill must be on disk.
        const afterKill = journal.check(dbPath, promised());
        if (afterKill.lost.length > 0) {
          lost += afterKill.lost.length;
          problem(
            `cycle ${cycle}: ${afterKill.lost.length} acked missing after restart, e.g. ${afterKill.lost[0]}`,
          );
        }

        phases.lap('check');
        for (const source of sources) await source.connect(collector.url);
        const drained = await Promise.all(sources.map((s) => s.drain(30_000)));
        phases.lap('drain');
        if (!drained.every(Boolean))
          problem(`cycle ${cycle}: sources still had unanswered messages after 30 s`);
        const stored = journal.check(dbPath, promised());
        lost += stored.lost.length;
        duplicated += stored.duplicated.length;
        if (stored.lost.length > 0)
          problem(`cycle ${cycle}: ${stored.lost.length} acked missing after resend`);
        if (stored.duplicated.length > 0)
          problem(`cycle ${cycle}: stored twice: ${stored.duplicated.slice(0, 3).join(', ')}`);

        phases.lap('check');
        // One read of the database per round serves all three watchers; a watcher that matched once is done.
        const convergeStarted = Date.now();
        const pending = new Map(watchers.map((watcher, w) => [w, watcher]));
        const differences = new Map<number, string[]>();
        await waitUntil(
          () => {
            const states = [...pending].map(([w, watcher]) => [w, watcher.store.getState()] as const);
            const live = states.filter(([w, state]) => {
              const isLive = state.connection.status === 'live' && state.connection.since >= restartedAt;
              if (!isLive) differences.set(w, [`connection ${state.connection.status}`]);
              return isLive;
            });
            if (live.length === 0) return false;
            const truth = readTruth(
              dbPath,
              Date.now(),
              live.map(([, state]) => state),
            );
            for (const [w, state] of live) {
              const found = compareWithTruth(state, truth);
              differences.set(w, found);
              if (found.length === 0) {
                pending.delete(w);
                converged += 1;
                slowestConvergeMs = Math.max(slowestConvergeMs, Date.now() - convergeStarted);
              }
            }
            return pending.size === 0;
          },
          CONVERGE_TIMEOUT_MS,
          100,
        );
        for (const w of pending.keys()) {
          slowestConvergeMs = Math.max(slowestConvergeMs, Date.now() - convergeStarted);
          problem(
            `cycle ${cycle}: watcher ${w + 1} did not converge: ${(differences.get(w) ?? []).slice(0, 2).join('; ')}`,
          );
        }

        phases.lap('converge');
        const ladders = checkEscalations(dbPath, LADDER_STEPS, Date.now(), RUNG_SLACK_MS, laddersCheckedAt);
        // A margin: an alert closed in the same millisecond as the last check is checked once more.
        laddersCheckedAt = Date.now() - 5_000;
        for (const f of ladders.firedTwice) firedTwice.add(f);
        for (const l of ladders.lost) lostRungs.add(l);
        phases.lap('ladders');
        ctx.progress(
          `crash-cycles: cycle ${cycle}/${cycles}: ${fmt(ackedAtKill)} acked at kill, ${ladders.alerts} alerts, ${ladders.rungs} rungs fired (${phases.summary()})`,
        );
      }
      for (const watcher of watchers) {
        if (watcher.warnings.length > 0)
          problem(`a watcher dropped frames: ${watcher.warnings.slice(0, 2).join('; ')}`);
      }
      for (const source of sources) {
        if (source.strayReplies > 0) problem(`${source.strayReplies} replies matched no message`);
      }
    } finally {
      for (const source of sources) source.close();
      await Promise.all(watchers.map((w) => w.close()));
      const code = await collector.stop();
      if (code !== 0) problem(`the last collector exited ${code} on SIGTERM`);
    }
    // The per-cycle checks read the journal a piece at a time; the whole of it is checked once more at the end.
    const whole = checkStored(dbPath, promised());
    if (whole.lost.length > 0)
      problem(`at the end: ${whole.lost.length} acked missing, e.g. ${whole.lost[0]}`);
    if (whole.duplicated.length > 0)
      problem(`at the end: stored twice: ${whole.duplicated.slice(0, 3).join(', ')}`);
    lost = Math.max(lost, whole.lost.length);
    duplicated = Math.max(duplicated, whole.duplicated.length);
    const integrity = withDb(dbPath, (db) => db.pragma('integrity_check', { simple: true }));
    if (integrity !== 'ok') problem(`integrity_check: ${String(integrity)}`);
    const ladders = checkEscalations(dbPath, LADDER_STEPS, Date.now(), Number.POSITIVE_INFINITY);
    for (const f of ladders.firedTwice) firedTwice.add(f);
    for (const l of ladders.lost) lostRungs.add(l);
    if (firedTwice.size > 0) problem(`rungs fired twice: ${[...firedTwice].slice(0, 3).join('; ')}`);
    if (lostRungs.size > 0) problem(`rungs lost: ${[...lostRungs].slice(0, 3).join('; ')}`);

    const acked = sources.reduce((n, s) => n + s.acked.size, 0);
    const resentStored = sources.reduce((n, s) => n + s.duplicates, 0);
    const refused = sources.reduce((n, s) => n + s.refused.size, 0);
    const refusedCodes = [...tally(sources.flatMap((s) => [...s.refused.values()]))]
      .map(([code, n]) => `${code} ${fmt(n)}`)
      .join(' ');
    const figures = [
      `${cycles} cycles`,
      `${fmt(acked)} acked`,
      `${fmt(lost)} lost`,
      `${fmt(duplicated)} duplicated`,
      `${fmt(resentStored)} resends already stored (acked as duplicate)`,
      `${fmt(refused)} refused for good (${refusedCodes || 'none'})`,
      `watchers converged ${converged}/${cycles * watchers.length} (slowest ${(slowestConvergeMs / 1000).toFixed(1)} s)`,
      `${fmt(ladders.alerts)} alerts, ${fmt(ladders.rungs)} rungs fired`,
      `escalations fired twice ${firedTwice.size}, lost ${lostRungs.size}`,
    ].join(', ');
    return { figures, problems };
  },
};
