import type { StationRow } from '../../state/selectors/stations.js';
import type { Cell, ColumnSpec } from '../columns.js';
import { useConsoleLook } from '../console-context.js';
import { sparkline } from '../sparkline.js';
import type { Strings } from '../strings.js';
import type { Theme } from '../theme.js';
import { type DataPanelProps, headersOf, TablePanel } from './TablePanel.js';

type Key = 'name' | 'level' | 'rate' | 'flood' | 'line' | 'eta' | 'spark' | 'age';

const SPARK_WIDTH = 8;

function columns(showSparklines: boolean): ColumnSpec<Key>[] {
  return [
    { key: 'name', width: 10, isFlex: true },
    { key: 'level', width: 6, align: 'right' },
    { key: 'rate', width: 9, align: 'right' },
    { key: 'flood', width: 11 },
    { key: 'line', width: 14, drop: 2 },
    { key: 'eta', width: 6, align: 'right', drop: 3 },
    ...(showSparklines ? [{ key: 'spark' as const, width: SPARK_WIDTH, drop: 4 }] : []),
    { key: 'age', width: 9, align: 'right', drop: 1 },
  ];
}

/** The flood colour as glyph and word (never colour alone), or the reason there is none. */
export function floodCell(row: StationRow, s: Strings, theme: Theme): Cell {
  if (row.condition === 'no-data') return { text: `${theme.glyphs.stale} ${s.noData}`, tone: 'muted' };
  const word = s.flood[row.floodColour];
  // Stale first, then the last known colour in its own tone: the danger stays visible, never read as current.
  if (row.stale) {
    return {
      text: `${theme.glyphs.stale} ${s.stale}·${word}`,
      tone: row.floodColour,
      isBold: row.floodColour === 'orange' || row.floodColour === 'red',
    };
  }
  return {
    text: `${theme.glyphs.flood[row.floodColour]} ${word}`,
    tone: row.floodColour,
    isBold: row.floodColour === 'orange' || row.floodColour === 'red',
  };
}

/** The reading's age, or that it is stale (a stale station is never shown as normal). */
export function ageCell(row: StationRow, s: Strings): Cell {
  if (row.sensorFault) return { text: `${s.sensorFault} ${row.ageText}`, tone: 'warning', isBold: true };
  if (row.suspect) return { text: `${s.suspect}${row.suspect.levelText}`, tone: 'warning', isBold: true };
  if (row.stale) return { text: `${s.stale} ${row.ageText}`, tone: 'warning', isBold: true };
  return { text: row.ageText, tone: 'muted' };
}

/** Water stations, worst first: level, rate of rise, flood colour, the next line and the time to reach it. */
export function WaterPanel(props: DataPanelProps<StationRow>) {
  const { strings: s, theme } = useConsoleLook();
  const warned = props.rows.filter((r) => r.condition === 'warning' || r.condition === 'danger').length;
  const stale = props.rows.filter((r) => r.stale).length;
  return (
    <TablePanel
      {...props}
      title={s.panels.water}
      summary={`${s.flood.yellow}+ ${warned} · ${s.stale} ${stale} / ${props.rows.length}`}
      columns={columns(props.showSparklines)}
      headers={headersOf(['name', 'level', 'rate', 'flood', 'line', 'eta', 'spark', 'age'], s.columns.water)}
      rowKey={(r) => r.code}
      // Dimmed only where nothing was wrong: a stale danger stays as loud as it was.
      isRowDim={(r) => r.stale && r.floodColour === 'none'}
      cells={(r) => ({
        name: { text: r.name },
        level: { text: r.levelText, isBold: r.condition === 'danger' },
        rate: { text: r.rateText, tone: r.riseAlarm ? 'critical' : undefined, isBold: r.riseAlarm },
        flood: floodCell(r, s, theme),
        line: { text: r.nextLine ? `${r.nextLine.distanceText} ${s.lineShort[r.nextLine.key]}` : '--' },
        eta: { text: r.timeToNextLineText, tone: r.timeToNextLineMs !== undefined ? 'warning' : 'muted' },
        spark: { text: sparkline(r.sparkline, SPARK_WIDTH, theme.glyphs.spark), tone: 'accent' },
        age: ageCell(r, s),
      })}
    />
  );
}
