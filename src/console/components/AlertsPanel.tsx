import type { AlertRow } from '../../state/selectors/alerts.js';
import type { Cell, ColumnSpec } from '../columns.js';
import { useConsoleLook } from '../console-context.js';
import type { Strings } from '../strings.js';
import type { Theme, Tone } from '../theme.js';
import { type DataPanelProps, headersOf, TablePanel } from './TablePanel.js';

type Key = 'sev' | 'id' | 'title' | 'state' | 'age' | 'rung' | 'next';

const COLUMNS: readonly ColumnSpec<Key>[] = [
  { key: 'sev', width: 6 },
  { key: 'id', width: 4, align: 'right' },
  { key: 'title', width: 16, isFlex: true },
  { key: 'state', width: 10 },
  { key: 'age', width: 5, align: 'right', drop: 2 },
  { key: 'rung', width: 18, drop: 3 },
  { key: 'next', width: 5, align: 'right', drop: 1 },
];

/** The state word of an alert row, with the tone it is drawn in. */
export function alertStateCell(row: AlertRow, s: Strings): Cell {
  if (row.state === 'closed') return { text: s.state.closed, tone: 'muted' };
  if (row.snooze) return { text: `${s.state.snoozed} ${row.snooze.untilText.slice(0, 5)}`, tone: 'muted' };
  if (row.isInhibited) return { text: s.state.inhibited, tone: 'muted' };
  if (row.state === 'acknowledged') {
    return row.hasNewData
      ? { text: `${s.state.acknowledged} ${s.newData}`, tone: 'warning', isBold: true }
      : { text: `${s.state.acknowledged} ${row.ack?.byName ?? ''}`, tone: 'ok' };
  }
  return { text: s.state.triggered, tone: 'critical', isBold: true };
}

/** The severity as glyph and word, never colour alone. */
export function severityCell(row: AlertRow, s: Strings, theme: Theme): Cell {
  const tone: Tone =
    row.severity === 'critical' ? 'critical' : row.severity === 'warning' ? 'warning' : 'info';
  return {
    text: `${theme.glyphs.severity[row.severity]} ${s.severity[row.severity]}`,
    tone,
    isBold: row.isActive,
  };
}

/**
 * The time to the next rung as it can honestly be said: never negative (a late tick says "due"), and nothing
 * while the data is frozen, since nothing escalates while the collector is unreachable.
 */
export function countdownText(row: AlertRow, s: Strings, isFrozen: boolean): string {
  if (row.nextEscalationIn === null) return '';
  if (isFrozen) return '--';
  return row.nextEscalationIn <= 0 ? s.due : row.nextEscalationText;
}

/** Alerts, worst first: severity, state, how long open, the rung it is on and the time to the next one. */
export function AlertsPanel(props: DataPanelProps<AlertRow>) {
  const { strings: s, theme } = useConsoleLook();
  const active = props.rows.filter((r) => r.isActive).length;
  const open = props.rows.filter((r) => r.state !== 'closed').length;
  return (
    <TablePanel
      {...props}
      title={s.panels.alerts}
      summary={`${s.state.triggered} ${active} / ${open}`}
      columns={COLUMNS}
      headers={{ ...headersOf(['sev', 'title', 'state', 'age', 'rung', 'next'], s.columns.alerts), id: '#' }}
      rowKey={(r) => String(r.id)}
      isRowDim={(r) => r.state === 'closed'}
      cells={(r) => ({
        sev: severityCell(r, s, theme),
        id: { text: `#${r.id}` },
        title: { text: r.title, isBold: r.isAtMyRung },
        state: alertStateCell(r, s),
        age: { text: r.ageText, tone: 'muted' },
        rung: { text: r.rungText },
        next: { text: r.isActive ? countdownText(r, s, props.stale !== undefined) : '', tone: 'warning' },
      })}
    />
  );
}
