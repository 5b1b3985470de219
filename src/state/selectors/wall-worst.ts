import { formatLevel, NO_VALUE } from '../../domain/format.js';
import type { AlertFeed } from '../../protocol/index.js';
import type { ForcesView } from './forces.js';
import type { StationRow } from './stations.js';
import type { WallSummary } from './wall-summary.js';
import type { WallTone } from './wall-tone.js';
import type { StationTile } from './wall-water.js';
import type { WallWords } from './wall-words.js';

/**
 * One figure of the worst-state line: a caption in small type (parts in order of importance, so a narrow wall
 * drops whole parts from the end rather than cutting a number in two), the figure in big ASCII type, a tone.
 */
export type WorstSegment = {
  key: string;
  caption: string[];
  /** A shorter form of some caption parts, by index, for when the part itself does not fit. */
  captionShort?: (string | undefined)[];
  figure: string;
  tone: WallTone;
};

/**
 * The incidents, alerts and stock figures of the worst-state line.
 *
 * Before the first snapshot every count is unknown: '--' in the stale tone, never a reassuring zero.
 */
export function worstCounts(
  summary: WallSummary,
  alerts: { triggered: AlertFeed[]; acked: number; risky: number },
  t: WallWords,
  hasData: boolean,
): WorstSegment[] {
  const n = (x: number) => (hasData ? String(x) : NO_VALUE);
  const known = (tone: WallTone): WallTone => (hasData ? tone : 'stale');
  const { triggered } = alerts;
  return [
    {
      key: 'incidents',
      caption: t.worstIncidents(n(summary.seriousIncidents), n(summary.openIncidents), n(alerts.risky)),
      figure: n(summary.seriousIncidents),
      // The tone belongs to the big figure (较大 and above): a glyph on a zero would say danger where there is none.
      tone: known(summary.seriousIncidents > 0 ? 'danger' : 'ok'),
    },
    {
      key: 'alerts',
      caption: t.worstAlerts(n(triggered.length), n(alerts.acked)),
      figure: n(triggered.length),
      tone: known(
        triggered.some((a) => a.severity === 'critical') ? 'danger' : triggered.length > 0 ? 'warning' : 'ok',
      ),
    },
    {
      key: 'stock',
      caption: t.worstStock(n(summary.shortfalls), n(summary.criticalShortfalls)),
      figure: n(summary.shortfalls),
      tone: known(summary.criticalShortfalls > 0 ? 'danger' : summary.shortfalls > 0 ? 'warning' : 'ok'),
    },
  ];
}

/** The water figure of the worst-state line: the station most in need of eyes, against the line it is reported on. */
export function worstWater(
  tile: StationTile | undefined,
  row: StationRow | undefined,
  t: WallWords,
): WorstSegment {
  if (!tile || !row) return { key: 'water', caption: [t.noStations], figure: NO_VALUE, tone: 'stale' };
  // The reservoir's level is read against today's 汛限, a river's against 警戒: the lines the bureau reports on.
  const ref =
    row.floodLimit !== undefined
      ? {
          title: tile.lines.find((l) => l.level === row.floodLimit?.level)?.short,
          level: row.floodLimit.level,
        }
      : row.kind === 'river'
        ? { title: tile.lines[0]?.short, level: tile.lines[0]?.level }
        : {
            title: tile.lines.find((l) => l.level === row.nextLine?.level)?.short,
            level: row.nextLine?.level,
          };
  const hasRef = row.level !== undefined && ref.level !== undefined && ref.title !== undefined;
  const diff = hasRef ? (row.level as number) - (ref.level as number) : 0;
  const signed = `${diff > 0 ? '+' : ''}${formatLevel(diff)}`;
  const [nameWord = '', levelRef = ''] = t.worstWater(
    tile.name,
    tile.word,
    row.levelText,
    hasRef ? t.ref(ref.title as string, formatLevel(ref.level)) : '',
  );
  // Parts in order of importance, each dropped whole from the end where room is short (issue 20.2): the word and
  // then its own line's figure ("近设计  -0.38m"); the level against the line the big figure is read against
  // ("54.62/汛限51.50", or the level alone); how far over that line.
  const parts = [
    { text: nameWord },
    { text: tile.wordFigure ?? '' },
    hasRef ? { text: levelRef, short: t.worstLevel(row.levelText) } : { text: t.worstLevel(row.levelText) },
    { text: hasRef ? signed : '' },
  ].filter((p) => p.text !== '');
  return {
    key: 'water',
    caption: parts.map((p) => p.text),
    captionShort: parts.map((p) => p.short),
    figure: hasRef ? `${row.levelText}/${formatLevel(ref.level)}` : row.levelText,
    tone: tile.tone,
  };
}

/**
 * The rescue forces of the worst-state line: people ready now and people out (在岗 N · 出动 M), or nothing
 * when the county configures no teams. Never heard from is stale, not zero; some teams stale is a watch.
 */
export function worstForces(totals: ForcesView['totals'], t: WallWords, hasData: boolean): WorstSegment[] {
  if (hasData && totals.teams === 0) return [];
  const known = hasData && totals.reported > 0;
  const n = (x: number) => (known ? String(x) : NO_VALUE);
  return [
    {
      key: 'forces',
      caption: t.worstForces(n(totals.available), n(totals.dispatched), known ? totals.staleTeams : 0),
      // The big figure is the people out (what changes in a night); the caption gives both.
      figure: n(totals.dispatched),
      tone: !known ? 'stale' : totals.staleTeams > 0 ? 'watch' : 'ok',
    },
  ];
}
