import type { Metrics } from '../http/metrics.js';
import type { CommitStats } from './group-commit.js';

/** Records one group commit: its size, its time, and its messages by type and outcome. */
export function recordCommitStats(metrics: Metrics, { size, seconds, outcomes }: CommitStats): void {
  metrics.commitBatchSize.observe(size);
  metrics.commitSeconds.observe(seconds);
  // Counted per commit, not per message: label formatting per message showed up in profiles.
  const counts = new Map<string, { type: string; outcome: string; n: number }>();
  for (const o of outcomes) {
    const key = `${o.type}/${o.outcome}`;
    const entry = counts.get(key) ?? { ...o, n: 0 };
    entry.n += 1;
    counts.set(key, entry);
  }
  for (const { type, outcome, n } of counts.values()) {
    metrics.inc('dutywatch_messages_total', 'Ingest messages by type and outcome', { type, outcome }, n);
  }
}
