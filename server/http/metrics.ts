/** A labelled counter or gauge, rendered in the Prometheus text format. */
type Series = { help: string; type: 'counter' | 'gauge'; values: Map<string, number> };

const BATCH_BUCKETS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000];
const LATENCY_BUCKETS = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1];

/** A histogram with fixed buckets. */
class Histogram {
  readonly counts: number[];
  sum = 0;
  count = 0;
  readonly help: string;
  readonly buckets: number[];
  constructor(help: string, buckets: number[]) {
    this.help = help;
    this.buckets = buckets;
    this.counts = buckets.map(() => 0);
  }
  observe(value: number): void {
    this.sum += value;
    this.count += 1;
    this.buckets.forEach((bound, i) => {
      if (value <= bound) this.counts[i] = (this.counts[i] ?? 0) + 1;
    });
  }
}

const labelText = (labels: Record<string, string>) => {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${v.replace(/["\\\n]/g, '_')}"`);
  return parts.length === 0 ? '' : `{${parts.join(',')}}`;
};

/** The collector's metrics: connections by role, messages by type and outcome, commit batch size and latency. */
export class Metrics {
  private readonly series = new Map<string, Series>();
  readonly commitBatchSize = new Histogram('Messages per group commit', BATCH_BUCKETS);
  readonly commitSeconds = new Histogram('Time to write and commit one group, seconds', LATENCY_BUCKETS);

  private get(name: string, type: Series['type'], help: string): Series {
    let s = this.series.get(name);
    if (!s) {
      s = { help, type, values: new Map() };
      this.series.set(name, s);
    }
    return s;
  }

  /** Adds `by` to a counter. */
  inc(name: string, help: string, labels: Record<string, string> = {}, by = 1): void {
    const s = this.get(name, 'counter', help);
    const key = labelText(labels);
    s.values.set(key, (s.values.get(key) ?? 0) + by);
  }

  /** Sets a gauge. */
  set(name: string, help: string, labels: Record<string, string>, value: number): void {
    this.get(name, 'gauge', help).values.set(labelText(labels), value);
  }

  /** The Prometheus text exposition. */
  render(extraGauges: { name: string; help: string; value: number }[] = []): string {
    const lines: string[] = [];
    for (const [name, s] of this.series) {
      lines.push(`# HELP ${name} ${s.help}`, `# TYPE ${name} ${s.type}`);
      for (const [labels, value] of s.values) lines.push(`${name}${labels} ${value}`);
    }
    const histograms: [string, Histogram][] = [
      ['dutywatch_commit_batch_size', this.commitBatchSize],
      ['dutywatch_commit_duration_seconds', this.commitSeconds],
    ];
    for (const [name, h] of histograms) {
      lines.push(`# HELP ${name} ${h.help}`, `# TYPE ${name} histogram`);
      h.buckets.forEach((bound, i) => {
        lines.push(`${name}_bucket{le="${bound}"} ${h.counts[i] ?? 0}`);
      });
      lines.push(`${name}_bucket{le="+Inf"} ${h.count}`, `${name}_sum ${h.sum}`, `${name}_count ${h.count}`);
    }
    for (const g of extraGauges)
      lines.push(`# HELP ${g.name} ${g.help}`, `# TYPE ${g.name} gauge`, `${g.name} ${g.value}`);
    return `${lines.join('\n')}\n`;
  }
}
