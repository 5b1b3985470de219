import { HOUR_MS } from '../../domain/local-time.js';
import type { StationFeed } from '../../protocol/index.js';
import type { StationRow } from './stations.js';
import type { WallLine } from './wall-lines.js';
import type { WallWords } from './wall-words.js';

/** A station's level over the last day on evenly spaced points, with the lines worth drawing beside it. */
export type StationChart = {
  title: string;
  levelTitle: string;
  x: string[];
  y: number[];
  minY: number;
  maxY: number;
  lines: WallLine[];
};

/** What a chart needs besides its station: the collector's time, the words, the county's clock and the points. */
export type ChartContext = { at: number; t: WallWords; clock: (ms: number) => string; points: number };

/**
 * The chart spans the history the feed holds (at most a day), on evenly spaced points; the compact line chart
 * spaces points evenly whatever their times, so readings are resampled rather than plotted as they came.
 */
export function stationChart(
  feed: StationFeed,
  row: StationRow,
  lines: WallLine[],
  ctx: ChartContext,
): StationChart | undefined {
  const history = feed.history;
  const first = history[0];
  if (!first) return undefined;
  const hours = Math.min(24, Math.max(1, Math.ceil((ctx.at - first.at) / HOUR_MS)));
  const start = ctx.at - hours * HOUR_MS;
  const x: string[] = [];
  const y: number[] = [];
  let i = 0;
  let level = first.level;
  for (let p = 1; p <= ctx.points; p += 1) {
    const end = start + (p * hours * HOUR_MS) / ctx.points;
    while (i < history.length && (history[i]?.at ?? Number.POSITIVE_INFINITY) <= end) {
      level = history[i]?.level ?? level;
      i += 1;
    }
    x.push(ctx.clock(end).slice(0, 5));
    y.push(level);
  }
  const minLevel = Math.min(...y);
  const maxLevel = Math.max(...y);
  // The lines worth drawing: every one the level crossed in the window, the two highest reached, and the first
  // one above the peak. Today's 汛限 always, once reached: it is the line a reservoir is judged against all flood
  // season, and it must not vanish from the chart because the level has passed two more (issue 20.3).
  const reached = lines.filter((l) => l.level <= maxLevel);
  const shown = lines.filter(
    (l, i) =>
      (l.level > minLevel && l.level <= maxLevel) ||
      reached.slice(-2).includes(l) ||
      (l.key === 'floodLimit' && l.level <= maxLevel) ||
      i === reached.length,
  );
  const lo = Math.min(minLevel, ...shown.map((l) => l.level));
  const hi = Math.max(maxLevel, ...shown.map((l) => l.level));
  // contrib's line chart draws two pixels above where a value belongs and clips the top, so the top needs room.
  const span = Math.max(0.5, hi - lo);
  return {
    title: ctx.t.chart(row.name, hours),
    levelTitle: `${ctx.t.level} ${row.levelText}`,
    x,
    y,
    minY: Math.floor((lo - span * 0.1) * 10) / 10,
    maxY: Math.ceil((hi + span * 0.35) * 10) / 10,
    lines: shown,
  };
}
