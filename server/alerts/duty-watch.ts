import { rosterAt } from '../../src/domain/duty-roster.js';
import type { Config, WatchDuty } from '../../src/protocol/index.js';
import type { WatchRepo } from './watch-repo.js';

/** A change to the watch worth an audit entry. */
export type WatchEvent = {
  action: 'watch_started' | 'handover_started' | 'handover_withdrawn';
  text: string;
};

/**
 * Keeps the watch in step with the roster. When the roster names a new officer, the watch does not move:
 * a handover is opened and the outgoing officer stays first on every ladder until the incoming one accepts
 * (escalation-semantics.md (d)1). Returns the duty as the feed shows it, and what changed.
 */
export function maintainWatch(
  config: Config,
  repo: WatchRepo,
  now: number,
): { duty: WatchDuty; events: WatchEvent[] } {
  const roster = rosterAt(config.duty, repo.overrides(), now, config.county.utcOffset);
  const events: WatchEvent[] = [];
  let watch = repo.get();
  if (!watch) {
    repo.save({ officer: roster.officer, since: now, handoverTo: null, handoverSince: null });
    events.push({ action: 'watch_started', text: `${roster.officer} holds the watch (first start)` });
    watch = repo.get();
  }
  if (!watch) throw new Error('watch row missing after insert');
  if (roster.officer !== watch.officer && watch.handover_to !== roster.officer) {
    repo.save({ officer: watch.officer, since: watch.since, handoverTo: roster.officer, handoverSince: now });
    events.push({
      action: 'handover_started',
      text: `handover ${watch.officer} → ${roster.officer}: ${watch.officer} stays on watch until ${roster.officer} accepts`,
    });
  } else if (roster.officer === watch.officer && watch.handover_to !== null) {
    repo.save({ officer: watch.officer, since: watch.since, handoverTo: null, handoverSince: null });
    events.push({
      action: 'handover_withdrawn',
      text: `handover to ${watch.handover_to} withdrawn: the roster changed back`,
    });
  }
  const current = repo.get() ?? watch;
  return {
    duty: {
      officer: current.officer,
      leader: roster.leader,
      since: current.since,
      roster: {
        officer: roster.officer,
        leader: roster.leader,
        shiftStart: roster.shiftStart,
        shiftEnd: roster.shiftEnd,
      },
      handover:
        current.handover_to !== null && current.handover_since !== null
          ? { from: current.officer, to: current.handover_to, since: current.handover_since }
          : null,
    },
    events,
  };
}
