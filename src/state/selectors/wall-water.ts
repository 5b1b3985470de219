import { formatLevel, NO_VALUE } from '../../domain/format.js';
import type { LineKey } from '../../domain/station-lines.js';
import type { StationFeed } from '../../protocol/index.js';
import { stationRainfall } from './rainfall.js';
import type { StationRow } from './stations.js';
import { lineMark, type WallLine, wallLines } from './wall-lines.js';
import type { WallTone } from './wall-tone.js';
import { type ChartContext, type StationChart, stationChart } from './wall-trend.js';
import type { WallLang, WallWords } from './wall-words.js';

/** One station tile: a text line, a gauge between its lowest and highest lines, and its 24-hour chart. */
export type StationTile = {
  code: string;
  name: string;
  tone: WallTone;
  word: string;
  /**
   * How far the level is from the line its word names, signed ("近设计" -0.38m: 设计洪水位 is 0.38 m above), so the
   * word is never read with another line's figure (issue 20.2); none when the word names no line, or names the
   * next line, whose distance the tile gives anyway.
   */
  wordFigure: string | undefined;
  isStale: boolean;
  /** Level, rate, the next line and the time to reach it, the reading's age: one line of text. */
  detail: string;
  /**
   * The same pieces, each with what it gives up on a narrow tile (issue 20.1): the rising-fast word first, then
   * the reading's age (its clock time stays), then the rate; the level and the distance and time to the next
   * line are never cut.
   */
  detailParts: { text: string; short?: string; shortAt?: number; dropAt?: number }[];
  /** Which way the level is going, for the big arrow beside it: a rate within ±1 cm/h is steady. */
  trend: 'up' | 'down' | 'steady' | undefined;
  gauge: { low: number; high: number; lowText: string; highText: string; level: number | undefined };
  lines: WallLine[];
  chart: StationChart | undefined;
};

/** What a tile needs besides its station: the chart's context and the language of the line names. */
type TileContext = ChartContext & { lang: WallLang };

const CONDITION_TONE: Readonly<Record<StationRow['condition'], WallTone>> = {
  danger: 'danger',
  warning: 'warning',
  watch: 'watch',
  normal: 'ok',
  stale: 'stale',
  'no-data': 'stale',
};

function liveWord(row: StationRow, t: WallWords, line: WallLine | undefined): string {
  if (row.sensorFault) return t.words.fault;
  // A reservoir over its record but under 校核洪水位 is red for the record: the word says so.
  if (row.floodColour === 'red' && line?.key === 'historicalMax') return t.words.river.red;
  if (row.floodColour !== 'none') return t.words[row.kind][row.floodColour];
  return row.riseAlarm ? t.words.fast : t.words.normal;
}

// A stale station says so first, then what it last showed: "过期·超警戒", never the bare colour word.
function stationWord(row: StationRow, t: WallWords, line: WallLine | undefined): string {
  if (row.condition === 'no-data') return t.words.noData;
  if (row.condition === 'stale') return `${t.words.stale}·${liveWord(row, t, line)}`;
  return liveWord(row, t, line);
}

/** The lines each colour word names, the first that applies (a reservoir is red at 校核 or at its record). */
const WORD_LINES: Readonly<
  Record<'river' | 'reservoir', Record<'blue' | 'yellow' | 'orange' | 'red', LineKey[]>>
> = {
  river: { blue: ['warning'], yellow: ['warning'], orange: ['guarantee'], red: ['historicalMax'] },
  reservoir: {
    blue: ['floodLimit'],
    yellow: ['floodLimit', 'floodHigh', 'normal'],
    orange: ['designFlood'],
    red: ['checkFlood', 'historicalMax'],
  },
};

// The line the colour word names: the first of its lines the level has reached ("over"), or, for a word that says
// "near", its one line.
function wordLine(row: StationRow, lines: WallLine[]): WallLine | undefined {
  if (row.sensorFault || row.floodColour === 'none' || row.level === undefined) return undefined;
  const keys = WORD_LINES[row.kind][row.floodColour];
  const candidates = keys.flatMap((k) => lines.filter((l) => l.key === k));
  const level = row.level;
  return candidates.find((l) => level >= l.level - 1e-6) ?? candidates[0];
}

function wordFigure(row: StationRow, line: WallLine | undefined, t: WallWords): string | undefined {
  if (!line || row.level === undefined || row.nextLine?.key === line.key) return undefined;
  const diff = row.level - line.level;
  return t.wordFigure(`${diff >= 0 ? '+' : '-'}${formatLevel(Math.abs(diff))}`);
}

// The last known danger keeps its colour when the feed goes quiet; only a last "normal" turns grey.
function stationTone(row: StationRow): WallTone {
  if (row.condition === 'stale' && row.lastCondition !== undefined && row.lastCondition !== 'normal')
    return CONDITION_TONE[row.lastCondition];
  return CONDITION_TONE[row.condition];
}

/** The tile of one station; `feed` is undefined until the station's readings arrive. */
export function stationTile(row: StationRow, feed: StationFeed | undefined, ctx: TileContext): StationTile {
  const { t, lang } = ctx;
  const lines = feed ? wallLines(feed, row, lang) : [];
  const line = wordLine(row, lines);
  const next = row.nextLine;
  const toLine = next
    ? t.toLine(
        next.label,
        formatLevel(Math.abs(next.distance)),
        row.timeToNextLineMs === undefined ? undefined : row.timeToNextLineText,
      )
    : row.level === undefined
      ? ''
      : t.aboveAll;
  const clock = row.observedAt === undefined ? undefined : ctx.clock(row.observedAt).slice(0, 5);
  const when =
    clock === undefined
      ? { text: t.ago(row.ageText) }
      : row.stale
        ? {
            text: t.lastAt(clock, row.ageText),
            short: t
              .lastAt(clock, '')
              .replace(/[（(].*$/, '')
              .trim(),
            shortAt: 2,
          }
        : { text: `${clock} ${t.ago(row.ageText)}`, short: clock, shortAt: 2 };
  const detailParts: StationTile['detailParts'] = [
    { text: row.level === undefined ? NO_VALUE : `${row.levelText} m` },
    { text: row.rateText, dropAt: 3 },
    when,
    { text: row.riseAlarm && row.floodColour !== 'none' ? t.words.fast : '', dropAt: 1 },
    // On a narrow tile the line is named by its gauge mark ("0.24 m to HM"), which the legend spells out.
    next
      ? {
          text: toLine,
          short: t.toLine(
            lineMark(next.key, lang),
            formatLevel(Math.abs(next.distance)),
            row.timeToNextLineMs === undefined ? undefined : row.timeToNextLineText,
          ),
          shortAt: 4,
        }
      : { text: toLine },
    ...rainPart(feed, ctx),
  ].filter((part) => part.text !== '');
  const detail = detailParts.map((p) => p.text).join('  ');
  const trend =
    row.rate === undefined ? undefined : row.rate > 0.01 ? 'up' : row.rate < -0.01 ? 'down' : 'steady';
  return {
    code: row.code,
    name: row.name,
    tone: stationTone(row),
    word: stationWord(row, t, line),
    wordFigure: wordFigure(row, line, t),
    isStale: row.stale,
    detail,
    detailParts,
    trend,
    gauge: gaugeRange(feed, row),
    lines,
    chart: feed ? stationChart(feed, row, lines, ctx) : undefined,
  };
}

// Rain where the station reports it (issue 20.4): shortened before anything else, given up last, once the next line is named by its mark.
function rainPart(feed: StationFeed | undefined, { t, clock }: TileContext): StationTile['detailParts'] {
  const rain = feed ? stationRainfall(feed.history) : undefined;
  if (!rain) return [];
  const hour = rain.lastHour.toFixed(1);
  const total = rain.total.toFixed(1);
  const span = rain.isWholeDay ? '24h' : t.rainSince(clock(rain.since).slice(0, 5));
  return [{ text: t.rain(hour, span, total), short: t.rainShort(hour, total), shortAt: 0.5, dropAt: 4.5 }];
}

// A reservoir spans 死水位 to 坝顶; a river has no low line, so the span below 警戒 mirrors the span above it.
function gaugeRange(feed: StationFeed | undefined, row: StationRow): StationTile['gauge'] {
  let low = row.level ?? 0;
  let high = low + 1;
  if (feed?.reservoir) {
    low = feed.reservoir.deadLevel;
    high = feed.reservoir.damCrest;
  } else if (feed?.gauge) {
    const g = feed.gauge;
    high = Math.max(g.historicalMax ?? g.guaranteeLevel, g.guaranteeLevel);
    low = g.warningLevel - (high - g.warningLevel);
  }
  return { low, high, lowText: formatLevel(low), highText: formatLevel(high), level: row.level };
}
