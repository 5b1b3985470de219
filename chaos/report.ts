/** The outcome of one chaos section: one line of figures, and what went wrong if anything did. */
export type SectionResult = {
  name: string;
  /** The figures, e.g. `50 cycles, 41,230 acked, 0 lost`. */
  figures: string;
  /** Each broken guarantee, in words; empty when the section passed. */
  problems: string[];
  seconds: number;
};

/** What every section is given. */
export type SectionContext = {
  /** The short smoke version (`--quick`): fewer cycles, fewer frames. */
  quick: boolean;
  /** `--cycles N`: how many kill-and-restart cycles crash-cycles runs (default 50, 5 with --quick). */
  cycles?: number;
  /** A scratch directory for this run (databases, configs, collector logs). */
  dir: string;
  /** Progress for the operator, on stderr; the result lines go to stdout. */
  progress: (message: string) => void;
};

/** A chaos section: runs, checks, and reports one line. */
export type Section = {
  name: string;
  /** What it proves, for `npm run chaos -- --list`. */
  summary: string;
  run(ctx: SectionContext): Promise<Omit<SectionResult, 'name' | 'seconds'>>;
};

/** 41230 → `41,230`: figures people read at a glance. */
export function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** Milliseconds with one decimal below 10 ms, whole above. */
export function ms(value: number): string {
  return value < 10 ? `${value.toFixed(1)} ms` : `${Math.round(value)} ms`;
}

/** Bytes as MB with one decimal. */
export function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** The line a section prints: `PASS name: figures (12 s)`, with the problems after a FAIL. */
export function resultLine(result: SectionResult): string {
  const verdict = result.problems.length === 0 ? 'PASS' : 'FAIL';
  const head = `${verdict} ${result.name}: ${result.figures} (${Math.round(result.seconds)} s)`;
  if (result.problems.length === 0) return head;
  const shown = result.problems.slice(0, 10).map((p) => `\n    - ${p}`);
  const more = result.problems.length > 10 ? `\n    … and ${result.problems.length - 10} more` : '';
  return `${head}${shown.join('')}${more}`;
}

/** The p-th percentile (0–100) of `values` (nearest rank); 0 for none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

/** Counts occurrences, for `{ PARSE_ERROR: 12, … }` style tallies. */
export function tally(values: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}
